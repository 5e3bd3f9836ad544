import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FileAttachment } from '../../core/render.js';
import { csvFile } from '../exports/csv-file.js';
import type { Db } from '../../db/client.js';
import { matches, matchMembers, questionnaireRuns, workPlanActivities, workPlanChanges, workPlanQuarters, workPlans } from '../../db/schema/index.js';
import { programDay } from '../matching/create-match.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { answersOfRun } from '../questionnaires/run-store.js';
import { formatAnswer } from '../questionnaires/validate-answer.js';
import { WORKPLAN_UPDATE } from './plan-agreement.js';
import { partyOfRole } from './plan-store.js';
import { ACTIVITIES_ANSWER, doneByKey, statusKey, type AskedActivity } from './update-questionnaire.js';

/**
 * The program's plans as four CSV files for coordinators and funders: activities, changes,
 * updates and quarters. People appear as their side (community, expert), never by name: the
 * files travel to spreadsheets and reports.
 */
export async function exportPlans(db: Db, program: ProgramDefinition, programId: string, now: Date): Promise<FileAttachment[]> {
  const day = programDay(program, now).toISODate()!;
  const plans = await db
    .select({ plan: workPlans, match: matches })
    .from(workPlans)
    .innerJoin(matches, eq(matches.id, workPlans.matchId))
    .where(eq(workPlans.programId, programId))
    .orderBy(asc(matches.number));
  const planIds = plans.map((p) => p.plan.id);
  const numberOf = new Map(plans.map((p) => [p.plan.id, p.match.number]));
  const members = plans.length === 0 ? [] : await db.select().from(matchMembers).where(inArray(matchMembers.matchId, plans.map((p) => p.match.id)));
  const sideOf = (matchId: string, personId: string | null) => {
    if (personId === null) return 'mentorbot';
    const m = members.find((x) => x.matchId === matchId && x.personId === personId);
    return m ? partyOfRole(m.role) : 'coordinator';
  };
  const matchOf = new Map(plans.map((p) => [p.plan.id, p.match.id]));

  const activities = planIds.length === 0 ? [] : await db.select().from(workPlanActivities).where(inArray(workPlanActivities.planId, planIds)).orderBy(asc(workPlanActivities.number));
  const planFile = csvFile(
    `work-plans-${day}.csv`,
    ['partnership', 'plan_state', 'plan_version', 'draft_due_on', 'agreed_at', 'activity', 'title', 'milestone', 'lead', 'due_on', 'deliverable', 'indicator', 'status', 'done_on', 'done_by'],
    plans.flatMap(({ plan, match }) => {
      const head = [match.number, plan.state, plan.version, plan.draftDueOn, plan.agreedAt];
      const mine = activities.filter((a) => a.planId === plan.id);
      if (mine.length === 0) return [head];
      return mine.map((a) => [...head, a.number, a.title, a.deliverable === null ? 'yes' : 'no', a.lead, a.dueOn, a.deliverable, a.indicator, a.status, a.doneOn, a.doneBy]);
    }),
  );

  const changes = planIds.length === 0 ? [] : await db.select().from(workPlanChanges).where(inArray(workPlanChanges.planId, planIds)).orderBy(asc(workPlanChanges.at));
  const changeFile = csvFile(
    `work-plan-changes-${day}.csv`,
    ['partnership', 'at', 'by', 'action', 'activity', 'summary', 'reason', 'plan_version'],
    changes.map((c) => [numberOf.get(c.planId), c.at, sideOf(matchOf.get(c.planId)!, c.actorId), c.action, c.activityNumber, c.summary, c.reason, c.planVersion]),
  );

  const fields = program.workplans?.fields ?? [];
  const runs = plans.length === 0 ? [] : await db
    .select()
    .from(questionnaireRuns)
    .where(and(eq(questionnaireRuns.kind, WORKPLAN_UPDATE), eq(questionnaireRuns.status, 'done'), inArray(questionnaireRuns.subjectId, plans.map((p) => p.match.id))))
    .orderBy(asc(questionnaireRuns.updatedAt));
  const numberOfMatch = new Map(plans.map((p) => [p.match.id, p.match.number]));
  const updateRows: unknown[][] = [];
  for (const r of runs) {
    const answers = await answersOfRun(db, r.id);
    const statuses = ((answers.get(ACTIVITIES_ANSWER) as AskedActivity[] | undefined) ?? [])
      .map((a) => `${a.number}: ${String(answers.get(statusKey(a.number)) ?? 'not answered')}${answers.has(doneByKey(a.number)) ? ` (${String(answers.get(doneByKey(a.number)))})` : ''}`)
      .join('; ');
    updateRows.push([numberOfMatch.get(r.subjectId), r.updatedAt, sideOf(r.subjectId, r.personId), ...fields.map((q) => (answers.has(q.id) ? formatAnswer(q, answers.get(q.id)) : '')), statuses]);
  }
  const updateFile = csvFile(`work-plan-updates-${day}.csv`, ['partnership', 'submitted_at', 'from', ...fields.map((q) => q.id), 'activity_statuses'], updateRows);

  const quarters = planIds.length === 0 ? [] : await db.select().from(workPlanQuarters).where(inArray(workPlanQuarters.planId, planIds)).orderBy(asc(workPlanQuarters.quarter));
  const quarterFile = csvFile(
    `work-plan-quarters-${day}.csv`,
    ['partnership', 'quarter', 'starts_on', 'ends_on', 'planned', 'done', 'done_community', 'done_together', 'done_expert', 'milestones_due', 'milestones_met', 'overdue', 'blocked', 'mentor_did_mean', 'capacity_indicator'],
    quarters.map((q) => [numberOf.get(q.planId), q.quarter, q.startsOn, q.endsOn, q.planned, q.done, q.doneCommunity, q.doneTogether, q.doneExpert, q.milestonesDue, q.milestonesMet, q.overdue, q.blocked, q.doingMean?.toFixed(2), q.indicator?.toFixed(2)]),
  );
  return [planFile, changeFile, updateFile, quarterFile];
}
