import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../src/core/errors.js';

/** Discord JSON error codes the bot meets in practice, with what a person can do about each. */
const KNOWN: Record<number, { code: string; text: string }> = {
  50007: {
    code: 'dm_closed',
    text: 'this person does not accept direct messages from the bot (their privacy settings block DMs from server members)',
  },
  50013: {
    code: 'missing_permissions',
    text: 'the bot lacks a permission it needs here (check its role: View Channel, Send Messages, Attach Files, Manage Channels, Manage Roles, Create Private Threads)',
  },
  50001: { code: 'missing_access', text: 'the bot cannot see that channel' },
  10003: { code: 'unknown_channel', text: 'that channel no longer exists' },
  10004: { code: 'unknown_guild', text: 'the bot is not in that server' },
  10007: { code: 'unknown_member', text: 'that person is not a member of the server' },
  10008: { code: 'unknown_message', text: 'that message no longer exists' },
  10013: { code: 'unknown_user', text: 'that Discord user does not exist' },
};

export function discordErrorCode(err: unknown): number | undefined {
  return err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined;
}

/** A sentence for people and logs; never the raw API error, which may quote the request. */
export function describeDiscordError(err: unknown): string {
  const known = KNOWN[discordErrorCode(err) ?? -1];
  if (known) return `Discord refused: ${known.text} (Discord error ${discordErrorCode(err)}).`;
  if (err instanceof RateLimitError) return `Discord is rate limiting the bot; retrying in ${Math.ceil(err.retryAfter / 1000)} s.`;
  if (err instanceof DiscordAPIError || err instanceof HTTPError) return `Discord answered ${err.status} to ${err.method} ${err.url.replace(/^.*\/v\d+/, '')}.`;
  return 'Discord could not be reached.';
}

/**
 * Turns whatever discord.js threw into the DeliveryError the outbox understands: rate limits
 * carry their wait, server-side trouble is retried, and refusals are permanent.
 */
export function toDeliveryError(err: unknown, what: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError) {
    return new DeliveryError(`${what}: ${describeDiscordError(err)}`, { retryAfterMs: Math.max(0, err.retryAfter), code: 'rate_limited' });
  }
  const code = discordErrorCode(err);
  const known = code === undefined ? undefined : KNOWN[code];
  if (known) return new DeliveryError(`${what}: ${describeDiscordError(err)}`, { permanent: true, code: known.code });
  const status = err instanceof DiscordAPIError || err instanceof HTTPError ? err.status : undefined;
  if (status !== undefined && status < 500 && status !== 408) {
    return new DeliveryError(`${what}: ${describeDiscordError(err)}`, { permanent: true, code: `discord_${code ?? status}` });
  }
  return new DeliveryError(`${what}: ${describeDiscordError(err)}`, { code: 'discord_unavailable' });
}

/** Waits no longer than this are left to @discordjs/rest's queue: the global limit's one-second window. */
export const QUEUED_RATE_LIMIT_MS = 1_000;

/**
 * Only the bot's own sends are ours to retry (interaction responses expire in seconds anyway),
 * and only when the wait is long: a worker's batch held for a second costs less than
 * rescheduling its rows, which left the global limit's windows part used (92% of 50 a second).
 */
export function rejectsOnRateLimit(route: string, retryAfterMs: number): boolean {
  return !route.startsWith('/interactions') && !route.startsWith('/webhooks') && retryAfterMs > QUEUED_RATE_LIMIT_MS;
}

/** Runs a send from the inbound path, waiting out a rate limit once instead of failing. */
export async function withRateLimitWait<T>(send: () => Promise<T>, maxWaitMs = 10_000): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (!(err instanceof RateLimitError) || err.retryAfter > maxWaitMs) throw err;
    await new Promise((resolve) => setTimeout(resolve, err.retryAfter));
    return send();
  }
}
