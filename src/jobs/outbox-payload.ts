import { z } from 'zod';
import type { ChannelAddress, MessageRef, Platform, UserAddress } from '../core/chat.js';
import type { Message, RichText } from '../core/render.js';
import type { SQL } from 'drizzle-orm';
import { sql } from '../db/client.js';

/**
 * The payloads of the built-in delivery kinds (`dm`, `channel`, `update`, `channel-join`), their lanes, and
 * the same lanes written in SQL for set-based statements that build these payloads in the
 * database. A stored payload may carry a `type` field from before kinds had their own column;
 * the schemas keep unknown fields, so such rows still parse.
 */

export const platformSchema = z.enum(['terminal', 'slack', 'discord']);

const spanSchema = z.union([z.string(), z.object({ mention: z.string() }), z.object({ channel: z.string() })]);
const richTextSchema = z.union([z.string(), z.array(spanSchema)]);

/** A file travels in its outbox row, so it is kept small: 1 MB of UTF-8. */
export const MAX_FILE_BYTES = 1_048_576;
/** Bounds a row's size; an export is one file or a few. */
export const MAX_FILES = 10;

// The name becomes a file name on disk (the terminal) and on the platforms: no path, no `..`.
const fileSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).refine((n) => !/^\.+$/.test(n)),
  mediaType: z.enum(['text/csv', 'text/plain', 'application/json', 'image/png']),
  // Not empty: Slack refuses an upload of no bytes.
  text: z.string().min(1).refine((t) => Buffer.byteLength(t, 'utf8') <= MAX_FILE_BYTES),
  encoding: z.literal('base64').optional(),
});
const deliverableSchema = z.looseObject({ text: richTextSchema, files: z.array(fileSchema).max(MAX_FILES).optional() });

// The message model is checked only as far as delivery needs (adapters render the rest).
export const messageSchema = z.custom<Message>((v) => deliverableSchema.safeParse(v).success, {
  message: `expected a message with text, and any files each named with letters, digits, '.', '-' or '_' (at most 100), of a text media type, with 1 byte to 1 MB of text (at most ${MAX_FILES} files)`,
});

const id = z.string().min(1);
export const userAddressSchema = z.object({ platform: platformSchema, workspace: id, user: id });
export const channelAddressSchema = z.object({ platform: platformSchema, workspace: id, channel: id });

export const dmPayloadSchema = z.looseObject({ to: userAddressSchema, message: messageSchema });
export const channelPayloadSchema = z.looseObject({ to: channelAddressSchema, message: messageSchema });
/** Rewrites a message already sent, e.g. to take the buttons off a question that has closed. */
export const updatePayloadSchema = z.looseObject({
  to: z.object({ platform: platformSchema, workspace: id }),
  ref: z.object({ channel: id, id }),
  message: messageSchema,
});

/** Adds a person (a platform user id) to a private channel: a coordinator joining a pair's. */
export const channelJoinPayloadSchema = z.looseObject({ to: channelAddressSchema, user: id });
export const channelArchivePayloadSchema = z.looseObject({ to: channelAddressSchema });

export type DmPayload = { to: UserAddress; message: Message };
export type ChannelPayload = { to: ChannelAddress; message: Message };
export type UpdatePayload = { to: { platform: Platform; workspace: string }; ref: MessageRef; message: Message };
export type ChannelJoinPayload = { to: ChannelAddress; user: string };

/** Everything to one person by DM, in order. */
export const dmLane = (to: UserAddress): string => `dm:${to.platform}:${to.workspace}:${to.user}`;
/** Everything posted in one channel, in order. */
export const channelLane = (to: ChannelAddress): string => `channel:${to.platform}:${to.workspace}:${to.channel}`;
/** The edits of one message, in order. */
export const messageLane = (to: { platform: Platform; workspace: string }, ref: MessageRef): string =>
  `message:${to.platform}:${to.workspace}:${ref.channel}:${ref.id}`;

/**
 * `dmLane` over `people p join workspaces w`, for statements that address people in SQL.
 * Must produce exactly what `dmLane` does (a test checks both against the same person).
 */
export const DM_LANE_SQL = sql.raw(`('dm:' || w.platform || ':' || w.external_id || ':' || p.platform_user_id)`);

/** `messageLane` over `workspaces w` and a message_ref jsonb. */
export const messageLaneSql = (ref: string): SQL =>
  sql.raw(`('message:' || w.platform || ':' || w.external_id || ':' || (${ref}->>'channel') || ':' || (${ref}->>'id'))`);

/**
 * Whether a row queued now in `lane` waits behind one already open: the `held` hint. Rows of
 * one statement sharing a lane are not visible to it, so a statement that may queue several
 * for one lane adds `row_number() over (partition by lane ...) > 1` (see `heldInStatementSql`).
 */
export const heldSql = (lane: SQL): SQL =>
  sql`exists (select 1 from outbox e where e.lane = ${lane} and e.status in ('pending', 'sending'))`;

/** `heldSql` for set-based inserts: also held behind an earlier row of the same statement. */
export const heldInStatementSql = (lane: SQL, order: SQL): SQL =>
  sql`(row_number() over (partition by ${lane} order by ${order}) > 1 or ${heldSql(lane)})`;

/** Names a delivery for a coordinator without its content: the recipient only. */
export const describeDm = (p: Pick<DmPayload, 'to'>): RichText => `A direct message to <@${p.to.user}>`;
export const describeChannelPost = (p: ChannelPayload): RichText => `A message in <#${p.to.channel}>`;
export const describeChannelArchive = (p: { to: ChannelAddress }): RichText => ['Archiving ', { channel: p.to.channel }];
export const describeChannelJoin = (p: ChannelJoinPayload): RichText => ['Adding ', { mention: p.user }, ' to ', { channel: p.to.channel }];
