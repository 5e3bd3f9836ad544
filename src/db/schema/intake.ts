import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
import { people } from './workspaces.js';

/** `intake` while the person is still answering; the rest is the screening queue. */
export const APPLICATION_STATES = ['intake', 'submitted', 'screening', 'waitlisted', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/**
 * One application per person per program: the intake's position (so it resumes after a
 * restart, days later too), consent, guardian consent, screening checklist and decision.
 */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['mentor', 'mentee'] }),
    state: text('state', { enum: APPLICATION_STATES }).notNull().default('intake'),
    consentVersion: text('consent_version'),
    consentedAt: timestamp('consented_at', { withTimezone: true }),
    needsGuardianConsent: boolean('needs_guardian_consent').notNull().default(false),
    guardianName: text('guardian_name'),
    guardianConsentHow: text('guardian_consent_how'),
    guardianConsentOn: text('guardian_consent_on'),
    guardianRecordedBy: uuid('guardian_recorded_by').references(() => people.id, { onDelete: 'set null' }),
    /** Screening checklist item id -> { by, at }. */
    checklist: jsonb('checklist').notNull().default({}),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by').references(() => people.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** The role of the last refused application, and when: applying again waits for the program's reapplyAfterDays. */
    rejectedRole: text('rejected_role', { enum: ['mentor', 'mentee'] }),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('applications_program_person_uq').on(t.programId, t.personId),
    index('applications_program_state_idx').on(t.programId, t.state),
  ],
);

/** Every consent decision with the wording's version; a refusal is all that is kept of a decliner. */
export const consentRecords = pgTable(
  'consent_records',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    decision: text('decision', { enum: ['accepted', 'declined'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('consent_records_person_idx').on(t.personId)],
);

/** Pre-match training completed, as recorded by a coordinator. */
export const trainingRecords = pgTable(
  'training_records',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    moduleId: text('module_id').notNull(),
    recordedBy: uuid('recorded_by').references(() => people.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.personId, t.moduleId] })],
);
