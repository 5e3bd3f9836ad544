import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { matches } from './matching.js';
import { programs } from './programs.js';
import { people } from './workspaces.js';

export const PLAN_STATES = ['draft', 'active', 'revision'] as const;
/** Who leads an activity, or did it: the community organisation (mentee), the expert one (mentor), or both. */
export const PLAN_PARTIES = ['community', 'together', 'expert'] as const;
export const ACTIVITY_STATUSES = ['not_started', 'in_progress', 'done', 'blocked', 'dropped'] as const;

/**
 * The work plan of a match in an inter-organisational program: drafted by both representatives,
 * active once both agreed to its current version, back in revision when a quarterly review
 * says it no longer fits. `version` counts changes, so an agreement is to what was agreed.
 */
export const workPlans = pgTable(
  'work_plans',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    matchId: uuid('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' })
      .unique('work_plans_match_uq'),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    state: text('state', { enum: PLAN_STATES }).notNull(),
    version: integer('version').notNull().default(1),
    /** `workplans.draftWithinWeeks` after the match's start. */
    draftDueOn: date('draft_due_on', { mode: 'string' }).notNull(),
    agreedAt: timestamp('agreed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('work_plans_program_idx').on(t.programId)],
);

/** An activity of a plan; one without a deliverable is a milestone. Numbered per plan. */
export const workPlanActivities = pgTable(
  'work_plan_activities',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    planId: uuid('plan_id')
      .notNull()
      .references(() => workPlans.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    lead: text('lead', { enum: PLAN_PARTIES }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    deliverable: text('deliverable'),
    indicator: text('indicator'),
    status: text('status', { enum: ACTIVITY_STATUSES }).notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    /** Who did the work, asked when it is marked done: the capacity-building indicator reads it. */
    doneBy: text('done_by', { enum: PLAN_PARTIES }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('work_plan_activities_number_uq').on(t.planId, t.number),
    check('work_plan_activities_done_by', sql`(${t.status} = 'done') = (${t.doneBy} is not null)`),
  ],
);

/** A representative's agreement to a version of the plan; the plan is active when both agreed to its current one. */
export const workPlanAgreements = pgTable(
  'work_plan_agreements',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => workPlans.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    agreedAt: timestamp('agreed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.personId] }), index('work_plan_agreements_person_idx').on(t.personId)],
);

/**
 * Every change to a plan, with who, when and why (seed 002: "changes made (and tracked) to
 * project documents"). `summary` is the change in words; `before`/`after` the activity's fields.
 */
export const workPlanChanges = pgTable(
  'work_plan_changes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    planId: uuid('plan_id')
      .notNull()
      .references(() => workPlans.id, { onDelete: 'cascade' }),
    /** Null when the bot made it (a quarterly review put the plan in revision). */
    actorId: uuid('actor_id').references(() => people.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    activityNumber: integer('activity_number'),
    summary: text('summary').notNull(),
    reason: text('reason'),
    before: jsonb('before'),
    after: jsonb('after'),
    planVersion: integer('plan_version').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('work_plan_changes_plan_idx').on(t.planId, t.at), index('work_plan_changes_actor_idx').on(t.actorId)],
);

/**
 * A plan's quarter (its review period) as it closed: activities planned and done, who did
 * them, milestones, what was overdue or blocked, and the review's "how much did the mentor do"
 * mean once answered. `indicator` is the share of the work the community organisation did
 * alone or together (see src/domain/workplans/indicator.ts).
 */
export const workPlanQuarters = pgTable(
  'work_plan_quarters',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => workPlans.id, { onDelete: 'cascade' }),
    quarter: integer('quarter').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    planned: integer('planned').notNull(),
    done: integer('done').notNull(),
    doneCommunity: integer('done_community').notNull(),
    doneTogether: integer('done_together').notNull(),
    doneExpert: integer('done_expert').notNull(),
    milestonesDue: integer('milestones_due').notNull(),
    milestonesMet: integer('milestones_met').notNull(),
    overdue: integer('overdue').notNull(),
    blocked: integer('blocked').notNull(),
    doingMean: doublePrecision('doing_mean'),
    indicator: doublePrecision('indicator'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.quarter] })],
);
