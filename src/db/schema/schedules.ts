import { sql } from 'drizzle-orm';
import { check, index, interval, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
import { people } from './workspaces.js';

/**
 * Recurring work (a weekly check-in, a quarterly review) materialised as the next due time of
 * each subject, so planning is one set-based statement over an index, never a timer per match.
 * `next_due_at` is computed in the person's time zone and advanced by `every` in local wall
 * time (10:00 stays 10:00 across a DST change). See src/jobs/recurring.ts.
 */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** What recurs, e.g. `checkin`; one recurring planner per kind. */
    kind: text('kind').notNull(),
    /** What it is about, e.g. a match; its meaning is the kind's. */
    subjectId: uuid('subject_id'),
    /** Who it is for: their address, lane and time zone. */
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    programId: uuid('program_id').references(() => programs.id, { onDelete: 'cascade' }),
    /** An IANA zone, e.g. `Europe/London`. */
    timeZone: text('time_zone').notNull(),
    /** e.g. `7 days`, `3 months`. */
    every: interval('every').notNull(),
    nextDueAt: timestamp('next_due_at', { withTimezone: true }).notNull(),
    /** Merged into each occurrence's outbox payload. */
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // Planning (kind, next_due_at <= slot) and `nextDueAt` (min over kind) are range scans of it.
    index('schedules_due_idx').on(t.kind, t.nextDueAt),
    index('schedules_person_idx').on(t.personId),
    // One schedule of a kind per subject and person: two schedulers making the schedules of a
    // new match at once make one each (ON CONFLICT DO NOTHING); a match's schedules (its next
    // check-in, in match health) are an index probe.
    uniqueIndex('schedules_kind_subject_person_uq').on(t.kind, t.subjectId, t.personId),
    // A zero step would plan the same occurrence forever.
    check('schedules_every_positive', sql`${t.every} > interval '0'`),
    // An unknown zone would make the planner's statement fail for every schedule of its kind,
    // so it is refused here: converting a time to it raises the error at insert.
    check('schedules_time_zone_known', sql`(timestamptz '2000-01-01 00:00:00+00' at time zone ${t.timeZone}) is not null`),
  ],
);
