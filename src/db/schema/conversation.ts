import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
import { questionnaireRuns } from './questionnaires.js';
import { people } from './workspaces.js';

/**
 * A question the bot asked and is waiting on. Answers arrive as actions carrying the prompt id
 * (or as a typed reply to the person's open prompt); the first answer closes it.
 */
export const prompts = pgTable(
  'prompts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    programId: uuid('program_id').references(() => programs.id, { onDelete: 'cascade' }),
    /** The questionnaire run it asks a step of, if any; closing the run closes its prompts. */
    runId: uuid('run_id').references(() => questionnaireRuns.id, { onDelete: 'cascade' }),
    /** Which flow handles the answer, e.g. `intake`. */
    flow: text('flow').notNull(),
    spec: jsonb('spec').notNull(),
    /** What the flow needs to interpret the answer, e.g. which question a profile edit asks. */
    context: text('context'),
    /** Where a typed reply answers it: `dm`, or the channel id of a pair's channel. */
    conversation: text('conversation').notNull().default('dm'),
    /** A short line naming what it is about, to tell several open questions apart. */
    topic: text('topic'),
    status: text('status', { enum: ['open', 'answered', 'cancelled'] }).notNull().default('open'),
    messageRef: jsonb('message_ref'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Asking order, for listing several open questions the same way every time. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    index('prompts_person_open_idx').on(t.personId, t.conversation).where(sql`${t.status} = 'open'`),
    // Retention drops closed prompts by answered_at.
    index('prompts_closed_idx').on(t.answeredAt).where(sql`${t.status} <> 'open'`),
  ],
);
