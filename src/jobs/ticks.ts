import cron from 'node-cron';

/**
 * Tick maths for the scheduler, at minute granularity: a slot is a whole minute the cron
 * expression matches (a six-field expression with seconds is only looked at on second 0).
 */

export const MINUTE_MS = 60_000;

export type TickMatcher = (date: Date) => boolean;

export function floorMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS);
}

export function ceilMinute(date: Date): Date {
  return new Date(Math.ceil(date.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** The coordination key of a slot; node-cron builds the same from a task named `tick`. */
export const TICK_TASK_NAME = 'tick';

export function slotKey(slot: Date): string {
  return `${TICK_TASK_NAME}:${slot.toISOString()}`;
}

/**
 * A matcher for the cron expression in its time zone, from node-cron itself so the ticks we
 * compute are the ones node-cron fires. node-cron does not export its matcher, so we borrow an
 * unstarted task's `match` and destroy the task at once (destroying leaves its matcher usable
 * and takes the task out of node-cron's global registry).
 */
export function cronMatcher(expression: string, timezone?: string): TickMatcher {
  const task = cron.createTask(expression, () => undefined, timezone ? { timezone } : {});
  const match = task.match.bind(task);
  void task.destroy();
  return (date) => match(date);
}

/** The first tick at or after `at` and no later than `limit`; null when there is none. */
export function nextTickAtOrAfter(match: TickMatcher, at: Date, limit: Date): Date | null {
  for (let t = ceilMinute(at).getTime(); t <= limit.getTime(); t += MINUTE_MS) {
    const tick = new Date(t);
    if (match(tick)) return tick;
  }
  return null;
}

/** The last tick at or before `at` and strictly after `after`; null when there is none. */
export function lastTickAtOrBefore(match: TickMatcher, at: Date, after: Date): Date | null {
  for (let t = floorMinute(at).getTime(); t > after.getTime(); t -= MINUTE_MS) {
    const tick = new Date(t);
    if (match(tick)) return tick;
  }
  return null;
}

export interface TickWalk {
  match: TickMatcher;
  /** Exclusive: the tick at `from` already ran. */
  from: Date;
  /** Inclusive. */
  to: Date;
  /**
   * The earliest time strictly after `cursor` at which any planner has work, or null for none.
   * Absent means "unknown", and every tick is run.
   */
  nextDueAfter?: (cursor: Date) => Promise<Date | null>;
  run: (tick: Date) => Promise<void>;
}

/**
 * Runs the ticks in (from, to] that can matter, in order, and returns how many ran.
 *
 * Running every tick of two weeks at one a minute is 20,160 slots; instead we run the first
 * tick (it catches anything already overdue), then jump from due time to due time (the tick at
 * or after each), then the last tick. Skipped ticks would have found nothing due, so planners
 * see the same slots for the same work as if every tick had run.
 */
export async function walkTicks(walk: TickWalk): Promise<number> {
  const { match, from, to, nextDueAfter, run } = walk;
  const first = nextTickAtOrAfter(match, new Date(from.getTime() + 1), to);
  if (!first) return 0;
  let cursor: Date = first;
  await run(cursor);
  let ran = 1;
  for (;;) {
    const after: Date = new Date(cursor.getTime() + 1);
    let next: Date | null;
    if (nextDueAfter) {
      const due = await nextDueAfter(cursor);
      // A due time at or before the cursor would stall the walk; step past it instead.
      next = due ? nextTickAtOrAfter(match, due > after ? due : after, to) : null;
    } else {
      next = nextTickAtOrAfter(match, after, to);
    }
    if (!next) break;
    await run(next);
    ran++;
    cursor = next;
  }
  const last = lastTickAtOrBefore(match, to, cursor);
  if (last) {
    await run(last);
    ran++;
  }
  return ran;
}
