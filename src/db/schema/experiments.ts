import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
import { people } from './workspaces.js';

/** One arm of a training experiment: its id (also its label) and the post-match training it gets. */
export interface ExperimentArm {
  id: string;
  label: string;
  /** Training modules of the program this arm takes after matching; empty for "no more training". */
  modules: string[];
  /** Or an amount of post-match training in hours; null when the arm is defined by modules. */
  hours: number | null;
}

export const EXPERIMENT_STATES = ['open', 'closed'] as const;

/**
 * A training comparison group: mentors approved while it is open are randomised to its arms in
 * permuted blocks of `block_size` (a multiple of the number of arms), each block's order drawn
 * from `seed`, so the assignments are a function of the seed and the order of approval.
 * One open experiment per program.
 */
export const experiments = pgTable(
  'experiments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    arms: jsonb('arms').$type<ExperimentArm[]>().notNull(),
    blockSize: integer('block_size').notNull(),
    seed: integer('seed').notNull(),
    state: text('state', { enum: EXPERIMENT_STATES }).notNull(),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('experiments_program_name_uq').on(t.programId, t.name),
    uniqueIndex('experiments_one_open_uq').on(t.programId).where(sql`${t.state} = 'open'`),
  ],
);

/**
 * A mentor's arm. `position` counts assignments from 0 (unique, so two racing approvals cannot
 * take the same place in a block); `block` is position / block size.
 */
export const experimentAssignments = pgTable(
  'experiment_assignments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    experimentId: uuid('experiment_id')
      .notNull()
      .references(() => experiments.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    armId: text('arm_id').notNull(),
    block: integer('block').notNull(),
    position: integer('position').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('experiment_assignments_person_uq').on(t.experimentId, t.personId),
    uniqueIndex('experiment_assignments_position_uq').on(t.experimentId, t.position),
    index('experiment_assignments_person_idx').on(t.personId),
  ],
);

/** A session of an arm's training a mentor attended (a module id), once per module. */
export const experimentAttendance = pgTable(
  'experiment_attendance',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => experimentAssignments.id, { onDelete: 'cascade' }),
    moduleId: text('module_id').notNull(),
    attendedOn: timestamp('attended_on', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').references(() => people.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('experiment_attendance_uq').on(t.assignmentId, t.moduleId)],
);
