import { and, eq, like } from 'drizzle-orm';
import type { HandlerContext } from '../../core/bot.js';
import { reminders } from '../../db/schema/index.js';
import { updateApplication, type Application } from '../intake/application-store.js';
import { revokeRole } from '../roles/grant-role.js';
import { findParticipation, updateParticipation } from './participation-store.js';

/**
 * Ends a person's part in a program (they left, or declined a new consent statement): the
 * application is withdrawn, the participation left, and each participant role revoked with the
 * same audit entry a coordinator's revoke writes.
 */
export async function leaveProgram(ctx: HandlerContext, app: Application, now: Date): Promise<void> {
  await updateApplication(ctx.db, app.id, { state: 'withdrawn' }, now);
  const participation = await findParticipation(ctx.db, app.programId, app.personId);
  if (participation) await updateParticipation(ctx.db, participation.id, { state: 'left', resumeState: null, pausedAt: null, pausedUntil: null }, now);
  await ctx.db.delete(reminders).where(and(eq(reminders.personId, app.personId), like(reminders.key, `pause-end:${app.id}:%`)));
  for (const role of ['mentor', 'mentee'] as const) {
    await revokeRole(ctx.db, { workspaceId: ctx.principal.workspaceId, programId: app.programId, personId: app.personId, role, actorId: app.personId, at: now });
  }
}
