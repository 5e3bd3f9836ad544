import { and, asc, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { queryRows, type Db } from '../../db/client.js';
import { workPlanQuarters } from '../../db/schema/index.js';
import { raiseAlert } from '../checkins/alerts.js';
import type { Match } from '../matching/create-match.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { reviewSurveyOf } from '../programs/workplan-checks.js';
import { capacityIndicator, describeIndicator, expertLedRun } from './indicator.js';
import { activitiesOf, isMilestone, type Plan } from './plan-store.js';

export type Quarter = typeof workPlanQuarters.$inferSelect;

/** Months in a review period: a quarter, or a month. */
export const periodMonths = (program: ProgramDefinition) => (program.workplans?.reviewEvery === 'month' ? 1 : 3);

/** The dates of review period `q` (1-based) from the start: [startsOn, endsOn). */
export function quarterDates(program: ProgramDefinition, startedOn: string, q: number): { startsOn: string; endsOn: string } {
  const start = DateTime.fromISO(startedOn, { zone: 'UTC' });
  const months = periodMonths(program);
  return { startsOn: start.plus({ months: months * (q - 1) }).toISODate()!, endsOn: start.plus({ months: months * q }).toISODate()! };
}

/** When period `q` closes: its end day at the program's check-in time (else 10:00), in the program's zone. */
export function quarterClosesAt(program: ProgramDefinition, startedOn: string, q: number): Date {
  const [hour, minute] = (program.checkins?.time ?? '10:00').split(':').map(Number) as [number, number];
  return DateTime.fromISO(quarterDates(program, startedOn, q).endsOn, { zone: program.timezone ?? 'UTC' }).set({ hour, minute }).toJSDate();
}

/** The last period closed by `now`: 0 before the first. */
export function closedQuarters(program: ProgramDefinition, startedOn: string, now: Date): number {
  let q = 0;
  while (quarterClosesAt(program, startedOn, q + 1) <= now) q++;
  return q;
}

/**
 * The quarter's figures, from the activities as they stand when it closes: planned (due in it),
 * done in it and by whom, milestones due and met, overdue and blocked. Stored once; the review
 * answers add the "how much did the mentor do" mean later.
 */
export async function closeQuarter(db: Db, program: ProgramDefinition, plan: Plan, match: Match, q: number, now: Date): Promise<{ quarter: Quarter; created: boolean }> {
  const { startsOn, endsOn } = quarterDates(program, match.startedOn!, q);
  const inQuarter = (d: string | null) => d !== null && d >= startsOn && d < endsOn;
  const live = (await activitiesOf(db, plan.id)).filter((a) => a.status !== 'dropped');
  const done = live.filter((a) => inQuarter(a.doneOn));
  const milestones = live.filter((a) => isMilestone(a) && inQuarter(a.dueOn));
  const figures = {
    planned: live.filter((a) => inQuarter(a.dueOn)).length,
    done: done.length,
    doneCommunity: done.filter((a) => a.doneBy === 'community').length,
    doneTogether: done.filter((a) => a.doneBy === 'together').length,
    doneExpert: done.filter((a) => a.doneBy === 'expert').length,
    milestonesDue: milestones.length,
    milestonesMet: milestones.filter((a) => a.doneOn !== null && a.doneOn < endsOn).length,
    overdue: live.filter((a) => a.status !== 'done' && a.dueOn < endsOn).length,
    blocked: live.filter((a) => a.status === 'blocked').length,
  };
  const [row] = await db
    .insert(workPlanQuarters)
    .values({ planId: plan.id, quarter: q, startsOn, endsOn, ...figures, doingMean: null, indicator: null, computedAt: now })
    .onConflictDoNothing()
    .returning();
  if (row) return { quarter: await updateIndicator(db, program, plan, match, row, now), created: true };
  const [existing] = await db.select().from(workPlanQuarters).where(and(eq(workPlanQuarters.planId, plan.id), eq(workPlanQuarters.quarter, q)));
  return { quarter: existing!, created: false };
}

/** The mean of both representatives' answers to the review's "how much did the mentor do" for quarter `q`. */
async function doingMean(db: Db, program: ProgramDefinition, match: Match, q: number): Promise<number | null> {
  const survey = reviewSurveyOf(program);
  if (!survey || !program.workplans) return null;
  const [row] = await queryRows<{ mean: number | null }>(
    db,
    sql`select avg((a.value #>> '{}')::float8) as mean
        from survey_runs s
        join questionnaire_runs r on r.id = s.run_id and r.status = 'done'
        join run_answers a on a.run_id = r.id and a.question_id = ${program.workplans.review.doingQuestion}
        where s.match_id = ${match.id}::uuid and s.survey_id = ${survey.id} and s.occurrence = ${String(q)}`,
  );
  return row?.mean === null || row?.mean === undefined ? null : Number(row.mean);
}

/**
 * Works the quarter's indicator out again (a review answer came in) and, when the expert
 * organisation led the last `expertLedPeriodsForAlert` quarters by it, raises a support alert
 * (once per quarter).
 */
export async function updateIndicator(db: Db, program: ProgramDefinition, plan: Plan, match: Match, quarter: Quarter, now: Date): Promise<Quarter> {
  const survey = reviewSurveyOf(program);
  const doing = survey?.questions.find((x) => x.id === program.workplans?.review.doingQuestion);
  const scale = doing?.type === 'scale' ? { min: doing.min ?? 1, max: doing.max ?? 5 } : { min: 1, max: 5 };
  const mean = await doingMean(db, program, match, quarter.quarter);
  const indicator = capacityIndicator({ ...quarter, doingMean: mean, doingScale: scale });
  const [row] = await db
    .update(workPlanQuarters)
    .set({ doingMean: mean, indicator })
    .where(and(eq(workPlanQuarters.planId, plan.id), eq(workPlanQuarters.quarter, quarter.quarter)))
    .returning();
  const all = await db.select().from(workPlanQuarters).where(eq(workPlanQuarters.planId, plan.id)).orderBy(asc(workPlanQuarters.quarter));
  const upTo = all.filter((x) => x.quarter <= quarter.quarter);
  const n = program.workplans!.expertLedPeriodsForAlert;
  const consecutive = upTo.length >= n && upTo[upTo.length - n]!.quarter === quarter.quarter - n + 1;
  // Judged once a review answer is in: the activities alone say who did the work, not how.
  if (mean !== null && consecutive && expertLedRun(upTo.map((x) => x.indicator), n)) {
    const shown = upTo.slice(-n).map((x) => describeIndicator(x.indicator, null)).join(', then ');
    await raiseAlert(db, {
      programId: match.programId,
      matchId: match.id,
      personId: null,
      rule: 'expert_led',
      cause: `expert-led:${plan.id}:${quarter.quarter}`,
      detail:
        `In partnership ${match.number} the expert organisation did most of the work ${n} ${periodMonths(program) === 3 ? 'quarters' : 'months'} running ` +
        `(capacity-building indicator ${shown}). Talk with the mentor about building the community organisation's capacity rather than delivering for them.`,
      now,
    });
  }
  return row!;
}
