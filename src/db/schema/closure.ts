import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { matches } from './matching.js';
import { programs } from './programs.js';
import { people } from './workspaces.js';

export const CLOSURE_TYPES = ['planned', 'early'] as const;
export type ClosureType = (typeof CLOSURE_TYPES)[number];

/**
 * How a match ended, as a coordinator closed it: planned or early, the program's reason, a
 * note. `matches.closed_at` and `close_reason` say that it ended (erasure and declines set those
 * too); this row says how, for the program's evaluation.
 */
export const matchClosures = pgTable(
  'match_closures',
  {
    matchId: uuid('match_id')
      .primaryKey()
      .references(() => matches.id, { onDelete: 'cascade' }),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    type: text('type', { enum: CLOSURE_TYPES }).notNull(),
    reason: text('reason').notNull(),
    note: text('note'),
    closedBy: uuid('closed_by').references(() => people.id, { onDelete: 'set null' }),
    closedAt: timestamp('closed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('match_closures_program_idx').on(t.programId)],
);

/**
 * Each member's side of a closure: acknowledging the closing message, and (after an early
 * closure) a coordinator's agreement that they may be matched again from `rematch_from`.
 */
export const closureMembers = pgTable(
  'closure_members',
  {
    matchId: uuid('match_id')
      .notNull()
      .references(() => matchClosures.matchId, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['mentor', 'mentee'] }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    rematchApprovedBy: uuid('rematch_approved_by').references(() => people.id, { onDelete: 'set null' }),
    /** When they may be proposed again; null: not (yet) agreed by a coordinator. */
    rematchFrom: timestamp('rematch_from', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.matchId, t.personId] }), index('closure_members_person_idx').on(t.personId)],
);
