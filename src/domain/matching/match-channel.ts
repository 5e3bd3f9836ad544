import { eq } from 'drizzle-orm';
import type { ChannelAddress } from '../../core/chat.js';
import type { Message } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { programs, workspaces } from '../../db/schema/index.js';
import { channelArchiveDelivery, channelDelivery, channelJoinDelivery } from '../../jobs/deliveries.js';
import { enqueue } from '../../jobs/enqueue.js';

type MatchWithChannel = { programId: string; channel: string | null };

/** Where a match's channel is: its workspace row and its platform address. Null until it is open. */
async function channelOf(db: Db, match: MatchWithChannel): Promise<{ workspaceId: string; to: ChannelAddress } | null> {
  if (!match.channel) return null;
  const [where] = await db
    .select({ workspaceId: workspaces.id, platform: workspaces.platform, workspace: workspaces.externalId })
    .from(programs)
    .innerJoin(workspaces, eq(workspaces.id, programs.workspaceId))
    .where(eq(programs.id, match.programId));
  return where ? { workspaceId: where.workspaceId, to: { platform: where.platform, workspace: where.workspace, channel: match.channel } } : null;
}

/**
 * Queues a post in a match's private channel, keyed so a retry posts nothing twice. False when
 * the channel is not open yet (the introduction is still on its way) or the key was queued.
 */
export async function postInMatchChannel(db: Db, match: MatchWithChannel, input: { key: string; message: Message; at: Date }): Promise<boolean> {
  const where = await channelOf(db, match);
  if (!where) return false;
  return enqueue(db, channelDelivery, {
    key: input.key,
    workspaceId: where.workspaceId,
    programId: match.programId,
    payload: { type: 'channel', to: where.to, message: input.message },
    availableAt: input.at,
  });
}

/**
 * Queues adding someone (a platform user id) to a match's private channel, in the channel's
 * lane: a post queued after it reaches the channel once they are in. False when the channel is
 * not open yet or the key was queued.
 */
export async function joinMatchChannel(db: Db, match: MatchWithChannel, input: { key: string; user: string; personId: string; at: Date }): Promise<boolean> {
  const where = await channelOf(db, match);
  if (!where) return false;
  return enqueue(db, channelJoinDelivery, {
    key: input.key,
    workspaceId: where.workspaceId,
    programId: match.programId,
    personId: input.personId,
    payload: { to: where.to, user: input.user },
    availableAt: input.at,
  });
}

/**
 * Queues archiving a match's channel (its members read, nobody writes), in the channel's lane:
 * posts queued before it arrive first. False when the match never had a channel.
 */
export async function archiveMatchChannel(db: Db, match: MatchWithChannel, input: { key: string; at: Date }): Promise<boolean> {
  const where = await channelOf(db, match);
  if (!where) return false;
  return enqueue(db, channelArchiveDelivery, {
    key: input.key,
    workspaceId: where.workspaceId,
    programId: match.programId,
    payload: { to: where.to },
    availableAt: input.at,
  });
}
