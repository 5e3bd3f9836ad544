import { queryRows, sql } from '../../db/client.js';
import type { Cadence } from '../programs/definition.js';
import { createSchedule, firstDueAt, recurringPlanner, WEEKDAYS } from '../../jobs/recurring.js';
import type { Planner, PlannerContext } from '../../jobs/planner.js';
import { CHECKIN } from './checkin-questionnaire.js';

const EVERY: Record<Cadence, string> = { weekly: '7 days', biweekly: '14 days', monthly: '1 month' };
const BATCH = 500;

/** Members of active matches who have no check-in schedule yet (a match just started). */
async function unscheduled(ctx: Pick<PlannerContext, 'db'>, limit: number) {
  return queryRows<{ match_id: string; program_id: string; slug: string; person_id: string; time_zone: string | null }>(
    ctx.db,
    sql`select m.id as match_id, m.program_id, p.slug, mm.person_id, x.time_zone
        from matches m
        join programs p on p.id = m.program_id
        join match_members mm on mm.match_id = m.id
        join people x on x.id = mm.person_id and x.erased_at is null
        where m.state = 'active'
          and not exists (select 1 from schedules s where s.kind = ${CHECKIN} and s.subject_id = m.id and s.person_id = mm.person_id)
        order by m.approved_at, m.id, mm.person_id
        limit ${limit}`,
  );
}

/**
 * Check-ins: each member of each active match gets a schedule at the program's day and time in
 * their own time zone (their answer, else the program's), made on the first tick after the
 * match starts; the recurring planner then queues each occurrence as a `checkin` delivery.
 */
export function checkinPlanner(): Planner {
  const recurring = recurringPlanner({ name: 'checkins', kind: CHECKIN });
  return {
    name: 'checkins',
    async plan(ctx, slot) {
      for (const row of await unscheduled(ctx, BATCH)) {
        const settings = ctx.catalog.get(row.slug)?.checkins;
        if (!settings) continue;
        const program = ctx.catalog.get(row.slug)!;
        const zone = row.time_zone ?? program.timezone ?? 'UTC';
        await createSchedule(ctx.db, {
          kind: CHECKIN,
          personId: row.person_id,
          programId: row.program_id,
          subjectId: row.match_id,
          timeZone: zone,
          every: EVERY[settings.cadence],
          firstDueAt: firstDueAt({ weekday: WEEKDAYS[settings.day], time: settings.time, zone, after: slot }),
          now: slot,
        });
      }
      return recurring.plan(ctx, slot);
    },
    async nextDueAt(ctx, after) {
      // A match that has no schedules yet is work for the very next tick.
      if ((await unscheduled(ctx, 1)).length > 0) return new Date(after.getTime() + 60_000);
      return recurring.nextDueAt!(ctx, after);
    },
  };
}
