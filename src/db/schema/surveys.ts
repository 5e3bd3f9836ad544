import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { matches } from './matching.js';
import { programs } from './programs.js';
import { programDefinitions, questionnaireRuns } from './questionnaires.js';
import { people } from './workspaces.js';

/**
 * Which survey, and which occurrence of it, a questionnaire run of kind `survey` asks. `key`
 * (survey, subject, person, occurrence) is unique: one run per occurrence, whatever retries.
 * `occurrence` reads the same for both members of a match (`start`, `close`, the quarter's number).
 */
export const surveyRuns = pgTable(
  'survey_runs',
  {
    runId: uuid('run_id')
      .primaryKey()
      .references(() => questionnaireRuns.id, { onDelete: 'cascade' }),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    surveyId: text('survey_id').notNull(),
    occurrence: text('occurrence').notNull(),
    /** The match it asks about; null for a survey on intake approval. */
    matchId: uuid('match_id').references(() => matches.id, { onDelete: 'cascade' }),
    key: text('key').notNull().unique('survey_runs_key_uq'),
  },
  (t) => [index('survey_runs_match_idx').on(t.matchId)],
);

/**
 * A scale's mean in one completed survey run: reverse-coded items flipped (min + max − answer),
 * unanswered ones left out. Kept with the instrument's version and the definition asked, so a
 * report compares like with like. `run_id` is no foreign key: a score outlives its answers
 * when a person is erased (see the surveys module's personal data).
 */
export const surveyScores = pgTable(
  'survey_scores',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    matchId: uuid('match_id').references(() => matches.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    runId: uuid('run_id'),
    surveyId: text('survey_id').notNull(),
    occurrence: text('occurrence').notNull(),
    scaleId: text('scale_id').notNull(),
    instrument: text('instrument'),
    instrumentVersion: text('instrument_version'),
    definitionHash: text('definition_hash')
      .notNull()
      .references(() => programDefinitions.hash),
    mean: doublePrecision('mean').notNull(),
    /** The items' range, to read the mean on another (alerts read every mean on 1–5). */
    scaleMin: integer('scale_min').notNull(),
    scaleMax: integer('scale_max').notNull(),
    itemsAnswered: integer('items_answered').notNull(),
    items: integer('items').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('survey_scores_run_scale_uq').on(t.runId, t.scaleId),
    // The same person's previous mean of a scale in a match (a drop), and the person's export.
    index('survey_scores_person_idx').on(t.personId, t.scaleId, t.createdAt),
    // The other member's mean of the same occurrence (a gap).
    index('survey_scores_match_idx').on(t.matchId, t.surveyId, t.occurrence, t.scaleId),
  ],
);
