import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { applications, consentRecords } from '../../db/schema/index.js';
import { latestAnswers } from '../questionnaires/run-store.js';

export type Application = typeof applications.$inferSelect;

/** The runs whose answers make up an application's profile: the intake, then later edits. */
export const PROFILE_KINDS = ['intake', 'profile'] as const;

const STATE_WORDS: Record<Application['state'], string> = {
  intake: 'still being filled in',
  submitted: 'submitted and waiting to be screened',
  screening: 'being screened',
  waitlisted: 'on the waiting list',
  approved: 'already approved',
  rejected: 'already refused',
  withdrawn: 'withdrawn',
};

/** An application's state as a coordinator would say it: "@bob's application is still being filled in". */
export function stateInWords(state: Application['state']): string {
  return STATE_WORDS[state];
}

export async function findApplication(db: Db, programId: string, personId: string): Promise<Application | null> {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.programId, programId), eq(applications.personId, personId)))
    .for('update');
  return row ?? null;
}

export async function findApplicationById(db: Db, id: string): Promise<Application | null> {
  const [row] = await db.select().from(applications).where(eq(applications.id, id)).for('update');
  return row ?? null;
}

export async function updateApplication(db: Db, id: string, changes: Partial<Application>, now: Date): Promise<Application> {
  const [row] = await db.update(applications).set({ ...changes, updatedAt: now }).where(eq(applications.id, id)).returning();
  if (!row) throw new Error('application vanished');
  return row;
}

/** The applicant's current answers: the intake's, with later profile edits over them. */
export function answersOf(db: Db, applicationId: string): Promise<Map<string, unknown>> {
  return latestAnswers(db, applicationId, PROFILE_KINDS);
}

/** Removes an application (cancel, declined consent, under age); its runs are deleted first. */
export async function deleteApplication(db: Db, id: string): Promise<void> {
  await db.delete(applications).where(eq(applications.id, id));
}

export async function recordConsent(
  db: Db,
  entry: { programId: string; personId: string; version: string; decision: 'accepted' | 'declined'; at: Date },
): Promise<void> {
  await db.insert(consentRecords).values(entry);
}

/** Forgets every consent decision of a person in a program: for someone too young to take part. */
export async function dropConsents(db: Db, programId: string, personId: string): Promise<void> {
  await db.delete(consentRecords).where(and(eq(consentRecords.programId, programId), eq(consentRecords.personId, personId)));
}
