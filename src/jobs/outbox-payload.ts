import { z } from 'zod';
import type { ChannelAddress, MessageRef, Platform, UserAddress } from '../core/chat.js';
import type { Message } from '../core/render.js';

/**
 * What an outbox row asks the worker to send. `kind` (a column) says why it was sent:
 * `dm` and `channel` are ordinary deliveries, `alert` is a DM to a coordinator about a
 * delivery that died (an alert that dies raises no further alert).
 */
export type OutboxPayload =
  | { type: 'dm'; to: UserAddress; message: Message }
  | { type: 'channel'; to: ChannelAddress; message: Message }
  /** Rewrites a message already sent, e.g. to take the buttons off a question that has closed. */
  | { type: 'update'; to: { platform: Platform; workspace: string }; ref: MessageRef; message: Message };

export const OUTBOX_KINDS = ['dm', 'channel', 'alert', 'update'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

const platform = z.enum(['terminal', 'slack', 'discord']);

// The message model is checked only as far as delivery needs (adapters render the rest);
// a row that fails this is undeliverable and dies at once instead of retrying.
const messageSchema = z.custom<Message>(
  (v) => typeof v === 'object' && v !== null && ['string', 'object'].includes(typeof (v as { text?: unknown }).text),
  { message: 'expected a message with text' },
);

export const outboxPayloadSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('dm'),
    to: z.object({ platform, workspace: z.string().min(1), user: z.string().min(1) }),
    message: messageSchema,
  }),
  z.object({
    type: z.literal('channel'),
    to: z.object({ platform, workspace: z.string().min(1), channel: z.string().min(1) }),
    message: messageSchema,
  }),
  z.object({
    type: z.literal('update'),
    to: z.object({ platform, workspace: z.string().min(1) }),
    ref: z.object({ channel: z.string().min(1), id: z.string().min(1) }),
    message: messageSchema,
  }),
]);

/** Parses a stored payload; null when it is malformed. */
export function parsePayload(value: unknown): OutboxPayload | null {
  const raw = typeof value === 'string' ? safeJson(value) : value;
  const parsed = outboxPayloadSchema.safeParse(raw);
  return parsed.success ? (parsed.data as OutboxPayload) : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Names a delivery for a coordinator without its content: the recipient only. `<@user>` and
 * `<#channel>` render as mentions on Slack and Discord and read plainly in the terminal.
 */
export function describeDelivery(payload: OutboxPayload | null, outboxId: number): string {
  if (!payload) return `A message (delivery ${outboxId})`;
  if (payload.type === 'dm') return `A direct message to <@${payload.to.user}> (delivery ${outboxId})`;
  if (payload.type === 'update') return `An update to a message already sent (delivery ${outboxId})`;
  return `A message in <#${payload.to.channel}> (delivery ${outboxId})`;
}
