import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Db } from '../../db/client.js';
import type { Cadence } from '../programs/definition.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { firstDueAtSql, inBulkSettings, recurringPlanner, WEEKDAYS } from '../../jobs/recurring.js';
import type { Planner } from '../../jobs/planner.js';
import { CHECKIN } from './checkin-questionnaire.js';

const EVERY: Record<Cadence, string> = { weekly: '7 days', biweekly: '14 days', monthly: '1 month' };

/**
 * Matches given schedules per statement, and the time a tick goes on making more: a burst of
 * new matches (a whole cohort at once) is spread over a few ticks instead of holding one tick,
 * and the rows it locks, for many seconds. 2,500 matches (5,000 schedules) take about half a
 * second on a busy two-core machine.
 */
export const MATCHES_PER_STATEMENT = 2_500;
export const SCHEDULING_BUDGET_MS = 1_000;

/**
 * The loaded programs that check in, as a VALUES list of (slug, every, weekday, at, zone) that
 * the statements join on by slug (a VALUES list, so the planner knows how few rows it has).
 * The catalog, the files this process runs, decides, as it does for delivery, not the
 * definition last stored. Null when no program checks in.
 */
function settingsSql(catalog: ProgramCatalog): SQL | null {
  const rows = catalog.all().flatMap(({ definition: d }) =>
    d.checkins
      ? [sql`(${d.slug}, ${EVERY[d.checkins.cadence]}::interval, ${WEEKDAYS[d.checkins.day]}::int, ${d.checkins.time}::time, ${d.timezone ?? null}::text)`]
      : [],
  );
  return rows.length === 0 ? null : sql`values ${sql.join(rows, sql`, `)}`;
}

/** Active matches in programs that check in whose members have no schedules yet (partial index). */
const unplannedSql = (settings: SQL) => sql`
  from (${settings}) as s(slug, every, weekday, at, zone)
  join programs p on p.slug = s.slug
  join matches m on m.program_id = p.id and m.state = 'active' and m.checkins_planned_at is null`;

/**
 * Gives the members of the matches that became active since the last tick (at most `limit` of
 * them) their check-in schedules, in one statement, and marks the matches planned, so a tick
 * with no new match costs an index probe however many matches there are.
 *
 * Each member's zone is their answer, else their platform profile's, else the program's, else
 * UTC, each taken only if PostgreSQL knows it (without regard to case, stored as PostgreSQL
 * spells it): one mistyped zone falls back instead of failing the statement for everyone. The
 * first due time is worked out once per program and zone in use, not per person. Both are
 * looked up in a jsonb object, so the statement's cost does not hang on join estimates. Two
 * schedulers at once take different matches (SKIP LOCKED); a member who already has a
 * schedule keeps it (the unique index, ON CONFLICT DO NOTHING).
 */
export async function createCheckinSchedules(
  db: Db,
  catalog: ProgramCatalog,
  slot: Date,
  limit?: number,
): Promise<{ matches: number; created: number }> {
  const statement = createSchedulesSql(catalog, slot, limit);
  if (!statement) return { matches: 0, created: 0 };
  const [row] = await inBulkSettings(db, (tx) => queryRows<{ matches: number; created: number }>(tx, statement));
  return { matches: Number(row?.matches ?? 0), created: Number(row?.created ?? 0) };
}

/**
 * The statement of `createCheckinSchedules`, for at most `limit` matches (all when unset); it
 * returns how many matches it planned and schedules it made. Null when no program checks in.
 */
export function createSchedulesSql(catalog: ProgramCatalog, slot: Date, limit?: number): SQL | null {
  const settings = settingsSql(catalog);
  if (!settings) return null;
  const at = sql`${slot.toISOString()}::timestamptz`;
  // An InitPlan, evaluated once: the object is not carried along with every row.
  const zone = (name: SQL) => sql`((select k.names from known k) ->> lower(${name}))`;
  return sql`with todo as materialized (
          select m.id, m.program_id, s.slug, s.every, s.weekday, s.at, s.zone ${unplannedSql(settings)}
          ${limit === undefined ? sql`` : sql`limit ${limit}`}
          for no key update of m skip locked
        ),
        marked as (
          update matches m set checkins_planned_at = ${at} from todo t where m.id = t.id
        ),
        known as materialized (
          -- The zones PostgreSQL knows, by lower-case name; read only when there is work.
          select case when exists (select 1 from todo)
            then (select jsonb_object_agg(lower(z.name), z.name) from pg_timezone_names z) end as names
        ),
        members as materialized (
          select t.id as match_id, t.program_id, t.slug, t.every, t.weekday, t.at, mm.person_id,
            coalesce(${zone(sql`x.time_zone`)}, ${zone(sql`x.platform_time_zone`)}, ${zone(sql`t.zone`)}, 'UTC') as zone
          from todo t
          join match_members mm on mm.match_id = t.id
          join people x on x.id = mm.person_id and x.erased_at is null
        ),
        firsts as materialized (
          select jsonb_object_agg(g.slug || ' ' || g.zone,
            ${firstDueAtSql({ weekday: sql`g.weekday`, time: sql`g.at`, zone: sql`g.zone`, after: at })}) as due
          from (select distinct slug, weekday, at, zone from members) g
        ),
        created as (
          insert into schedules (kind, person_id, program_id, subject_id, time_zone, every, next_due_at, created_at)
          select ${CHECKIN}, mb.person_id, mb.program_id, mb.match_id, mb.zone, mb.every, (f.due ->> (mb.slug || ' ' || mb.zone))::timestamptz, ${at}
          from members mb cross join firsts f
          on conflict (kind, subject_id, person_id) do nothing
          returning 1
        )
        select (select count(*)::int from todo) as matches, (select count(*)::int from created) as created`;
}

/** Whether a match that became active still waits for its members' schedules (an index probe). */
async function anyUnplanned(db: Db, catalog: ProgramCatalog): Promise<boolean> {
  const settings = settingsSql(catalog);
  if (!settings) return false;
  const rows = await queryRows<{ found: boolean }>(db, sql`select exists (select 1 ${unplannedSql(settings)}) as found`);
  return rows[0]?.found === true;
}

/**
 * Check-ins: each member of each active match gets a schedule at the program's day and time in
 * their own time zone, made on the first tick after the match starts (or the next few, for a
 * burst of thousands); the recurring planner then queues each occurrence as a `checkin`
 * delivery. Both are set-based statements, whatever the number of matches.
 */
export function checkinPlanner(): Planner {
  const recurring = recurringPlanner({ name: 'checkins', kind: CHECKIN });
  return {
    name: 'checkins',
    async plan(ctx, slot) {
      const started = performance.now();
      let done: { matches: number };
      do done = await createCheckinSchedules(ctx.db, ctx.catalog, slot, MATCHES_PER_STATEMENT);
      while (done.matches === MATCHES_PER_STATEMENT && performance.now() - started < SCHEDULING_BUDGET_MS);
      return recurring.plan(ctx, slot);
    },
    async nextDueAt(ctx, after) {
      // A match that has no schedules yet is work for the very next tick.
      if (await anyUnplanned(ctx.db, ctx.catalog)) return new Date(after.getTime() + 60_000);
      return recurring.nextDueAt!(ctx, after);
    },
  };
}
