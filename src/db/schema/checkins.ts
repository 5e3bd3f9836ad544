import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { matches } from './matching.js';
import { people } from './workspaces.js';

/** A meeting of a pair, from a check-in's "have you met?" or `/mentor met`. */
export const matchMeetings = pgTable(
  'match_meetings',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    matchId: uuid('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    recordedBy: uuid('recorded_by').references(() => people.id, { onDelete: 'set null' }),
    metOn: date('met_on', { mode: 'string' }).notNull(),
    minutes: integer('minutes'),
    source: text('source', { enum: ['checkin', 'command'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('match_meetings_match_idx').on(t.matchId, t.metOn), index('match_meetings_recorded_by_idx').on(t.recordedBy)],
);
