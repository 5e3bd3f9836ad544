import { eq } from 'drizzle-orm';
import type { Message } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { programs, workspaces } from '../../db/schema/index.js';
import { channelDelivery } from '../../jobs/deliveries.js';
import { enqueue } from '../../jobs/enqueue.js';

/**
 * Queues a post in a match's private channel, keyed so a retry posts nothing twice. False when
 * the channel is not open yet (the introduction is still on its way) or the key was queued.
 */
export async function postInMatchChannel(
  db: Db,
  match: { programId: string; channel: string | null },
  input: { key: string; message: Message; at: Date },
): Promise<boolean> {
  if (!match.channel) return false;
  const [where] = await db
    .select({ workspaceId: workspaces.id, platform: workspaces.platform, workspace: workspaces.externalId })
    .from(programs)
    .innerJoin(workspaces, eq(workspaces.id, programs.workspaceId))
    .where(eq(programs.id, match.programId));
  if (!where) return false;
  return enqueue(db, channelDelivery, {
    key: input.key,
    workspaceId: where.workspaceId,
    programId: match.programId,
    payload: { type: 'channel', to: { platform: where.platform, workspace: where.workspace, channel: match.channel }, message: input.message },
    availableAt: input.at,
  });
}
