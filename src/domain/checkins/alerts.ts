import { and, desc, eq, max } from 'drizzle-orm';
import { mention, message, rich, type Message } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matchAlerts, matches, questionnaireRuns } from '../../db/schema/index.js';
import { enqueueToCoordinators } from '../../jobs/enqueue.js';
import { userOf } from '../matching/create-match.js';
import { questionOptions, type ProgramDefinition, type Question } from '../programs/definition.js';
import { sameAnswer } from '../programs/support-checks.js';
import { formatAnswer } from '../questionnaires/validate-answer.js';
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
  /**
   * `detail` says what happened, after the member's name: "answered 1 of 5 to …"; with no
   * member (the match as a whole), it is the whole sentence.
   */
  input: { programId: string; matchId: string; personId: string | null; rule: Rule; cause: string; detail: string; now: Date },
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
  // A match's own coordinator hears of it first; a safeguarding concern goes to every coordinator at once.
  const [match] = await db.select({ coordinatorId: matches.coordinatorId }).from(matches).where(eq(matches.id, input.matchId));
  await enqueueToCoordinators(db, {
    programId: input.programId,
    only: input.rule === 'safeguarding' ? null : (match?.coordinatorId ?? null),
    keyPrefix: `alert:${row.id}`,
    at: input.now,
    alert: true,
    message: await alertMessage(db, row, `Alert ${number}: `),
  });
  return true;
}

/** An alert as coordinators read it, with its Acknowledge and Resolve buttons (and the commands, for the terminal). */
export async function alertMessage(db: Db, alert: typeof matchAlerts.$inferSelect, lead: string): Promise<Message> {
  const { number } = alert;
  const who = alert.personId ? rich`${mention(await userOf(db, alert.personId))} ` : '';
  return message(rich`${lead}${who}${alert.detail}`, {
    // One section per button, so acknowledging closes only its own and Resolve stays offered.
    sections: [
      {
        text: `Acknowledge it when you are on it (\`/mentor alert ack ${number}\`).`,
        actions: { id: `${ALERT_FLOW}:${alert.id}:ack`, choices: [{ value: 'ack', label: 'Acknowledge', style: 'primary' }] },
      },
      {
        text: `Resolve it with a note when it is sorted (\`/mentor alert resolve ${number} <note>\`).`,
        actions: { id: `${ALERT_FLOW}:${alert.id}:resolve`, choices: [{ value: 'resolve', label: 'Resolve' }] },
      },
    ],
  });
}

/**
 * A scale answer at or below the program's threshold, read on a 1–5 scale whatever the
 * question's range; a reverse-coded survey item (agreeing is the bad sign) is flipped first.
 */
export function isLowScore(q: Question & { reverse?: boolean }, value: unknown, threshold: number): boolean {
  if (q.type !== 'scale' || typeof value !== 'number') return false;
  const min = q.min ?? 1;
  const max = q.max ?? 5;
  const read = q.reverse ? min + max - value : value;
  return (read - min) / (max - min) <= (threshold - 1) / 4;
}

/**
 * After a check-in or survey is answered: one alert per answer that asks for a coordinator (a
 * low scale answer, a "not working" answer, a safeguarding word in free text), each caused by
 * the run and question, so nothing repeats. `where` names the questionnaire ("in their check-in").
 */
export async function alertOnAnswers(
  db: Db,
  program: ProgramDefinition,
  input: { run: typeof questionnaireRuns.$inferSelect; questions: readonly (Question & { reverse?: boolean })[]; answers: ReadonlyMap<string, unknown>; where: string; now: Date },
): Promise<void> {
  const { run, answers, now } = input;
  const rules = program.support.alerts;
  const raise = (rule: Rule, q: Question, detail: string) =>
    raiseAlert(db, { programId: run.programId, matchId: run.subjectId, personId: run.personId, rule, cause: `${rule}:${run.id}:${q.id}`, detail: `${detail} ${input.where}.`, now });
  for (const q of input.questions) {
    const value = answers.get(q.id);
    if (value === undefined) continue;
    if (isLowScore(q, value, rules.lowScoreAtOrBelow)) {
      await raise('low_score', q, `answered ${String(value)} of ${String(q.max ?? 5)} to “${q.prompt}”${q.reverse ? ' (worded so that a high answer is the worry)' : ''}`);
    }
    if (rules.notWorking?.question === q.id && saysNotWorking(q, value, rules.notWorking.answers)) {
      await raise('not_working', q, `answered “${formatAnswer(q, value)}” to “${q.prompt}”`);
    }
    const text = typeof value === 'string' && (q.type === 'text' || q.type === 'long_text') ? value : '';
    const word = safeguardingWord(text, rules.safeguardingWords);
    if (word) await raise('safeguarding', q, `used “${word}”, a word on the safeguarding list, answering “${q.prompt}”: “${excerpt(text)}”`);
  }
}

function saysNotWorking(q: Question, value: unknown, answers: readonly string[]): boolean {
  const options = questionOptions(q).filter((o) => answers.some((a) => sameAnswer(a, o)));
  const given = Array.isArray(value) ? value.map(String) : [String(value)];
  return options.some((o) => given.includes(o.value));
}

/** The first listed word or phrase in the text, whole words only and in any case ("hurt" not in "hurtle"). */
export function safeguardingWord(text: string, words: readonly string[]): string | null {
  const lower = text.toLowerCase();
  for (const w of words) {
    const escaped = w.trim().toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (escaped && new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(lower)) return w;
  }
  return null;
}

const excerpt = (text: string) => (text.length > 300 ? `${text.slice(0, 297)}...` : text);

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
