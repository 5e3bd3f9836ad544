import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
import { people, workspaces } from './workspaces.js';

/**
 * "Remind this person at t" (e.g. the resume notice of `/mentor pause until <date>`): a queue
 * of what is still to come. The reminders planner moves due rows into the outbox in one
 * set-based statement, deleting them here; from then on the outbox row is the record.
 * (Deleting rather than stamping a planned_at column halves the cost of planning: an UPDATE
 * writes a new row version and an entry in every index, a DELETE only marks the row.)
 * Cancelling a reminder is deleting it by key or person.
 */
export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    programId: uuid('program_id').references(() => programs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** Used as the outbox idempotency key: a key is sent at most once, even if reused later. */
    key: text('key').notNull().unique('reminders_key_uq'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** A neutral `Message` (src/core/render.ts). */
    message: jsonb('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reminders_due_idx').on(t.dueAt),
    // Erasure and cascades find a person's reminders without a scan.
    index('reminders_person_idx').on(t.personId),
  ],
);
