import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Db } from '../../db/client.js';
import type { Cadence } from '../programs/definition.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { firstDueAtSql, recurringPlanner, WEEKDAYS } from '../../jobs/recurring.js';
import type { Planner } from '../../jobs/planner.js';
import { CHECKIN } from './checkin-questionnaire.js';

const EVERY: Record<Cadence, string> = { weekly: '7 days', biweekly: '14 days', monthly: '1 month' };

/**
 * The loaded programs that check in, as rows the statements join on by slug: the catalog (the
 * files this process runs) decides, as it does for delivery, not the definition last stored.
 */
function settingsSql(catalog: ProgramCatalog): SQL {
  const rows = catalog.all().flatMap(({ definition: d }) =>
    d.checkins ? [{ slug: d.slug, every: EVERY[d.checkins.cadence], weekday: WEEKDAYS[d.checkins.day], at: d.checkins.time, zone: d.timezone ?? null }] : [],
  );
  return sql`select s.slug, s.every::interval as every, s.weekday, s.at::time as at, s.zone
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as s(slug text, every text, weekday int, at text, zone text)`;
}

/** Members of active matches in programs that check in, with no check-in schedule yet (a match just started). */
const unscheduledSql = sql`
  from settings s
  join programs p on p.slug = s.slug
  join matches m on m.program_id = p.id and m.state = 'active'
  join match_members mm on mm.match_id = m.id
  join people x on x.id = mm.person_id and x.erased_at is null
  where not exists (select 1 from schedules c where c.kind = ${CHECKIN} and c.subject_id = m.id and c.person_id = mm.person_id)`;

/**
 * Creates every missing check-in schedule in one statement. Each member's zone is their answer,
 * else their platform profile's, else the program's, else UTC, each taken only if PostgreSQL
 * knows it (matched without regard to case, stored as PostgreSQL spells it), so one mistyped
 * zone falls back instead of failing the statement for everyone. The first due time is worked
 * out once per program and zone, not per person. Two schedulers racing insert one schedule
 * each (the unique index, ON CONFLICT DO NOTHING); rows go in a fixed order so they wait on
 * each other rather than deadlock.
 */
export async function createCheckinSchedules(db: Db, catalog: ProgramCatalog, slot: Date): Promise<number> {
  const at = slot.toISOString();
  const rows = await queryRows<{ created: number }>(
    db,
    sql`with settings as (${settingsSql(catalog)}),
        members as materialized (
          select m.id as match_id, m.program_id, mm.person_id, s.slug, x.time_zone, x.platform_time_zone, s.zone as program_zone
          ${unscheduledSql}
        ),
        known as materialized (
          select distinct on (lower(z.name)) z.name, lower(z.name) as key from pg_timezone_names z
          where lower(z.name) in (select lower(u.zone) from members,
            lateral (values (members.time_zone), (members.platform_time_zone), (members.program_zone)) u(zone))
          order by lower(z.name), z.name
        ),
        zoned as materialized (
          select mb.match_id, mb.program_id, mb.person_id, mb.slug, coalesce(k1.name, k2.name, k3.name, 'UTC') as zone
          from members mb
          left join known k1 on k1.key = lower(mb.time_zone)
          left join known k2 on k2.key = lower(mb.platform_time_zone)
          left join known k3 on k3.key = lower(mb.program_zone)
        ),
        firsts as (
          select g.slug, g.zone, s.every,
            ${firstDueAtSql({ weekday: sql`s.weekday`, time: sql`s.at`, zone: sql`g.zone`, after: sql`${at}::timestamptz` })} as due
          from (select distinct slug, zone from zoned) g join settings s on s.slug = g.slug
        ),
        created as (
          insert into schedules (kind, person_id, program_id, subject_id, time_zone, every, next_due_at, created_at)
          select ${CHECKIN}, z.person_id, z.program_id, z.match_id, z.zone, f.every, f.due, ${at}::timestamptz
          from zoned z join firsts f on f.slug = z.slug and f.zone = z.zone
          order by z.match_id, z.person_id
          on conflict (kind, subject_id, person_id) do nothing
          returning 1
        )
        select count(*)::int as created from created`,
  );
  return Number(rows[0]?.created ?? 0);
}

/** Whether any member of an active match still needs a schedule (an indexed probe per member). */
async function anyUnscheduled(db: Db, catalog: ProgramCatalog): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(db, sql`with settings as (${settingsSql(catalog)}) select exists (select 1 ${unscheduledSql}) as found`);
  return rows[0]?.found === true;
}

/**
 * Check-ins: each member of each active match gets a schedule at the program's day and time in
 * their own time zone, made on the first tick after the match starts; the recurring planner
 * then queues each occurrence as a `checkin` delivery. Both are single set-based statements,
 * whatever the number of matches.
 */
export function checkinPlanner(): Planner {
  const recurring = recurringPlanner({ name: 'checkins', kind: CHECKIN });
  return {
    name: 'checkins',
    async plan(ctx, slot) {
      await createCheckinSchedules(ctx.db, ctx.catalog, slot);
      return recurring.plan(ctx, slot);
    },
    async nextDueAt(ctx, after) {
      // A match that has no schedules yet is work for the very next tick.
      if (await anyUnscheduled(ctx.db, ctx.catalog)) return new Date(after.getTime() + 60_000);
      return recurring.nextDueAt!(ctx, after);
    },
  };
}
