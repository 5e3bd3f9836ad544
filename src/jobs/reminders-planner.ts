import { queryRows, sql } from '../db/client.js';
import { insertDmsSql, USER_ADDRESS_SQL } from './enqueue.js';
import { toDate, type Planner, type PlannerContext } from './planner.js';

/**
 * Reminders due at or before the slot become DMs in the outbox, in ONE statement: a
 * data-modifying CTE takes them off the reminders queue (a range scan of the due_at index)
 * and feeds the insert, atomically; the reminder's own key is the idempotency key. Only a
 * count comes back, so 100,000 due reminders cost one round trip and no per-row memory here.
 * Reminders of erased people are dropped, not sent. Each is a `dm` in its person's lane, held
 * behind whatever is still open there (including an earlier reminder of the same statement).
 */
export const remindersPlanner: Planner = {
  name: 'reminders',

  async plan({ db }: PlannerContext, slot: Date): Promise<number> {
    const at = slot.toISOString();
    const rows = await queryRows<{ planned: number }>(
      db,
      sql`with due as (
            delete from reminders where due_at <= ${at}::timestamptz
            returning key, program_id, person_id, message
          ), inserted as (
            ${insertDmsSql({ from: sql`due r`, kind: 'dm', payload: sql`jsonb_build_object('type', 'dm', 'to', ${USER_ADDRESS_SQL}, 'message', r.message)`, at })}
          )
          select count(*)::int as planned from inserted`,
    );
    return Number(rows[0]?.planned ?? 0);
  },

  async nextDueAt({ db }: PlannerContext, after: Date): Promise<Date | null> {
    const rows = await queryRows<{ due: Date | string | null }>(
      db,
      sql`select min(due_at) as due from reminders where due_at > ${after.toISOString()}::timestamptz`,
    );
    return toDate(rows[0]?.due);
  },
};
