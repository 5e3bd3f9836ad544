import { z } from 'zod';
import { ConfigError } from '../../src/core/errors.js';

/** How Slack reaches us: signed HTTP requests (Events API) or a Socket Mode WebSocket. */
export type SlackMode = 'http' | 'socket';

export interface SlackConfig {
  mode: SlackMode;
  botToken: string;
  /** HTTP mode only: Slack signs every request with it. */
  signingSecret?: string;
  /** Socket Mode only: the app-level token that opens the WebSocket. */
  appToken?: string;
  /** HTTP mode: where the receiver listens (Slack's Request URL points here). */
  port: number;
  /** Web API base URL, ending in `/`; GovSlack and Enterprise Grid deployments change it. */
  apiUrl: string;
}

const text = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  SLACK_BOT_TOKEN: text.refine((v) => v === undefined || v.startsWith('xoxb-'), 'expected a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: text,
  SLACK_APP_TOKEN: text.refine((v) => v === undefined || v.startsWith('xapp-'), 'expected an app-level token starting with xapp-'),
  PORT: z.coerce.number({ error: 'expected a port number' }).int('expected a port number').min(0, 'expected a port number').max(65535, 'expected a port number').default(3000),
  SLACK_API_URL: text.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'expected an http(s) URL such as https://slack.com/api/'),
});

// Tokens and secrets are never repeated in an error message.
const SHOWN = new Set(['PORT', 'SLACK_API_URL']);

/** True when the environment asks for Slack at all (main picks the adapter with it). */
export function wantsSlack(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.SLACK_BOT_TOKEN?.trim());
}

/**
 * Reads the Slack variables; every problem names its variable. Socket Mode is chosen by the
 * presence of SLACK_APP_TOKEN, otherwise HTTP mode, which needs the signing secret.
 */
export function loadSlackConfig(env: NodeJS.ProcessEnv = process.env): SlackConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = env[name];
        return `${name}: ${issue.message}${SHOWN.has(name) && value !== undefined ? `, got "${value}"` : ''}`;
      }),
    );
  }
  const c = result.data;
  const problems: string[] = [];
  if (!c.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: required for Slack (the Bot User OAuth Token, xoxb-...)');
  const mode: SlackMode = c.SLACK_APP_TOKEN ? 'socket' : 'http';
  if (mode === 'http' && !c.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const apiUrl = c.SLACK_API_URL ?? 'https://slack.com/api/';
  return {
    mode,
    botToken: c.SLACK_BOT_TOKEN as string,
    signingSecret: c.SLACK_SIGNING_SECRET,
    appToken: c.SLACK_APP_TOKEN,
    port: c.PORT,
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
  };
}
