import { eq } from 'drizzle-orm';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../db/client.js';
import { workPlanActivities } from '../../db/schema/index.js';
import { programDay } from '../matching/create-match.js';
import { announceChange } from './plan-agreement.js';
import type { PlanContext } from './plan-context.js';
import { activityByNumber, nextActivityNumber, PARTY_WORDS, recordChange, type Activity, type ActivityFields, type Party, type Plan } from './plan-store.js';
import { STATUS_WORDS } from './plan-view.js';

const snapshot = (a: ActivityFields) => ({ title: a.title, lead: a.lead, dueOn: a.dueOn, deliverable: a.deliverable, indicator: a.indicator });

/** An agreed plan changes only with a reason; a draft may change freely. */
export const reasonRequired = (plan: Plan) => plan.state !== 'draft';

export async function findActivity(db: Db, plan: Plan, number: number): Promise<Activity> {
  const a = Number.isInteger(number) && number > 0 ? await activityByNumber(db, plan.id, number) : null;
  if (!a || a.status === 'dropped') throw new UserError(`The plan has no activity ${number}. \`/mentor plan\` shows the numbers.`, 'bad_argument');
  return a;
}

/** Adds an activity, or changes one, and tells the partner in the channel. */
export async function saveActivity(db: Db, pc: PlanContext, input: { personId: string; number: number | 'new'; fields: ActivityFields; reason: string | null; now: Date }): Promise<Activity> {
  const { now } = input;
  if (input.number === 'new') {
    const number = await nextActivityNumber(db, pc.plan.id);
    const [row] = await db
      .insert(workPlanActivities)
      .values({ planId: pc.plan.id, number, ...input.fields, status: 'not_started', createdAt: now, updatedAt: now })
      .returning();
    const what = `added activity ${number} “${input.fields.title}” (${PARTY_WORDS[input.fields.lead]}, due ${input.fields.dueOn}).`;
    const plan = await recordChange(db, pc.plan, { actorId: input.personId, action: 'add', activityNumber: number, summary: what, reason: input.reason, after: snapshot(input.fields), now }, true);
    await announceChange(db, pc.match, { key: `plan-change:${plan.id}:${plan.version}`, personId: input.personId, what, now });
    return row!;
  }
  const before = await findActivity(db, pc.plan, input.number);
  if (before.status === 'done') throw new UserError(`Activity ${before.number} is done: it stays as it was. Add a new activity for further work.`, 'activity_done');
  const changed = (Object.keys(snapshot(input.fields)) as (keyof ActivityFields)[]).filter((k) => before[k] !== input.fields[k]);
  if (changed.length === 0) throw new UserError(`Activity ${before.number} already says exactly that. Nothing was changed.`, 'no_change');
  const [row] = await db.update(workPlanActivities).set({ ...input.fields, updatedAt: now }).where(eq(workPlanActivities.id, before.id)).returning();
  const what = `changed activity ${before.number} “${input.fields.title}” (${changed.map((k) => FIELD_WORDS[k]).join(', ')}).`;
  const plan = await recordChange(db, pc.plan, { actorId: input.personId, action: 'edit', activityNumber: before.number, summary: what, reason: input.reason, before: snapshot(before), after: snapshot(input.fields), now }, true);
  await announceChange(db, pc.match, { key: `plan-change:${plan.id}:${plan.version}`, personId: input.personId, what, now });
  return row!;
}

const FIELD_WORDS: Record<keyof ActivityFields, string> = { title: 'title', lead: 'who leads', dueOn: 'due date', deliverable: 'deliverable', indicator: 'indicator' };

/** Marks an activity done, recording who did the work (the capacity-building indicator reads it). */
export async function markDone(db: Db, pc: PlanContext, input: { personId: string; number: number; by: Party; note: string | null; source: 'command' | 'update'; now: Date }): Promise<Activity> {
  const a = await findActivity(db, pc.plan, input.number);
  if (a.status === 'done') throw new UserError(`Activity ${a.number} is already done (on ${a.doneOn}, by ${PARTY_WORDS[a.doneBy!]}).`, 'activity_done');
  const doneOn = programDay(pc.program, input.now).toISODate()!;
  const [row] = await db
    .update(workPlanActivities)
    .set({ status: 'done', doneOn, doneBy: input.by, updatedAt: input.now })
    .where(eq(workPlanActivities.id, a.id))
    .returning();
  const what = `marked activity ${a.number} “${a.title}” done, by ${PARTY_WORDS[input.by]}.`;
  const plan = await recordChange(db, pc.plan, { actorId: input.personId, action: 'done', activityNumber: a.number, summary: what, reason: input.note, before: { status: a.status }, after: { status: 'done', doneBy: input.by }, now: input.now }, false);
  if (input.source === 'command') await announceChange(db, pc.match, { key: `plan-change:${plan.id}:done:${a.number}`, personId: input.personId, what, now: input.now });
  return row!;
}

/** A status from a monthly update (not started, in progress, blocked); `done` goes through markDone. */
export async function setStatus(db: Db, pc: PlanContext, input: { personId: string; activity: Activity; status: Activity['status']; note: string; now: Date }): Promise<void> {
  const { activity: a, status } = input;
  if (a.status === status) return;
  await db.update(workPlanActivities).set({ status, updatedAt: input.now }).where(eq(workPlanActivities.id, a.id));
  const what = `set activity ${a.number} “${a.title}” to ${STATUS_WORDS[status]} (was ${STATUS_WORDS[a.status]}).`;
  await recordChange(db, pc.plan, { actorId: input.personId, action: 'status', activityNumber: a.number, summary: what, reason: input.note, before: { status: a.status }, after: { status }, now: input.now }, false);
}

export async function dropActivity(db: Db, pc: PlanContext, input: { personId: string; number: number; reason: string; now: Date }): Promise<Activity> {
  const a = await findActivity(db, pc.plan, input.number);
  if (a.status === 'done') throw new UserError(`Activity ${a.number} is done: a done activity stays in the plan.`, 'activity_done');
  const [row] = await db.update(workPlanActivities).set({ status: 'dropped', updatedAt: input.now }).where(eq(workPlanActivities.id, a.id)).returning();
  const what = `dropped activity ${a.number} “${a.title}”.`;
  const plan = await recordChange(db, pc.plan, { actorId: input.personId, action: 'drop', activityNumber: a.number, summary: what, reason: input.reason, before: { status: a.status }, after: { status: 'dropped' }, now: input.now }, true);
  await announceChange(db, pc.match, { key: `plan-change:${plan.id}:${plan.version}`, personId: input.personId, what: `${what} Why: ${input.reason}`, now: input.now });
  return row!;
}
