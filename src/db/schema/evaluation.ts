import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { programs } from './programs.js';

/**
 * Each program's key for evaluation pseudonyms (a keyed hash of the person's row id): made on
 * the first evaluation export and never shown, so the same person has the same pseudonym in
 * every export, and nobody holding only the export can work back to the row.
 */
export const evaluationSecrets = pgTable('evaluation_secrets', {
  programId: uuid('program_id')
    .primaryKey()
    .references(() => programs.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
