import type { MessageRef, Platform } from '../core/chat.js';
import type { Message } from '../core/render.js';
import { deliveryKind, type DeliveryContext, type DeliveryKind } from './delivery-kind.js';
import { DeliveryRegistry } from './delivery-registry.js';
import {
  channelArchivePayloadSchema,
  channelJoinPayloadSchema,
  channelLane,
  channelPayloadSchema,
  describeChannelArchive,
  describeChannelJoin,
  describeChannelPost,
  describeDm,
  dmLane,
  dmPayloadSchema,
  messageLane,
  updatePayloadSchema,
} from './outbox-payload.js';
import { recordPromptMessage } from './prompt-messages.js';

/**
 * Sends a message, records where a prompt landed, then sends each file into the same
 * conversation. The send and each file are steps: if recording or an upload fails, the retry
 * picks up after what was done instead of posting the message (or a file) again.
 */
export async function sendMessage(ctx: DeliveryContext, to: { platform: Platform; workspace: string }, message: Message, send: () => Promise<MessageRef>): Promise<void> {
  const promptId = message.prompt?.id;
  const files = message.files ?? [];
  if (!promptId && files.length === 0) {
    await send();
    return;
  }
  const ref = await ctx.step('send', send);
  if (promptId) await recordPromptMessage(ctx.db, promptId, ref, ctx.clock.now());
  for (const [i, file] of files.entries()) {
    // The step's result must be JSON; `true` records that the file went.
    await ctx.step(`file:${i}`, async () => {
      await ctx.chat.for(to.platform).uploadFile(to, ref.channel, file);
      return true;
    });
  }
}

/** A direct message to one person; everything to one person arrives in the order queued. */
export const dmDelivery = deliveryKind({
  type: 'dm',
  schema: dmPayloadSchema,
  lane: (p) => dmLane(p.to),
  describeForAlert: (p) => describeDm(p),
  deliver: (ctx, p) => sendMessage(ctx, p.to, p.message, () => ctx.chat.for(p.to.platform).sendDirect(p.to, p.message)),
});

/** A post in a channel (a pair's private channel), in order per channel. */
export const channelDelivery = deliveryKind({
  type: 'channel',
  schema: channelPayloadSchema,
  lane: (p) => channelLane(p.to),
  describeForAlert: (p) => describeChannelPost(p),
  deliver: (ctx, p) => sendMessage(ctx, p.to, p.message, () => ctx.chat.for(p.to.platform).postChannel(p.to, p.message)),
});

/**
 * Rewrites a message already sent (e.g. takes the buttons off a closed question). One that
 * cannot be made alerts nobody: a coordinator can act on an undelivered message, not on one
 * that could not be tidied up.
 */
export const updateDelivery = deliveryKind({
  type: 'update',
  schema: updatePayloadSchema,
  lane: (p) => messageLane(p.to, p.ref),
  describeForAlert: () => null,
  deliver: (ctx, p) => ctx.chat.for(p.to.platform).updateMessage(p.to, p.ref, p.message),
});

/**
 * Adds someone to a private channel (a coordinator joining a pair's for a call). In the
 * channel's lane, so a post queued after it (saying who joined) arrives once they can read it.
 * Adapters treat "already in the channel" as done, so a retry is harmless.
 */
export const channelJoinDelivery = deliveryKind({
  type: 'channel-join',
  schema: channelJoinPayloadSchema,
  lane: (p) => channelLane(p.to),
  describeForAlert: (p) => describeChannelJoin(p),
  deliver: (ctx, p) => ctx.chat.for(p.to.platform).addToChannel(p.to, p.user),
});

/**
 * Archives a pair's channel when their match closes, in the channel's lane: the closing post
 * and the acknowledgement prompts queued before it arrive first. Adapters treat "already
 * archived" as done.
 */
export const channelArchiveDelivery = deliveryKind({
  type: 'channel-archive',
  schema: channelArchivePayloadSchema,
  lane: (p) => channelLane(p.to),
  describeForAlert: (p) => describeChannelArchive(p),
  deliver: (ctx, p) => ctx.chat.for(p.to.platform).archiveChannel(p.to),
});

export const BUILTIN_DELIVERIES: readonly DeliveryKind[] = [dmDelivery, channelDelivery, updateDelivery, channelJoinDelivery, channelArchiveDelivery] as readonly DeliveryKind[];

/** A registry holding the built-in kinds; capabilities register theirs on it. */
export function builtinDeliveries(): DeliveryRegistry {
  return new DeliveryRegistry(BUILTIN_DELIVERIES);
}
