import { and, eq } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import { mention, rich } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { people, schedules, workPlanAgreements } from '../../db/schema/index.js';
import { WEEKDAYS, firstDueAt } from '../../jobs/recurring.js';
import { cancelChase, userOf, type Match } from '../matching/create-match.js';
import { postInMatchChannel } from '../matching/match-channel.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { draftChaseKey } from './plan-open.js';
import { activitiesOf, recordChange, setPlanState, type Plan } from './plan-store.js';

export const WORKPLAN_UPDATE = 'workplan-update';
const EVERY = { weekly: '7 days', biweekly: '14 days', monthly: '1 month' } as const;
const LEAD_DAYS = { weekly: 0, biweekly: 7, monthly: 23 } as const;

/**
 * A representative agrees to the plan's current version. When both have, a draft (or a plan in
 * revision) becomes active; the first time, each representative's update schedule starts.
 */
export async function agreeToPlan(db: Db, input: { program: ProgramDefinition; plan: Plan; match: Match; personId: string; now: Date }): Promise<{ plan: Plan; activated: boolean; already: boolean }> {
  const { program, match, personId, now } = input;
  let plan = input.plan;
  const [had] = await db.select().from(workPlanAgreements).where(and(eq(workPlanAgreements.planId, plan.id), eq(workPlanAgreements.personId, personId)));
  if (had?.version === plan.version) return { plan, activated: false, already: true };
  await db
    .insert(workPlanAgreements)
    .values({ planId: plan.id, personId, version: plan.version, agreedAt: now })
    .onConflictDoUpdate({ target: [workPlanAgreements.planId, workPlanAgreements.personId], set: { version: plan.version, agreedAt: now } });
  plan = await recordChange(db, plan, { actorId: personId, action: 'agree', summary: `agreed to version ${plan.version} of the plan.`, now }, false);
  const agreed = await db.select().from(workPlanAgreements).where(and(eq(workPlanAgreements.planId, plan.id), eq(workPlanAgreements.version, plan.version)));
  const both = [match.mentorId, match.menteeId].every((id) => agreed.some((a) => a.personId === id));
  if (!both || plan.state === 'active') return { plan, activated: false, already: false };
  const first = plan.agreedAt === null;
  plan = await setPlanState(db, plan, 'active', now);
  plan = await recordChange(db, plan, { actorId: null, action: 'activate', summary: `made the plan active: both organisations agreed to version ${plan.version}.`, now }, false);
  if (first) {
    for (const id of [match.mentorId, match.menteeId]) await cancelChase(db, `${draftChaseKey(match.id)}:${id}`);
    await startUpdates(db, program, match, now);
  }
  const count = (await activitiesOf(db, plan.id)).filter((a) => a.status !== 'dropped').length;
  const cadence = program.workplans!.updateCadence;
  await postInMatchChannel(db, match, {
    key: `plan-active:${plan.id}:${plan.version}`,
    at: now,
    message: {
      text: rich`The work plan is active: both organisations agreed to version ${String(plan.version)} (${String(count)} activit${count === 1 ? 'y' : 'ies'}).`,
      sections: [{ text: `Each of you gets a short ${cadence} update by direct message; its summary is posted here. Every quarter, a review asks whether the plan still fits.` }],
    },
  });
  return { plan, activated: true, already: false };
}

/** The zone a person's messages are timed in: their answer, their platform's, the program's, UTC. */
async function zoneOf(db: Db, program: ProgramDefinition, personId: string): Promise<string> {
  const [p] = await db.select({ own: people.timeZone, platform: people.platformTimeZone }).from(people).where(eq(people.id, personId));
  return [p?.own, p?.platform, program.timezone].find((z): z is string => typeof z === 'string' && IANAZone.isValidZone(z)) ?? 'UTC';
}

/**
 * Each representative's update schedule: on the program's update day and time in their zone,
 * the first about one cadence after the plan became active.
 */
async function startUpdates(db: Db, program: ProgramDefinition, match: Match, now: Date): Promise<void> {
  const cadence = program.workplans!.updateCadence;
  const after = new Date(now.getTime() + LEAD_DAYS[cadence] * 86_400_000);
  for (const personId of [match.mentorId, match.menteeId]) {
    const zone = await zoneOf(db, program, personId);
    const due = firstDueAt({ weekday: WEEKDAYS[program.workplans!.day], time: program.workplans!.time, zone, after });
    // Unique per (kind, match, person): a plan agreed again after a revision keeps its schedule.
    await db
      .insert(schedules)
      .values({ kind: WORKPLAN_UPDATE, personId, programId: match.programId, subjectId: match.id, timeZone: zone, every: EVERY[cadence], nextDueAt: due, createdAt: now })
      .onConflictDoNothing();
  }
}

/** A line for the pair's channel when one of them changed the plan. */
export async function announceChange(db: Db, match: Match, input: { key: string; personId: string; what: string; now: Date }): Promise<void> {
  await postInMatchChannel(db, match, {
    key: input.key,
    at: input.now,
    message: { text: rich`${mention(await userOf(db, input.personId))} ${input.what}` },
  });
}
