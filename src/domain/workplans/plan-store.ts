import { and, asc, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { matches, workPlanActivities, workPlanChanges, workPlans, type PLAN_PARTIES } from '../../db/schema/index.js';

export type Plan = typeof workPlans.$inferSelect;
export type Activity = typeof workPlanActivities.$inferSelect;
export type Party = (typeof PLAN_PARTIES)[number];
/** What a form or command sets on an activity. */
export type ActivityFields = Pick<Activity, 'title' | 'lead' | 'dueOn' | 'deliverable' | 'indicator'>;

export const PARTY_WORDS: Record<Party, string> = {
  community: 'the community organisation',
  together: 'both organisations together',
  expert: 'the expert organisation',
};

/** A member's side of the partnership: the mentee represents the community organisation. */
export const partyOfRole = (role: 'mentor' | 'mentee'): Party => (role === 'mentee' ? 'community' : 'expert');

export const isMilestone = (a: Pick<Activity, 'deliverable'>) => a.deliverable === null;

export async function planOfMatch(db: Db, matchId: string): Promise<Plan | null> {
  const [plan] = await db.select().from(workPlans).where(eq(workPlans.matchId, matchId));
  return plan ?? null;
}

/** The plan's activities in number order, dropped ones too (the history names them). */
export async function activitiesOf(db: Db, planId: string): Promise<Activity[]> {
  return db.select().from(workPlanActivities).where(eq(workPlanActivities.planId, planId)).orderBy(asc(workPlanActivities.number));
}

export async function nextActivityNumber(db: Db, planId: string): Promise<number> {
  const [row] = await db.select({ n: max(workPlanActivities.number) }).from(workPlanActivities).where(eq(workPlanActivities.planId, planId));
  return (row?.n ?? 0) + 1;
}

export interface Change {
  actorId: string | null;
  action: string;
  activityNumber?: number | null;
  summary: string;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  now: Date;
}

/**
 * Records a change with who, when and why. A change to what the plan says (`content`) makes a
 * new version: agreements to the old one no longer count, and an active plan needs both
 * representatives' agreement again only when it is in revision (see plan-agreement.ts).
 */
export async function recordChange(db: Db, plan: Plan, change: Change, content: boolean): Promise<Plan> {
  const [updated] = await db
    .update(workPlans)
    .set({ version: content ? sql`${workPlans.version} + 1` : workPlans.version, updatedAt: change.now })
    .where(eq(workPlans.id, plan.id))
    .returning();
  await db.insert(workPlanChanges).values({
    planId: plan.id,
    actorId: change.actorId,
    action: change.action,
    activityNumber: change.activityNumber ?? null,
    summary: change.summary,
    reason: change.reason ?? null,
    before: change.before ?? null,
    after: change.after ?? null,
    planVersion: updated!.version,
    at: change.now,
  });
  return updated!;
}

export async function setPlanState(db: Db, plan: Plan, state: Plan['state'], now: Date): Promise<Plan> {
  const [row] = await db
    .update(workPlans)
    .set({ state, updatedAt: now, ...(state === 'active' ? { agreedAt: now } : {}) })
    .where(eq(workPlans.id, plan.id))
    .returning();
  return row!;
}

export async function activityByNumber(db: Db, planId: string, number: number): Promise<Activity | null> {
  const [row] = await db.select().from(workPlanActivities).where(and(eq(workPlanActivities.planId, planId), eq(workPlanActivities.number, number)));
  return row ?? null;
}

/** The match a plan belongs to. */
export async function matchOfPlan(db: Db, plan: Plan) {
  const [match] = await db.select().from(matches).where(eq(matches.id, plan.matchId));
  return match!;
}
