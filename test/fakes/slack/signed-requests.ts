import { createHmac } from 'node:crypto';
import { TEAM_ID } from './fake-web-api.js';

export const SIGNING_SECRET = 'test-signing-secret';

/** Slack's request signature: v0= HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function signatureHeaders(body: string, options: { secret?: string; timestamp?: number } = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}

export interface SignedPost {
  contentType: 'form' | 'json';
  body: string;
}

export interface PostOptions {
  secret?: string;
  timestamp?: number;
  /** Slack sets these on a redelivery. */
  retryNum?: number;
  retryReason?: string;
  /** Replace the signature outright (a forgery). */
  signature?: string;
  /** A receiver that never answers fails the test rather than hanging it. */
  timeoutMs?: number;
}

/** POSTs a request to the Bolt receiver exactly as Slack does. */
export async function postSigned(url: string, request: SignedPost, options: PostOptions = {}): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = {
    'content-type': request.contentType === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    ...signatureHeaders(request.body, options),
  };
  if (options.signature) headers['x-slack-signature'] = options.signature;
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body: request.body, signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
  return { status: response.status, body: await response.text() };
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++counter).toString(36)}`;

export interface Who {
  user: string;
  team?: string;
  channel?: string;
}

export function slashCommand(who: Who, text: string, responseUrl: string, triggerId = nextId('trig.')): SignedPost {
  const fields = {
    token: 'legacy-verification-token',
    team_id: who.team ?? TEAM_ID,
    team_domain: 'test',
    channel_id: who.channel ?? 'C_GENERAL',
    channel_name: who.channel?.startsWith('D') ? 'directmessage' : 'general',
    user_id: who.user,
    user_name: who.user.toLowerCase(),
    command: '/mentor',
    text,
    api_app_id: 'A_TEST',
    response_url: responseUrl,
    trigger_id: triggerId,
  };
  return { contentType: 'form', body: new URLSearchParams(fields).toString() };
}

/** An interaction (block_actions, view_submission) is a form field `payload` holding JSON. */
export function interaction(payload: Record<string, unknown>): SignedPost {
  return { contentType: 'form', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

export interface ClickedMessage {
  ts: string;
  text?: string;
  blocks: Record<string, unknown>[];
}

/** A click on an element of a message the bot posted. */
export function blockAction(
  who: Who,
  action: Record<string, unknown> & { block_id: string; action_id: string },
  options: { message?: ClickedMessage; responseUrl?: string; ephemeral?: boolean; state?: Record<string, unknown>; triggerId?: string } = {},
): SignedPost {
  const channel = who.channel ?? 'D_' + who.user;
  return interaction({
    type: 'block_actions',
    team: { id: who.team ?? TEAM_ID, domain: 'test' },
    user: { id: who.user, username: who.user.toLowerCase(), name: who.user.toLowerCase(), team_id: who.team ?? TEAM_ID },
    api_app_id: 'A_TEST',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: options.message?.ts ?? '1.0', channel_id: channel, is_ephemeral: options.ephemeral ?? false },
    trigger_id: options.triggerId ?? nextId('trig.'),
    channel: { id: channel, name: 'directmessage' },
    ...(options.message && !options.ephemeral ? { message: { type: 'message', user: 'U_BOT', ...options.message } } : {}),
    ...(options.state ? { state: { values: options.state } } : {}),
    response_url: options.responseUrl,
    actions: [{ action_ts: String(Date.now() / 1000), ...action }],
  });
}

export function viewSubmission(
  who: Who,
  view: { id: string; hash?: string; callback_id: string; private_metadata?: string; blocks: Record<string, unknown>[] },
  values: Record<string, string>,
): SignedPost {
  const state = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: { type: 'plain_text_input', value: v } }]));
  return interaction({
    type: 'view_submission',
    team: { id: who.team ?? TEAM_ID, domain: 'test' },
    user: { id: who.user, username: who.user.toLowerCase(), name: who.user.toLowerCase(), team_id: who.team ?? TEAM_ID },
    api_app_id: 'A_TEST',
    token: 'legacy-verification-token',
    trigger_id: nextId('trig.'),
    view: { type: 'modal', team_id: who.team ?? TEAM_ID, hash: view.hash ?? nextId('h'), state: { values: state }, ...view },
  });
}

/** An Events API callback; the same event_id on a redelivery. */
export function eventCallback(event: Record<string, unknown>, eventId = nextId('Ev')): SignedPost {
  return {
    contentType: 'json',
    body: JSON.stringify({
      token: 'legacy-verification-token',
      team_id: TEAM_ID,
      api_app_id: 'A_TEST',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM_ID, user_id: 'U_BOT', is_bot: true }],
    }),
  };
}

export function directMessage(user: string, text: string, eventId?: string): SignedPost {
  return eventCallback({ type: 'message', channel: `D_${user}`, channel_type: 'im', user, text, ts: String(Date.now() / 1000), event_ts: String(Date.now() / 1000) }, eventId);
}
