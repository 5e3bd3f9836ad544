import cron, { type ScheduledTask, type TaskContext } from 'node-cron';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { sql, type Db } from '../db/client.js';
import type { ProgramCatalog } from '../domain/programs/catalog.js';
import { PlannerRegistry, type Planner, type PlannerContext } from './planner.js';
import { DbRunCoordinator } from './run-coordinator.js';
import { MINUTE_MS, TICK_TASK_NAME, cronMatcher, floorMinute, walkTicks, type TickMatcher } from './ticks.js';

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  catalog: ProgramCatalog;
  planners: Iterable<Planner>;
  /** Names this replica in scheduler_runs. */
  instanceId: string;
  /** A cron expression of minute granularity; `* * * * *` by default. */
  schedule?: string;
  timezone?: string;
  /** How long a slot claim is held (node-cron's `distributedLease`). */
  leaseMs?: number;
}

/**
 * After a burst this large, refresh the outbox's statistics at once instead of waiting for
 * autovacuum: with stale ones PostgreSQL expects a handful of due rows and claims each batch
 * by sorting every due row (FOR UPDATE keeps the sort unbounded), ~20x slower per claim than
 * walking the due index, which it picks once it knows how many rows there are.
 */
const ANALYZE_AFTER_ROWS = 10_000;

export interface SlotResult {
  claimed: boolean;
  planned: number;
}

/**
 * One node-cron task per process, in node-cron's `distributed` mode with our database-backed
 * run coordinator: every replica's task fires, only the replica that claims the slot in
 * scheduler_runs plans it. Planning asks each registered planner what is due at the slot.
 */
export class Scheduler {
  readonly coordinator: DbRunCoordinator;
  private readonly registry: PlannerRegistry;
  private readonly match: TickMatcher;
  private task: ScheduledTask | null = null;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {
    this.registry = new PlannerRegistry(options.planners);
    this.coordinator = new DbRunCoordinator({
      db: options.db,
      clock: options.clock,
      instanceId: options.instanceId,
      ttlMs: options.leaseMs,
    });
    this.match = cronMatcher(this.schedule, options.timezone);
  }

  private get plannerContext(): PlannerContext {
    const { db, catalog, clock, logger } = this.options;
    return { db, catalog, clock, logger };
  }

  get schedule(): string {
    return this.options.schedule ?? '* * * * *';
  }

  register(planner: Planner): this {
    this.registry.register(planner);
    return this;
  }

  /** Starts the cron task; node-cron claims each slot through `coordinator` before firing. */
  start(): void {
    if (this.task) return;
    const { logger, timezone, leaseMs } = this.options;
    this.task = cron.schedule(this.schedule, (ctx) => this.onTick(ctx), {
      // The key node-cron claims is `<name>:<slot ISO>`, the same as `slotKey`.
      name: TICK_TASK_NAME,
      distributed: true,
      runCoordinator: this.coordinator,
      distributedLease: leaseMs,
      noOverlap: true,
      timezone,
      logger: {
        info: (m) => logger.debug({ component: 'node-cron' }, m),
        warn: (m) => logger.warn({ component: 'node-cron' }, m),
        error: (m, err) => logger.error({ component: 'node-cron', err: err ?? m }, 'node-cron error'),
        debug: (m) => logger.debug({ component: 'node-cron' }, String(m)),
      },
    });
  }

  /** Stops the task and waits for a slot being planned to finish. */
  async stop(): Promise<void> {
    const task = this.task;
    this.task = null;
    if (task) await task.destroy();
    await this.inFlight;
  }

  /** Claims the slot, then (only if claimed) runs every planner for it. */
  async runSlot(slot: Date): Promise<SlotResult> {
    if (!(await this.coordinator.claimSlot(slot))) return { claimed: false, planned: 0 };
    try {
      return { claimed: true, planned: await this.planSlot(slot) };
    } finally {
      await this.coordinator.completeSlot(slot);
    }
  }

  /**
   * Runs every planner for a slot this replica already holds. One failing planner does not
   * stop the others; it is logged, and its work is still due at the next slot.
   */
  async planSlot(slot: Date): Promise<number> {
    const { db, logger } = this.options;
    let total = 0;
    for (const planner of this.registry.all()) {
      const started = performance.now();
      try {
        const planned = await planner.plan(this.plannerContext, slot);
        total += planned;
        const durationMs = Math.round(performance.now() - started);
        if (planned > 0) logger.info({ planner: planner.name, slot: slot.toISOString(), planned, durationMs }, 'planned');
      } catch (err) {
        logger.error({ err, planner: planner.name, slot: slot.toISOString() }, 'planner failed');
      }
    }
    if (total >= ANALYZE_AFTER_ROWS) await db.execute(sql`analyze outbox`);
    return total;
  }

  /**
   * Runs the scheduler for every tick in (from, to], as if the clock had moved through them:
   * the terminal's `:advance 3d` and tests. Ticks where nothing is due are skipped (see
   * `walkTicks`) when every planner implements `nextDueAt`; otherwise every tick runs.
   * `atSlot` runs before each slot is planned (moving the clock there) and `afterSlot` after
   * (delivering what it queued), so work is done at its own time, not at the end of the walk.
   */
  async advance(from: Date, to: Date, hooks: { atSlot?(slot: Date): void; afterSlot?(slot: Date): Promise<void> } = {}): Promise<{ ticks: number; planned: number }> {
    let planned = 0;
    const ticks = await walkTicks({
      match: this.match,
      from,
      to,
      nextDueAfter: this.registry.canJump() ? (cursor) => this.registry.nextDueAt(this.plannerContext, cursor) : undefined,
      run: async (tick) => {
        hooks.atSlot?.(tick);
        planned += (await this.runSlot(tick)).planned;
        await hooks.afterSlot?.(tick);
      },
    });
    return { ticks, planned };
  }

  private async onTick(ctx: TaskContext): Promise<void> {
    const slot = this.clockSlot(ctx.date);
    const run = this.planSlot(slot).catch((err: unknown) => {
      this.options.logger.error({ err, slot: slot.toISOString() }, 'scheduler tick failed');
    });
    this.inFlight = run;
    await run;
  }

  /**
   * node-cron fires on real time. The slot we plan comes from the injected clock: with the
   * system clock it is node-cron's slot; with a clock moved ahead (the terminal's `:advance`)
   * it is shifted by the same whole number of minutes, so planning follows the bot's time.
   * The key node-cron claimed stays the real slot, which all replicas share.
   */
  private clockSlot(cronSlot: Date): Date {
    const offset = Math.round((this.options.clock.now().getTime() - Date.now()) / MINUTE_MS) * MINUTE_MS;
    return floorMinute(new Date(cronSlot.getTime() + offset));
  }
}
