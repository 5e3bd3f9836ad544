import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
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

export const ALERT_RULES = [
  'low_score',
  'missed_checkins',
  'no_meeting',
  'score_drop',
  'rating_gap',
  'not_working',
  'safeguarding',
  // Work plans (inter-organisational programs).
  'plan_revision',
  'expert_led',
] as const;

/**
 * A match that needs a coordinator: raised once per cause (`cause` is unique, e.g. the check-in
 * run that scored low), acknowledged, then resolved with a note.
 */
export const matchAlerts = pgTable(
  'match_alerts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    matchId: uuid('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    /** Per program, for `/mentor alert ack <n>`. */
    number: integer('number').notNull(),
    /** The member whose answer (or silence) raised it. */
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    rule: text('rule', { enum: ALERT_RULES }).notNull(),
    cause: text('cause').notNull().unique('match_alerts_cause_uq'),
    detail: text('detail').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    acknowledgedBy: uuid('acknowledged_by').references(() => people.id, { onDelete: 'set null' }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => people.id, { onDelete: 'set null' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    note: text('note'),
    /** When nobody had acknowledged it in time and it went to every coordinator. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('match_alerts_program_number_uq').on(t.programId, t.number),
    index('match_alerts_match_idx').on(t.matchId),
    index('match_alerts_person_idx').on(t.personId),
  ],
);

/** A coordinator's contact with a member (MENTOR's Elements: log each contact's date, length and nature). */
export const supportContacts = pgTable(
  'support_contacts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    /** The match it was about, when the member had one. */
    matchId: uuid('match_id').references(() => matches.id, { onDelete: 'set null' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    coordinatorId: uuid('coordinator_id').references(() => people.id, { onDelete: 'set null' }),
    contactedOn: date('contacted_on', { mode: 'string' }).notNull(),
    /** How: call, video, in person, message, email... */
    how: text('how').notNull(),
    minutes: integer('minutes'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('support_contacts_person_idx').on(t.personId, t.contactedOn),
    index('support_contacts_match_idx').on(t.matchId),
    index('support_contacts_coordinator_idx').on(t.coordinatorId),
  ],
);
