import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { channelRef, joinRich, mention, message, rich, type Message } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matches, questionnaireRuns, workPlanActivities, workPlanQuarters, workPlans } from '../../db/schema/index.js';
import { programDay, userOf } from '../matching/create-match.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { describeIndicator } from './indicator.js';
import { WORKPLAN_UPDATE } from './plan-agreement.js';
import type { Plan } from './plan-store.js';
import { STATE_WORDS } from './plan-view.js';


export interface PlanRow {
  number: number;
  matchId: string;
  mentorId: string;
  menteeId: string;
  channel: string | null;
  matchState: string;
  state: Plan['state'];
  activities: number;
  done: number;
  overdue: number;
  lastUpdate: string | null;
  indicator: number | null;
  previous: number | null;
}

/** Every partnership's plan in the program with its progress figures, by partnership number. */
export async function planRows(db: Db, program: ProgramDefinition, programId: string, now: Date): Promise<PlanRow[]> {
  const today = programDay(program, now).toISODate()!;
  const plans = await db
    .select({ plan: workPlans, match: matches })
    .from(workPlans)
    .innerJoin(matches, eq(matches.id, workPlans.matchId))
    .where(and(eq(workPlans.programId, programId), inArray(matches.state, ['active', 'closed'])))
    .orderBy(asc(matches.number));
  const rows: PlanRow[] = [];
  for (const { plan, match } of plans) {
    const [counts] = await db
      .select({
        activities: sql<number>`count(*)::int`,
        done: sql<number>`count(*) filter (where ${workPlanActivities.status} = 'done')::int`,
        overdue: sql<number>`count(*) filter (where ${workPlanActivities.status} <> 'done' and ${workPlanActivities.dueOn} < ${today})::int`,
      })
      .from(workPlanActivities)
      .where(and(eq(workPlanActivities.planId, plan.id), sql`${workPlanActivities.status} <> 'dropped'`));
    const [update] = await db
      .select({ at: questionnaireRuns.updatedAt })
      .from(questionnaireRuns)
      .where(and(eq(questionnaireRuns.kind, WORKPLAN_UPDATE), eq(questionnaireRuns.subjectId, match.id), eq(questionnaireRuns.status, 'done')))
      .orderBy(desc(questionnaireRuns.updatedAt))
      .limit(1);
    const known = (await db.select({ indicator: workPlanQuarters.indicator }).from(workPlanQuarters).where(eq(workPlanQuarters.planId, plan.id)).orderBy(desc(workPlanQuarters.quarter)))
      .map((q) => q.indicator)
      .filter((v): v is number => v !== null);
    rows.push({
      number: match.number,
      matchId: match.id,
      mentorId: match.mentorId,
      menteeId: match.menteeId,
      channel: match.channel,
      matchState: match.state,
      state: plan.state,
      activities: counts?.activities ?? 0,
      done: counts?.done ?? 0,
      overdue: counts?.overdue ?? 0,
      lastUpdate: update ? programDay(program, update.at).toISODate() : null,
      indicator: known[0] ?? null,
      previous: known[1] ?? null,
    });
  }
  return rows;
}

/** `/mentor plans`: one line per partnership, for the coordinator. */
export async function plansMessage(db: Db, program: ProgramDefinition, programId: string, now: Date): Promise<Message> {
  const rows = await planRows(db, program, programId, now);
  if (rows.length === 0) return message(`${program.name} has no work plans yet: each opens when a partnership starts.`);
  const lines = [];
  for (const r of rows) {
    const [mentee, mentor] = await Promise.all([userOf(db, r.menteeId), userOf(db, r.mentorId)]);
    const pct = r.activities === 0 ? 'no activities yet' : `${Math.round((100 * r.done) / r.activities)}% done (${r.done} of ${r.activities})`;
    const closed = r.matchState === 'closed' ? ' (partnership closed)' : '';
    const figures = `${STATE_WORDS[r.state]}; ${pct}; ${r.overdue} overdue; last update ${r.lastUpdate ?? 'none yet'}; capacity building ${describeIndicator(r.indicator, r.previous)}`;
    lines.push(rich`${String(r.number)}. ${mention(mentee)} with ${mention(mentor)}${r.channel ? rich` in ${channelRef(r.channel)}` : ''}${closed}: ${figures}`);
  }
  return message(`${program.name}: ${rows.length} work plan${rows.length === 1 ? '' : 's'}.`, {
    sections: [
      { text: joinRich(lines, '\n') },
      { text: 'Capacity building: the share of the work the community organisation did, alone or together, by quarter. `/mentor plan show <n>` shows a plan, `/mentor export plans` sends them all as CSV files.' },
    ],
  });
}
