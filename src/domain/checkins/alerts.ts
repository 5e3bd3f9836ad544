import { and, desc, eq, max } from 'drizzle-orm';
import { mention, message, rich } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matchAlerts, questionnaireRuns } from '../../db/schema/index.js';
import { enqueueToCoordinators } from '../../jobs/enqueue.js';
import { userOf } from '../matching/create-match.js';
import type { ProgramDefinition, Question } from '../programs/definition.js';
import { CHECKIN } from './checkin-questionnaire.js';

export const ALERT_FLOW = 'match-alert';
export const RESOLVE_FORM = 'match-alert-resolve';

type Rule = (typeof matchAlerts.$inferSelect)['rule'];

/**
 * Raises an alert once per cause and tells the program's coordinators, with Acknowledge and
 * Resolve buttons (and the commands, for the terminal). A second raise of the same cause does nothing.
 */
export async function raiseAlert(
  db: Db,
  /** `detail` says what happened, after the member's name: "answered 1 of 5 to …". */
  input: { programId: string; matchId: string; personId: string; rule: Rule; cause: string; detail: string; now: Date },
): Promise<boolean> {
  const [last] = await db.select({ n: max(matchAlerts.number) }).from(matchAlerts).where(eq(matchAlerts.programId, input.programId));
  const number = (last?.n ?? 0) + 1;
  const [row] = await db
    .insert(matchAlerts)
    .values({
      matchId: input.matchId,
      programId: input.programId,
      number,
      personId: input.personId,
      rule: input.rule,
      cause: input.cause,
      detail: input.detail,
      raisedAt: input.now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return false;
  await enqueueToCoordinators(db, {
    programId: input.programId,
    keyPrefix: `alert:${row.id}`,
    at: input.now,
    alert: true,
    message: message(rich`Alert ${String(number)}: ${mention(await userOf(db, input.personId))} ${input.detail}`, {
      sections: [
        {
          text: `\`/mentor alert ack ${number}\` when you are on it, \`/mentor alert resolve ${number} <note>\` when it is sorted.`,
          actions: {
            id: `${ALERT_FLOW}:${row.id}`,
            choices: [
              { value: 'ack', label: 'Acknowledge', style: 'primary' },
              { value: 'resolve', label: 'Resolve' },
            ],
          },
        },
      ],
    }),
  });
  return true;
}

/** A scale answer at or below the program's threshold, read on a 1–5 scale whatever the question's range. */
export function isLowScore(q: Question, value: unknown, threshold: number): boolean {
  if (q.type !== 'scale' || typeof value !== 'number') return false;
  const min = q.min ?? 1;
  const max = q.max ?? 5;
  return (value - min) / (max - min) <= (threshold - 1) / 4;
}

/**
 * After a check-in or survey is answered: one alert per answer that asks for a coordinator
 * (a low scale answer; more rules to come), each with the run and question as its cause.
 * `where` names the questionnaire in the alert ("in their check-in").
 */
export async function alertOnAnswers(
  db: Db,
  program: ProgramDefinition,
  input: { run: typeof questionnaireRuns.$inferSelect; questions: readonly Question[]; answers: ReadonlyMap<string, unknown>; where: string; now: Date },
): Promise<void> {
  const { run, answers, now } = input;
  const threshold = program.support.alerts.lowScoreAtOrBelow;
  for (const q of input.questions) {
    if (!isLowScore(q, answers.get(q.id), threshold)) continue;
    await raiseAlert(db, {
      programId: run.programId,
      matchId: run.subjectId,
      personId: run.personId,
      rule: 'low_score',
      cause: `low_score:${run.id}:${q.id}`,
      detail: `answered ${String(answers.get(q.id))} of ${String(q.max ?? 5)} to “${q.prompt}” ${input.where}.`,
      now,
    });
  }
}

/** After check-ins expired: an alert when a member has left the last few unanswered, once per streak. */
export async function alertOnMissedCheckins(db: Db, program: ProgramDefinition, input: { programId: string; matchId: string; personId: string; now: Date }): Promise<void> {
  const inARow = program.support.alerts.missedCheckinsInARow;
  const runs = await db
    .select({ id: questionnaireRuns.id, status: questionnaireRuns.status })
    .from(questionnaireRuns)
    .where(and(eq(questionnaireRuns.kind, CHECKIN), eq(questionnaireRuns.subjectId, input.matchId), eq(questionnaireRuns.personId, input.personId)))
    .orderBy(desc(questionnaireRuns.createdAt));
  const streak: string[] = [];
  for (const r of runs) {
    if (r.status === 'open') continue;
    if (r.status !== 'expired') break;
    streak.push(r.id);
  }
  if (streak.length < inARow) return;
  await raiseAlert(db, {
    ...input,
    rule: 'missed_checkins',
    // The streak's first check-in names it: a longer streak is the same cause, not a new alert.
    cause: `missed:${streak.at(-1)!}`,
    detail: `has left ${String(streak.length)} check-ins in a row unanswered.`,
  });
}
