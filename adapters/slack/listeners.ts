import type { App } from '@slack/bolt';
import type { Actor, DmChannels, InboundEvent, PlatformProfile, Reply } from '../../src/core/chat.js';
import type { Logger } from '../../src/core/logger.js';
import { renderText, type Message } from '../../src/core/render.js';
import { postToResponseUrl, type SlackApi } from './api.js';
import { slackCode } from './errors.js';
import {
  actionEvent,
  commandEvent,
  fieldErrors,
  formEvent,
  messageEvent,
  type BlockActionsPayload,
  type MessageImPayload,
  type ParsedAction,
  type SlashCommandPayload,
  type ViewSubmissionPayload,
} from './parse.js';
import { answeredBlocks, renderHome, renderModal, SECTION_ACTION_PREFIX, SLACK_SPANS, type Block } from './render.js';
import type { ProfileTimeZones } from './profile-time-zone.js';
import { decodeOrigin, encodeOrigin, safeHandle, type ReplyDelivery, type ReplyTarget } from './replies.js';

export interface SlackHost {
  handle(event: InboundEvent): Promise<Reply[]>;
  home(actor: Actor): Promise<Message>;
  /** Stores a person's profile time zone; false if the person is not known yet. Without it, profiles are not read. */
  recordProfile?(actor: Actor, profile: PlatformProfile): Promise<boolean>;
  /** Keeps DM conversation ids across restarts; without it they are kept in memory only. */
  dmChannels?: DmChannels;
}

/** A modal must be answered within Slack's 3 s; past this, it closes and answers arrive by DM. */
export const VIEW_ACK_BUDGET_MS = 2_500;

interface Deps {
  host: SlackHost;
  api: SlackApi;
  replies: ReplyDelivery;
  logger: Logger;
  command: string;
  /** Reads a person's profile time zone after their event is answered (when the host stores it). */
  profiles?: ProfileTimeZones;
}

type Ephemeral = Extract<Reply, { kind: 'ephemeral' }>;

/** A refusal (nothing changed): read from the reply's code, never from its wording. */
const refusalOf = (replies: Reply[]) => replies.find((r): r is Ephemeral => r.kind === 'ephemeral' && r.refused !== undefined);
/** The event changed nothing: refused, or failed on our side. */
const notTaken = (replies: Reply[]) => replies.some((r) => r.kind === 'ephemeral' && (r.refused !== undefined || r.error !== undefined));
/** A redelivery the core recognised: its first delivery answered, so this one says nothing. */
const isDuplicate = (replies: Reply[]) => replies.some((r) => r.kind === 'duplicate');

/**
 * Wires Slack's inbound kinds to the core: ack first (Slack's 3 s), then handle, then reply.
 * Modal submissions are the exception: their validation errors must travel in the ack itself.
 */
export function registerListeners(app: App, deps: Deps): void {
  const { host, api, replies, logger } = deps;
  /** After an event is answered: its person's profile time zone, once per process. */
  const learn = async (actor: Actor) => deps.profiles?.learn(actor);

  app.command(deps.command, async ({ ack, command }) => {
    await ack();
    const c = command as unknown as SlashCommandPayload;
    const event = commandEvent(c);
    const out = await safeHandle(host, event, logger);
    await replies.deliver(out, { actor: event.actor, channel: c.channel_id, responseUrl: c.response_url, triggerId: c.trigger_id });
    await learn(event.actor);
  });

  app.event('message', async ({ event, body }) => {
    const parsed = messageEvent(body.team_id, body.event_id, event as unknown as MessageImPayload);
    if (!parsed) return;
    const out = await safeHandle(host, parsed, logger);
    await replies.deliver(out, { actor: parsed.actor, channel: (event as { channel: string }).channel, postInDm: true });
    await learn(parsed.actor);
  });

  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const actor: Actor = { platform: 'slack', workspace: body.team_id, user: event.user };
    try {
      const view = renderHome(await host.home(actor));
      await api.call('views.publish', { user_id: event.user, view });
    } catch (err) {
      logger.error({ code: slackCode(err), err }, 'slack: could not publish App Home');
    }
    await learn(actor);
  });

  app.action(/^prompt:/, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as BlockActionsPayload & RawAction;
    const parsed = actionEvent(b);
    if (!parsed) return;
    const out = await safeHandle(host, parsed.event, logger);
    if (isDuplicate(out)) return;
    // First answer wins: only an accepted answer replaces the controls; a refused one explains why.
    if (!notTaken(out)) await markAnswered(api, b, parsed, logger);
    const inDm = parsed.event.where.kind === 'dm' && !b.container?.is_ephemeral;
    await replies.deliver(out, { actor: parsed.event.actor, channel: b.channel?.id, responseUrl: inDm ? undefined : b.response_url, triggerId: b.trigger_id, postInDm: inDm });
    await learn(parsed.event.actor);
  });

  app.view(/.*/, async ({ ack, body }) => {
    const b = body as unknown as ViewSubmissionPayload & { view: { blocks?: { type: string; block_id?: string }[] } };
    const event = formEvent(b);
    const origin = decodeOrigin(b.view.private_metadata);
    const fields = (b.view.blocks ?? []).filter((x) => x.type === 'input' && x.block_id).map((x) => x.block_id as string);
    const target: ReplyTarget = { actor: event.actor, channel: origin.channel, responseUrl: origin.responseUrl };
    const handling = safeHandle(host, event, logger);
    const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), VIEW_ACK_BUDGET_MS).unref());
    const early = await Promise.race([handling, timer]);
    try {
      if (early !== null && isDuplicate(early)) {
        // A double submit of the same view: the first closed (or updated) the modal already.
        await ack();
        return;
      }
      if (early === null) {
        // Too slow for the modal: close it, and the answer (even a refusal) arrives as a message.
        await ack();
        await replies.deliver(await handling, target);
        return;
      }
      // Only a refusal keeps the modal open; its wording may name the field it is about.
      const refusal = refusalOf(early);
      if (refusal) {
        await ack({ response_action: 'errors', errors: fieldErrors(fields, renderText(refusal.message.text, SLACK_SPANS), refusal.field) });
        return;
      }
      const next = early.find((r) => r.kind === 'form');
      if (next?.kind === 'form') await ack({ response_action: 'update', view: renderModal(next.form, encodeOrigin(target)) });
      else await ack();
      await replies.deliver(early.filter((r) => r !== next), target);
    } finally {
      await learn(event.actor);
    }
  });

  app.error(async (error) => {
    // The whole error, through the logger's serializer: its message may quote a failed query.
    logger.error({ code: error.code, err: error }, 'slack: bolt error');
  });
}

interface RawAction {
  response_url?: string;
  container?: { is_ephemeral?: boolean; message_ts?: string; channel_id?: string };
  message?: { ts: string; text?: string; blocks?: Block[] };
}

/** Replaces the prompt's controls with who answered what (chat.update, or in place if ephemeral). */
async function markAnswered(api: SlackApi, body: RawAction & BlockActionsPayload, parsed: ParsedAction, logger: Logger): Promise<void> {
  // Slack does not send an ephemeral message back with a click: replacing it whole would drop
  // the other sections' buttons, so a section's buttons there stay (the flow answers again).
  if (!body.message && body.actions[0]?.action_id.startsWith(SECTION_ACTION_PREFIX)) return;
  const blocks = answeredBlocks(body.message?.blocks, parsed.event.promptId, parsed.event.actor.user, parsed.label);
  const text = body.message?.text || `Answered: ${parsed.label}`;
  try {
    if (body.container?.is_ephemeral || !body.message) {
      if (body.response_url) await postToResponseUrl(body.response_url, { replace_original: true, text, blocks });
    } else if (body.channel?.id) {
      await api.call('chat.update', { channel: body.channel.id, ts: body.message.ts, text, blocks });
    }
  } catch (err) {
    // The answer is recorded; a stale button is cosmetic, and clicking it again says so.
    logger.warn({ code: slackCode(err) }, 'slack: could not mark the prompt answered');
  }
}
