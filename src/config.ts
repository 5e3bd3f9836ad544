import { z } from 'zod';
import cron from 'node-cron';
import { ConfigError } from './core/errors.js';

export { ConfigError };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

// Values of these are never repeated in an error: a URL may carry a password.
const SECRET = new Set(['DATABASE_URL']);

const envSchema = z.object({
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
    'expected a postgres:// or postgresql:// URL',
  ),
  DATA_DIR: optionalText.default('./data'),
  /** The terminal saves files sent to people (exports) here, relative to the working directory. */
  EXPORT_DIR: optionalText.default('./exports'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  PROGRAM_FILE: optionalText
    .default('examples/workplace.yaml')
    .transform((v) => (v ?? 'examples/workplace.yaml').split(',').map((p) => p.trim()).filter(Boolean)),
  TZ: optionalText.default('UTC').refine((v) => isTimeZone(v ?? 'UTC'), 'expected an IANA time zone such as Europe/London'),
  SCHEDULE: optionalText
    .default('* * * * *')
    .refine((v) => cron.validate(v ?? ''), 'expected a cron expression such as "* * * * *"'),
  OUTBOX_WORKERS: z.coerce.number({ error: 'expected a whole number' }).int().min(0).max(16).default(1),
  COORDINATORS: optionalText.transform((v) => (v ?? '').split(',').map((p) => p.trim()).filter(Boolean)),
});

export type Config = Omit<z.infer<typeof envSchema>, 'DATA_DIR' | 'EXPORT_DIR' | 'TZ' | 'SCHEDULE'> & {
  DATA_DIR: string;
  EXPORT_DIR: string;
  TZ: string;
  SCHEDULE: string;
};

/** Parses the environment once. Secrets are never echoed back in the error text. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = env[name];
        const got = value !== undefined && !SECRET.has(name) ? `, got "${value}"` : '';
        return `${name}: ${issue.message}${got}`;
      }),
    );
  }
  const c = result.data;
  return { ...c, DATA_DIR: c.DATA_DIR ?? './data', EXPORT_DIR: c.EXPORT_DIR ?? './exports', TZ: c.TZ ?? 'UTC', SCHEDULE: c.SCHEDULE ?? '* * * * *' };
}
