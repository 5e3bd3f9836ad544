import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { applications, consentRecords, intakeAnswers } from '../../db/schema/index.js';

export type Application = typeof applications.$inferSelect;

export async function findApplication(db: Db, programId: string, personId: string): Promise<Application | null> {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.programId, programId), eq(applications.personId, personId)))
    .for('update');
  return row ?? null;
}

export async function updateApplication(db: Db, id: string, changes: Partial<Application>, now: Date): Promise<Application> {
  const [row] = await db.update(applications).set({ ...changes, updatedAt: now }).where(eq(applications.id, id)).returning();
  if (!row) throw new Error('application vanished');
  return row;
}

export async function answersOf(db: Db, applicationId: string): Promise<Map<string, unknown>> {
  const rows = await db.select().from(intakeAnswers).where(eq(intakeAnswers.applicationId, applicationId));
  return new Map(rows.map((r) => [r.questionId, r.value]));
}

export async function saveAnswer(db: Db, applicationId: string, questionId: string, value: unknown, now: Date): Promise<void> {
  await db
    .insert(intakeAnswers)
    .values({ applicationId, questionId, value, answeredAt: now })
    .onConflictDoUpdate({ target: [intakeAnswers.applicationId, intakeAnswers.questionId], set: { value, answeredAt: now } });
}

export async function dropAnswers(db: Db, applicationId: string): Promise<void> {
  await db.delete(intakeAnswers).where(eq(intakeAnswers.applicationId, applicationId));
}

/** Removes an application with its answers (cancel, declined consent, under age). */
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
