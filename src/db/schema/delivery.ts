import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './workspaces.js';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;

/**
 * Everything the bot sends on its own initiative goes through here: planners insert with a
 * unique idempotency key, workers claim with FOR UPDATE SKIP LOCKED and a lease.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique('outbox_idempotency_key_uq'),
    kind: text('kind').notNull(),
    // No foreign keys on workspace and program: a queue row carries its own address, and the
    // per-row key checks were a third of the time to plan a 100k burst. The person keeps one,
    // so erasing someone also drops what was still queued for them.
    workspaceId: uuid('workspace_id').notNull(),
    programId: uuid('program_id'),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    // Workers scan only what is open; sent and dead rows drop out of this index.
    // (available_at, id) matches the claim's order, so a burst sharing one available_at is not re-sorted.
    index('outbox_due_idx')
      .on(t.availableAt, t.id)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index('outbox_person_idx').on(t.personId),
  ],
);

/** One row per (task, slot): the replica that inserts it plans that slot. */
export const schedulerRuns = pgTable('scheduler_runs', {
  key: text('key').primaryKey(),
  claimedBy: text('claimed_by').notNull(),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
