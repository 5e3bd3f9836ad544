import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
import { people } from './workspaces.js';

/** A coordinator's `/mentor match capacity @mentor <n>`: overrides the mentor's answer and the program default. */
export const mentorCapacities = pgTable(
  'mentor_capacities',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    capacity: integer('capacity').notNull(),
    setBy: uuid('set_by').references(() => people.id, { onDelete: 'set null' }),
    setAt: timestamp('set_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.personId] }), index('mentor_capacities_person_idx').on(t.personId)],
);

/** A pair a coordinator ruled out (`/mentor match exclude`), with the reason they gave. */
export const matchExclusions = pgTable(
  'match_exclusions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    mentorId: uuid('mentor_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    menteeId: uuid('mentee_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('match_exclusions_pair_uq').on(t.programId, t.mentorId, t.menteeId),
    index('match_exclusions_mentee_idx').on(t.menteeId),
  ],
);

/** One `/mentor match propose`: the solver's answer over the pool at that moment. */
export const matchRounds = pgTable(
  'match_rounds',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    /** `open` until a newer round replaces it. */
    status: text('status', { enum: ['open', 'replaced'] }).notNull(),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('match_rounds_program_number_uq').on(t.programId, t.number)],
);

export const PROPOSAL_STATES = ['proposed', 'approved', 'rejected', 'replaced'] as const;

/**
 * A proposed pair in a round, numbered for the coordinator (`approve 3`), with its score and
 * why. The participations' `updated_at` at proposal time tell whether it went stale.
 */
export const matchProposals = pgTable(
  'match_proposals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    roundId: uuid('round_id')
      .notNull()
      .references(() => matchRounds.id, { onDelete: 'cascade' }),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    mentorId: uuid('mentor_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    menteeId: uuid('mentee_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    /** Each criterion's contribution and why, in plain words (derived from both people's answers). */
    parts: jsonb('parts').notNull(),
    status: text('status', { enum: PROPOSAL_STATES }).notNull(),
    reason: text('reason'),
    mentorSince: timestamp('mentor_since', { withTimezone: true }).notNull(),
    menteeSince: timestamp('mentee_since', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by').references(() => people.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('match_proposals_round_number_uq').on(t.roundId, t.number),
    index('match_proposals_pair_idx').on(t.programId, t.mentorId, t.menteeId),
    index('match_proposals_mentee_idx').on(t.menteeId),
  ],
);

/** Who a round left unmatched, and why. */
export const matchUnmatched = pgTable(
  'match_unmatched',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => matchRounds.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['mentor', 'mentee'] }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.personId] }), index('match_unmatched_person_idx').on(t.personId)],
);

export const MATCH_STATES = ['awaiting_acceptance', 'active', 'declined', 'closed'] as const;
export type MatchState = (typeof MATCH_STATES)[number];

/** A mentor and a mentee working together, from approval to closure, and their private channel. */
export const matches = pgTable(
  'matches',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    /** Per program, for channel names that carry no personal names. */
    number: integer('number').notNull(),
    mentorId: uuid('mentor_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    menteeId: uuid('mentee_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    proposalId: uuid('proposal_id').references(() => matchProposals.id, { onDelete: 'set null' }),
    state: text('state', { enum: MATCH_STATES }).notNull(),
    score: real('score'),
    /** Each criterion's part in the score, in plain words, for the introduction ("what you have in common"). */
    parts: jsonb('parts'),
    /** A manual pair that broke a hard constraint: the coordinator's reason. */
    overrideReason: text('override_reason'),
    approvedBy: uuid('approved_by').references(() => people.id, { onDelete: 'set null' }),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
    startedOn: date('started_on', { mode: 'string' }),
    plannedEndOn: date('planned_end_on', { mode: 'string' }),
    channel: text('channel'),
    channelName: text('channel_name'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeReason: text('close_reason'),
    /** The coordinator who looks after this match and gets its alerts; null: all of them do. */
    coordinatorId: uuid('coordinator_id').references(() => people.id, { onDelete: 'set null' }),
    /** When the check-in planner gave its members their schedules (src/domain/checkins/checkin-schedules.ts). */
    checkinsPlannedAt: timestamp('checkins_planned_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('matches_program_number_uq').on(t.programId, t.number),
    index('matches_program_state_idx').on(t.programId, t.state),
    index('matches_mentor_idx').on(t.mentorId),
    index('matches_mentee_idx').on(t.menteeId),
    // The active matches whose members have no check-in schedules yet: each tick finds the new
    // ones without looking at every match.
    index('matches_checkins_unplanned_idx').on(t.programId).where(sql`state = 'active' and checkins_planned_at is null`),
    // One open match per pair at a time.
    uniqueIndex('matches_open_pair_uq')
      .on(t.programId, t.mentorId, t.menteeId)
      .where(sql`state in ('awaiting_acceptance', 'active')`),
  ],
);

/** Each member's side of a match: accepting it (where the program asks) and the agreement. */
export const matchMembers = pgTable(
  'match_members',
  {
    matchId: uuid('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['mentor', 'mentee'] }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    declinedAt: timestamp('declined_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    /** The nearest notice of the planned end queued to them (days before it), so each goes once. */
    endingNoticeDays: integer('ending_notice_days'),
  },
  (t) => [primaryKey({ columns: [t.matchId, t.personId] }), index('match_members_person_idx').on(t.personId)],
);
