import type { RunCoordinator } from 'node-cron';
import type { Clock } from '../core/clock.js';
import { queryRows, sql, type Db } from '../db/client.js';
import { slotKey } from './ticks.js';

export interface DbRunCoordinatorOptions {
  db: Db;
  clock: Clock;
  /** Names this replica in scheduler_runs.claimed_by. */
  instanceId: string;
  /** How long a claim is held when node-cron does not say (its `distributedLease`). */
  ttlMs?: number;
  /** Claims older than this past their expiry are deleted, so the table stays small. */
  retainMs?: number;
}

const DEFAULT_TTL_MS = 5 * 60_000;
const DEFAULT_RETAIN_MS = 24 * 60 * 60_000;
const PURGE_EVERY_MS = 60 * 60_000;

/**
 * node-cron's RunCoordinator for `distributed` tasks, backed by scheduler_runs: the replica
 * whose INSERT of the slot's key wins runs that slot, the others skip it.
 *
 * The claim is ON CONFLICT DO NOTHING, never a takeover: if the winner dies mid-slot, the next
 * slot's planners pick up whatever it left, because they plan "due at or before t, not yet
 * planned" with idempotency keys. So a lost slot delays work by one tick and loses nothing.
 */
export class DbRunCoordinator implements RunCoordinator {
  private readonly ttlMs: number;
  private readonly retainMs: number;
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: DbRunCoordinatorOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.retainMs = options.retainMs ?? DEFAULT_RETAIN_MS;
  }

  /** Called by node-cron with `<task name>:<slot ISO>`; also used for our own slot claims. */
  async shouldRun(key: string, ttlMs: number = this.ttlMs): Promise<boolean> {
    const now = this.options.clock.now();
    const expires = new Date(now.getTime() + ttlMs);
    const rows = await queryRows<{ key: string }>(
      this.options.db,
      sql`insert into scheduler_runs (key, claimed_by, claimed_at, expires_at)
          values (${key}, ${this.options.instanceId}, ${now.toISOString()}::timestamptz, ${expires.toISOString()}::timestamptz)
          on conflict (key) do nothing
          returning key`,
    );
    return rows.length === 1;
  }

  /** Records that the slot finished; about once an hour also prunes old claims. */
  async onComplete(key: string): Promise<void> {
    const now = this.options.clock.now();
    await this.options.db.execute(
      sql`update scheduler_runs set finished_at = ${now.toISOString()}::timestamptz
          where key = ${key} and claimed_by = ${this.options.instanceId}`,
    );
    if (Math.abs(now.getTime() - this.lastPurge) < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    const cutoff = new Date(now.getTime() - this.retainMs);
    await this.options.db.execute(sql`delete from scheduler_runs where expires_at < ${cutoff.toISOString()}::timestamptz`);
  }

  claimSlot(slot: Date): Promise<boolean> {
    return this.shouldRun(slotKey(slot), this.ttlMs);
  }

  completeSlot(slot: Date): Promise<void> {
    return this.onComplete(slotKey(slot));
  }
}
