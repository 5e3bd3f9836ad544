import { z } from 'zod';

const SNOWFLAKE = /^\d{17,20}$/;

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const snowflake = (what: string) =>
  optional.refine((v) => v === undefined || SNOWFLAKE.test(v), `expected a Discord ${what} id (17 to 20 digits)`);

const schema = z
  .object({
    DISCORD_TOKEN: optional,
    DISCORD_APPLICATION_ID: snowflake('application'),
    DISCORD_GUILD_ID: snowflake('server (guild)'),
    DISCORD_API_URL: optional.refine(
      (v) => v === undefined || /^https?:\/\/[^/]+/.test(v),
      'expected an http(s) URL such as https://discord.com/api',
    ),
    DISCORD_CATEGORY: optional.refine((v) => v === undefined || v.length <= 100, 'at most 100 characters'),
    DISCORD_NOTICE_CHANNEL_ID: snowflake('channel'),
  })
  .superRefine((env, ctx) => {
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'required when DISCORD_TOKEN is set' });
    }
  });

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** The one server this bot serves; also the workspace of DMs, which carry no server id. */
  guildId?: string;
  /** REST base, e.g. `https://discord.com/api` (the default) or a proxy; no version suffix. */
  apiUrl?: string;
  /** The category pair channels are created under (created on first use). */
  category: string;
  /** Where a private thread tells someone their DMs are closed, when no interaction is open. */
  noticeChannelId?: string;
}

export class DiscordConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid Discord configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DiscordConfigError';
  }
}

/**
 * The Discord settings, or null when DISCORD_TOKEN is unset (the bot then runs without
 * Discord). Errors name the variable; the token is never echoed back.
 */
export function loadDiscordConfig(env: NodeJS.ProcessEnv = process.env): DiscordConfig | null {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new DiscordConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = name === 'DISCORD_TOKEN' ? undefined : env[name];
        return `${name}: ${issue.message}${value ? `, got "${value}"` : ''}`;
      }),
    );
  }
  const c = result.data;
  if (!c.DISCORD_TOKEN) return null;
  return {
    token: c.DISCORD_TOKEN,
    applicationId: c.DISCORD_APPLICATION_ID as string,
    guildId: c.DISCORD_GUILD_ID,
    apiUrl: c.DISCORD_API_URL?.replace(/\/+$/, ''),
    category: c.DISCORD_CATEGORY ?? 'Mentoring',
    noticeChannelId: c.DISCORD_NOTICE_CHANNEL_ID,
  };
}
