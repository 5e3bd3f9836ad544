import { sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../db/client.js';
import type { ProgramCatalog } from '../domain/programs/catalog.js';

/** What a planner is handed: never a singleton, so tests give it PGlite and a manual clock. */
export interface PlannerContext {
  db: Db;
  catalog: ProgramCatalog;
  clock: Clock;
  logger: Logger;
}

/**
 * A capability's answer to "what is due at time t". `plan` moves everything due at or before
 * the slot into the outbox in one set-based, indexed statement with a unique idempotency key
 * (ON CONFLICT DO NOTHING), so running it twice, or for two slots, never duplicates a message.
 */
export interface Planner {
  readonly name: string;
  /**
   * Housekeeping (retention sweeps) runs on every tick it is given but never asks `advance`
   * to stop for it: it sends nothing a person waits for.
   */
  readonly housekeeping?: boolean;
  /** Plans what is due at or before `slot`; returns how many outbox rows it inserted. */
  plan(ctx: PlannerContext, slot: Date): Promise<number>;
  /**
   * The earliest due time strictly after `after` of work not yet planned (an indexed min()).
   * Required of every planner that is not housekeeping, so `advance` can jump between due times.
   */
  nextDueAt?(ctx: PlannerContext, after: Date): Promise<Date | null>;
}

/** The planners of one scheduler; names are unique so logs say which one did what. */
export class PlannerRegistry {
  private readonly planners: Planner[] = [];

  constructor(planners: Iterable<Planner> = []) {
    for (const p of planners) this.register(p);
  }

  register(planner: Planner): this {
    if (this.planners.some((p) => p.name === planner.name)) {
      throw new Error(`A planner named ${planner.name} is already registered`);
    }
    this.planners.push(planner);
    return this;
  }

  all(): readonly Planner[] {
    return this.planners;
  }

  /**
   * True when every planner that is not housekeeping can say when it next has work, so ticks
   * can be skipped. Housekeeping runs on whichever ticks are run.
   */
  canJump(): boolean {
    return this.planners.every((p) => p.housekeeping === true || p.nextDueAt !== undefined);
  }

  /** The earliest next due time over the planners that are not housekeeping, or null when none has any. */
  async nextDueAt(ctx: PlannerContext, after: Date): Promise<Date | null> {
    let earliest: Date | null = null;
    for (const p of this.planners) {
      const due = p.nextDueAt && p.housekeeping !== true ? await p.nextDueAt(ctx, after) : null;
      if (due && (!earliest || due < earliest)) earliest = due;
    }
    return earliest;
  }
}

/** Raw statements return timestamps as Date (PGlite) or string (postgres-js via drizzle). */
export function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value);
}

/**
 * Claims a run of a planner that works at most once every `everyMs` (housekeeping sweeps), as
 * one statement returning a row only when claimed: the last run is read from planner_runs, not
 * the clock, so any tick that long after it runs, however `advance` jumps, and two replicas
 * never both run. Use it alone, or as a CTE whose row the work's statements require.
 */
export function claimRunSql(name: string, slot: Date, everyMs: number): SQL {
  return sql`insert into planner_runs (name, last_run_at) values (${name}, ${slot.toISOString()}::timestamptz)
    on conflict (name) do update set last_run_at = excluded.last_run_at
    where planner_runs.last_run_at <= ${new Date(slot.getTime() - everyMs).toISOString()}::timestamptz
    returning 1`;
}
