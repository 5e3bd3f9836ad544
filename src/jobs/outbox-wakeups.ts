import { queryRows, sql } from '../db/client.js';
import { toDate, type Planner } from './planner.js';

/**
 * Plans nothing; tells `advance` when a queued row next becomes deliverable (a check-in put off
 * past quiet hours, a retry after a backoff), so a walk through time delivers it then, not at
 * the next planned tick.
 */
export const outboxWakeups: Planner = {
  name: 'outbox-wakeups',
  plan: () => Promise.resolve(0),
  async nextDueAt({ db }, after) {
    const [row] = await queryRows<{ due: Date | string | null }>(
      db,
      sql`select min(available_at) as due from outbox where status = 'pending' and not held and available_at > ${after.toISOString()}::timestamptz`,
    );
    return toDate(row?.due);
  },
};
