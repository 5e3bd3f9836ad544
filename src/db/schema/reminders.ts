import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';
import { people, workspaces } from './workspaces.js';

/**
 * "Remind this person at t" (e.g. the resume notice of `/mentor pause until <date>`).
 * The reminders planner moves due rows into the outbox in one set-based statement and stamps
 * planned_at, so the partial index below only ever holds what is still to come.
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
    /** Used as the outbox idempotency key, so re-planning a reminder can never send it twice. */
    key: text('key').notNull().unique('reminders_key_uq'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** A neutral `Message` (src/core/render.ts). */
    message: jsonb('message').notNull(),
    plannedAt: timestamp('planned_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reminders_due_idx')
      .on(t.dueAt)
      .where(sql`${t.plannedAt} is null`),
    // Erasure and cascades find a person's reminders without a scan.
    index('reminders_person_idx').on(t.personId),
  ],
);
