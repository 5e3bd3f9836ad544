import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
import { people } from './workspaces.js';

/**
 * Every program definition ever loaded, by content hash, never updated: a run keeps the
 * wording it was started with, and a report can read any answer with the question asked.
 */
export const programDefinitions = pgTable('program_definitions', {
  hash: text('hash').primaryKey(),
  slug: text('slug').notNull(),
  definition: jsonb('definition').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const RUN_STATUSES = ['open', 'done', 'cancelled', 'expired'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * One sequence of questions put to one person: an intake, a re-consent, a profile edit (and
 * check-ins, surveys, work-plan updates, closure interviews as they land). `cursor` is the key
 * of the step being asked, so an edited program file never moves someone to another question.
 */
export const questionnaireRuns = pgTable(
  'questionnaire_runs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    kind: text('kind').notNull(),
    /** What the run is about: `application`, `match`, `work_plan`... and that row's id. */
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    definitionHash: text('definition_hash')
      .notNull()
      .references(() => programDefinitions.hash),
    cursor: text('cursor'),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('open'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('questionnaire_runs_subject_idx').on(t.subjectType, t.subjectId, t.kind),
    index('questionnaire_runs_person_idx').on(t.personId),
    index('questionnaire_runs_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'open'`),
  ],
);

/** An answer to one question of one run, with the definition it was asked in. */
export const runAnswers = pgTable(
  'run_answers',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => questionnaireRuns.id, { onDelete: 'cascade' }),
    questionId: text('question_id').notNull(),
    value: jsonb('value').notNull(),
    definitionHash: text('definition_hash')
      .notNull()
      .references(() => programDefinitions.hash),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.questionId] })],
);
