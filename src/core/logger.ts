import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Fields that may hold personal data: answers, names, message text, contact details.
 * Logs are for operating the bot, so these are censored wherever they appear (two levels deep).
 */
export const REDACTED_FIELDS = [
  'text',
  'answer',
  'answers',
  'values',
  'displayName',
  'name',
  'email',
  'args',
  'reason',
  'token',
  'authorization',
];

const redactPaths = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

export function createLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: redactPaths, censor: '[redacted]' },
      // Error messages stay (they are ours); error objects keep stack traces for debugging.
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination,
  );
}
