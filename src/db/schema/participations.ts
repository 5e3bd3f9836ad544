import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
import { people } from './workspaces.js';

export const PARTICIPATION_STATES = ['applied', 'approved', 'paused', 'left'] as const;
export type ParticipationState = (typeof PARTICIPATION_STATES)[number];

/**
 * A person's part in a program, apart from how they applied: created when an application is
 * submitted, approved with it, paused (until a date, or until they resume) and left.
 */
export const participations = pgTable(
  'participations',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['mentor', 'mentee'] }).notNull(),
    state: text('state', { enum: PARTICIPATION_STATES }).notNull(),
    /** While paused: the state to return to, and when the break ends (null: until they resume). */
    resumeState: text('resume_state', { enum: ['applied', 'approved'] }),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    pausedUntil: timestamp('paused_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('participations_program_person_uq').on(t.programId, t.personId),
    index('participations_program_state_idx').on(t.programId, t.state),
    index('participations_person_idx').on(t.personId),
  ],
);
