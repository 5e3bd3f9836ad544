import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../src/core/errors.js';

/**
 * What each Slack error means to the person or coordinator who reads it. These are the
 * failures that retrying cannot fix: the outbox marks them permanent and alerts a coordinator.
 */
const PERMANENT: Record<string, string> = {
  channel_not_found: 'Slack could not find that channel: it may have been deleted, or the bot was never added to it.',
  not_in_channel: 'The bot is not a member of that channel: invite it with `/invite @mentorbot` and try again.',
  is_archived: 'That channel is archived, so nothing can be posted there.',
  user_not_found: 'Slack could not find that person: they may have left the workspace.',
  users_not_found: 'Slack could not find one of those people: they may have left the workspace.',
  user_disabled: 'That person’s Slack account is deactivated.',
  account_inactive: 'The bot’s Slack token is no longer active: reinstall the app.',
  cannot_dm_bot: 'That is a bot; it cannot be sent direct messages.',
  missing_scope: 'The Slack app is missing a permission it needs: reinstall it from adapters/slack/manifest.yaml.',
  not_allowed_token_type: 'The Slack token is of the wrong type: SLACK_BOT_TOKEN must be a bot token (xoxb-...).',
  invalid_auth: 'Slack rejected the bot token: check SLACK_BOT_TOKEN or reinstall the app.',
  not_authed: 'No Slack token was sent: check SLACK_BOT_TOKEN.',
  token_revoked: 'The bot token was revoked: reinstall the app.',
  restricted_action: 'A workspace admin policy does not allow the bot to do this.',
  invalid_blocks: 'Slack rejected the message layout (a bug on our side; the message was not sent).',
  msg_too_long: 'The message was too long for Slack.',
  name_taken: 'A channel with that name already exists.',
  invalid_name_specials: 'That channel name has characters Slack does not allow.',
  cant_invite_self: 'The bot cannot invite itself.',
  expired_trigger_id: 'The form took too long to open. Please try again.',
  invalid_trigger_id: 'The form could not be opened from here. Please run the command again.',
};

/** Slack's own words for these are enough for logs but not for people. */
export function describeSlackError(code: string): string {
  return PERMANENT[code] ?? `Slack answered "${code}".`;
}

/** Thrown by a 5xx or a network failure: worth another try later. */
const TRANSIENT_RETRY_MS = 30_000;

/**
 * Turns a Web API failure into the DeliveryError the outbox understands: a 429 (the client is
 * configured with rejectRateLimitedCalls) carries Retry-After; known codes are permanent.
 */
export function toDeliveryError(err: unknown, method: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError(`Slack rate-limited ${method}; retrying after ${err.retryAfter} s.`, {
      retryAfterMs: err.retryAfter * 1000,
      code: 'ratelimited',
    });
  }
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    if (code === 'ratelimited') {
      // An ok:false ratelimited without a header: Slack's tiers reset within a minute.
      return new DeliveryError(`Slack rate-limited ${method}.`, { retryAfterMs: 60_000, code });
    }
    const data = err.data as { needed?: unknown };
    const needed = code === 'missing_scope' && typeof data.needed === 'string' ? ` (needs ${data.needed})` : '';
    if (code in PERMANENT) {
      return new DeliveryError(`${describeSlackError(code)}${needed} [${method}: ${code}]`, { permanent: true, code });
    }
    return new DeliveryError(`Slack refused ${method}: ${code}.`, { code, retryAfterMs: TRANSIENT_RETRY_MS });
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    return new DeliveryError(`Slack answered HTTP ${err.statusCode} to ${method}.`, { code: `http_${err.statusCode}`, retryAfterMs: TRANSIENT_RETRY_MS });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError(`Could not reach Slack for ${method}: ${message}`, { code: 'request_failed', retryAfterMs: TRANSIENT_RETRY_MS });
}

/** The code of a Slack failure (after toDeliveryError), for branching on name_taken and the like. */
export function slackCode(err: unknown): string | undefined {
  if (err instanceof DeliveryError) return err.options.code;
  if (err instanceof webApi.WebAPIPlatformError) return err.data.error;
  return undefined;
}
