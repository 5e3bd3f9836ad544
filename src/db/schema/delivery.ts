import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './workspaces.js';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;

/**
 * Everything the bot sends on its own initiative goes through here: planners insert with a
 * unique idempotency key, workers claim with FOR UPDATE SKIP LOCKED and a lease. `kind` names
 * the delivery kind (src/jobs/deliveries.ts) that checks the payload and delivers it.
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
    /**
     * Rows of one lane (e.g. the DMs to one person) are delivered one at a time in id order: a
     * row is not claimed while an earlier row of its lane is pending or sending. Null: no order.
     */
    lane: text('lane'),
    /**
     * A hint that an earlier row of the lane is still open, so claims need not look at this
     * row: set when it is queued behind one, cleared when the row ahead of it finishes (or by
     * the workers' sweep, should the two have raced). Order never depends on it, only speed.
     */
    held: boolean('held').notNull().default(false),
    /** A coordinator alert about a dead row: when it dies itself, nobody is alerted. */
    alert: boolean('alert').notNull().default(false),
  },
  (t) => [
    // Workers scan only what is open and not waiting behind its lane; sent and dead rows drop
    // out of this index. (available_at, id) matches the claim's order, so a burst sharing one
    // available_at is not re-sorted.
    index('outbox_due_idx')
      .on(t.availableAt, t.id)
      .where(sql`${t.status} in ('pending', 'sending') and not ${t.held}`),
    // "Is an earlier row of this lane still open?": one probe per claimed row.
    index('outbox_lane_idx')
      .on(t.lane, t.id)
      .where(sql`${t.status} in ('pending', 'sending') and ${t.lane} is not null`),
    // The workers' sweep for held rows whose lane has moved on.
    index('outbox_held_idx').on(t.availableAt, t.id).where(sql`${t.held}`),
    // Retention drops delivered (or dead) rows past their time.
    index('outbox_closed_idx').on(t.createdAt).where(sql`${t.status} in ('sent', 'dead')`),
    index('outbox_person_idx').on(t.personId),
  ],
);

/**
 * The recorded result of each step of a multi-step delivery (`ctx.step`): a retry, or another
 * worker after a crash, gets the result instead of running the step again.
 */
export const deliverySteps = pgTable(
  'delivery_steps',
  {
    outboxId: bigint('outbox_id', { mode: 'number' })
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    step: text('step').notNull(),
    result: jsonb('result'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.step] })],
);

/** One row per (task, slot): the replica that inserts it plans that slot. */
export const schedulerRuns = pgTable('scheduler_runs', {
  key: text('key').primaryKey(),
  claimedBy: text('claimed_by').notNull(),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/**
 * When a periodic planner last did its work (retention: at most once an hour, whatever the
 * tick schedule). Claimed with one conditional upsert, so replicas take turns.
 */
export const plannerRuns = pgTable('planner_runs', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull(),
});
