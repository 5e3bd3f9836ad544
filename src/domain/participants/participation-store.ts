import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { participations, type ParticipationState } from '../../db/schema/index.js';
import type { ApplicantRole } from '../programs/definition.js';

export type Participation = typeof participations.$inferSelect;

export async function findParticipation(db: Db, programId: string, personId: string): Promise<Participation | null> {
  const [row] = await db
    .select()
    .from(participations)
    .where(and(eq(participations.programId, programId), eq(participations.personId, personId)))
    .for('update');
  return row ?? null;
}

/** Sets a person's part in a program, creating it on submission; one row per program and person. */
export async function setParticipation(
  db: Db,
  input: { programId: string; personId: string; role: ApplicantRole; state: ParticipationState; now: Date },
): Promise<Participation> {
  const { programId, personId, role, state, now } = input;
  const cleared = { resumeState: null, pausedAt: null, pausedUntil: null };
  const [row] = await db
    .insert(participations)
    .values({ programId, personId, role, state, ...cleared, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [participations.programId, participations.personId], set: { role, state, ...cleared, updatedAt: now } })
    .returning();
  return row!;
}

export async function updateParticipation(db: Db, id: string, changes: Partial<Participation>, now: Date): Promise<Participation> {
  const [row] = await db.update(participations).set({ ...changes, updatedAt: now }).where(eq(participations.id, id)).returning();
  if (!row) throw new Error('participation vanished');
  return row;
}

/** Paused now: a break without an end date, or one whose date has not come. */
export function isPaused(p: Participation | null, now: Date): boolean {
  return p?.state === 'paused' && (!p.pausedUntil || p.pausedUntil > now);
}
