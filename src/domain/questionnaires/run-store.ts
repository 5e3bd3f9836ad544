import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { questionnaireRuns, runAnswers, type RunStatus } from '../../db/schema/index.js';
import { cancelRunPrompts } from '../conversation/prompts.js';

export type Run = typeof questionnaireRuns.$inferSelect;

export interface NewRun {
  kind: string;
  subjectType: string;
  subjectId: string;
  personId: string;
  programId: string;
  definitionHash: string;
  cursor?: string | null;
  dueAt?: Date | null;
  expiresAt?: Date | null;
  now: Date;
}

export async function startRun(db: Db, run: NewRun): Promise<Run> {
  const { now, ...values } = run;
  const [row] = await db.insert(questionnaireRuns).values({ ...values, createdAt: now, updatedAt: now }).returning();
  return row!;
}

/** Locks the run: answers to one run are taken one at a time. */
export async function findRun(db: Db, id: string): Promise<Run | null> {
  const [row] = await db.select().from(questionnaireRuns).where(eq(questionnaireRuns.id, id)).for('update');
  return row ?? null;
}

/** The newest run of a kind about a subject (e.g. the intake of an application). */
export async function latestRun(db: Db, input: { kind: string; subjectId: string; status?: RunStatus }): Promise<Run | null> {
  const [row] = await db
    .select()
    .from(questionnaireRuns)
    .where(and(eq(questionnaireRuns.kind, input.kind), eq(questionnaireRuns.subjectId, input.subjectId), input.status ? eq(questionnaireRuns.status, input.status) : undefined))
    .orderBy(desc(questionnaireRuns.createdAt))
    .limit(1);
  return row ?? null;
}

export async function updateRun(db: Db, id: string, changes: Partial<Pick<Run, 'cursor' | 'status' | 'dueAt' | 'expiresAt'>>, now: Date): Promise<Run> {
  const [row] = await db.update(questionnaireRuns).set({ ...changes, updatedAt: now }).where(eq(questionnaireRuns.id, id)).returning();
  if (!row) throw new Error('questionnaire run vanished');
  return row;
}

/** Ends a run and closes whatever of it is still being asked. */
export async function closeRun(db: Db, id: string, status: Exclude<RunStatus, 'open'>, now: Date): Promise<void> {
  await updateRun(db, id, { status }, now);
  await cancelRunPrompts(db, id, now);
}

export async function saveRunAnswer(db: Db, answer: { runId: string; questionId: string; value: unknown; definitionHash: string; now: Date }): Promise<void> {
  const { runId, questionId, value, definitionHash, now } = answer;
  await db
    .insert(runAnswers)
    .values({ runId, questionId, value, definitionHash, answeredAt: now })
    .onConflictDoUpdate({ target: [runAnswers.runId, runAnswers.questionId], set: { value, definitionHash, answeredAt: now } });
}

export async function dropRunAnswer(db: Db, runId: string, questionId: string): Promise<void> {
  await db.delete(runAnswers).where(and(eq(runAnswers.runId, runId), eq(runAnswers.questionId, questionId)));
}

export async function answersOfRun(db: Db, runId: string): Promise<Map<string, unknown>> {
  const rows = await db.select({ q: runAnswers.questionId, v: runAnswers.value }).from(runAnswers).where(eq(runAnswers.runId, runId));
  return new Map(rows.map((r) => [r.q, r.v]));
}

/**
 * The latest answer to each question over a subject's runs of the given kinds (an intake and
 * the profile edits after it), as the person's current answers. Answers given at the same
 * instant (a clock that has not moved) go to the kind listed later, so an edit wins over the intake.
 */
export async function latestAnswers(db: Db, subjectId: string, kinds: readonly string[]): Promise<Map<string, unknown>> {
  return (await latestAnswersOf(db, [subjectId], kinds)).get(subjectId) ?? new Map();
}

/** `latestAnswers` of many subjects in one query (a matching round reads the whole pool's). */
export async function latestAnswersOf(db: Db, subjectIds: readonly string[], kinds: readonly string[]): Promise<Map<string, Map<string, unknown>>> {
  const out = new Map<string, Map<string, unknown>>();
  if (kinds.length === 0 || subjectIds.length === 0) return out;
  const rows = await db
    .selectDistinctOn([questionnaireRuns.subjectId, runAnswers.questionId], { s: questionnaireRuns.subjectId, q: runAnswers.questionId, v: runAnswers.value })
    .from(runAnswers)
    .innerJoin(questionnaireRuns, eq(questionnaireRuns.id, runAnswers.runId))
    .where(and(inArray(questionnaireRuns.subjectId, [...subjectIds]), inArray(questionnaireRuns.kind, [...kinds]), sql`${questionnaireRuns.status} <> 'cancelled'`))
    .orderBy(
      questionnaireRuns.subjectId,
      runAnswers.questionId,
      desc(runAnswers.answeredAt),
      desc(sql`case ${questionnaireRuns.kind} ${sql.join(kinds.map((k, i) => sql`when ${k} then ${i}`), sql` `)} end`),
      desc(questionnaireRuns.createdAt),
    );
  for (const r of rows) {
    const own = out.get(r.s) ?? new Map<string, unknown>();
    own.set(r.q, r.v);
    out.set(r.s, own);
  }
  return out;
}

/** Deletes every run about a subject with its answers and prompts (a withdrawn or dropped application). */
export async function deleteRunsOf(db: Db, subjectId: string, kinds?: readonly string[]): Promise<void> {
  await db.delete(questionnaireRuns).where(and(eq(questionnaireRuns.subjectId, subjectId), kinds ? inArray(questionnaireRuns.kind, [...kinds]) : undefined));
}

/** Deletes the answers of a subject's runs but keeps the runs (e.g. an ineligible intake). */
export async function dropAnswersOf(db: Db, subjectId: string): Promise<void> {
  await db.execute(sql`delete from run_answers a using questionnaire_runs r where r.id = a.run_id and r.subject_id = ${subjectId}::uuid`);
}
