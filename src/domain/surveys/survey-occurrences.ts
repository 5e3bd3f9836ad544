import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Db } from '../../db/client.js';
import { toDate } from '../../jobs/planner.js';
import { SURVEY_OPEN_DAYS, type SurveyPlanRow } from './survey-timing.js';

/** Days either way that an estimate from UTC dates and 30.4375-day months may be out by. */
const SLACK_DAYS = 4;

/** An occurrence's key: `survey:<survey>:<subject>:<person>:<occurrence>`, a repeating one's occurrence being `n`. */
const keyOf = (n: SQL, row = 'b') => {
  const r = sql.raw(row);
  return sql`('survey:' || ${r}.survey || ':' || ${r}.subject_id || ':' || ${r}.person_id || ':' || coalesce(${r}.label, (${n})::text))`;
};

/**
 * Survey occurrences are computed, not stored: each is a function of its event (an approval, a
 * match's start or close) and the survey's `when`, so one statement finds every occurrence due
 * and not yet queued, and the next one due. Who is asked: approved participants (a break that
 * has ended counts) whose role the survey names, never anyone erased or on a break (one with an
 * end date gets the occurrence when it ends, if it is still open then); for
 * `intake_approved`, those a coordinator approved (not people brought in by `:import`, whose
 * intake happened elsewhere); members of active matches (closed ones for `match_close`).
 *
 * When: the program's check-in time (moved out of quiet hours), in the person's time zone (their
 * own, else their platform's, else the program's, else UTC), on the day `offsetDays` after the
 * event's day, or the next day if that time is before the event itself. Repeating surveys come
 * `every` after the match's start date, counted from the start each time (no drift).
 * An occurrence is never planned more than SURVEY_OPEN_DAYS after it was due, and a repeating
 * survey's is superseded by its next.
 *
 * The key, `survey:<survey>:<subject>:<person>:<occurrence>`, is the outbox's idempotency key
 * and the survey run's, so an occurrence is asked once, across retries, replicas and restarts.
 */
function occurrencesSql(plan: readonly SurveyPlanRow[], zones: readonly string[], at: Date, mode: 'due' | 'next'): SQL {
  const now = sql`${at.toISOString()}::timestamptz`;
  const recent = sql`(${now} - make_interval(days => s.off + ${SURVEY_OPEN_DAYS + 2}))`;
  // Repeating surveys, in whole days from the start (UTC dates, months as 30.4375 days): where
  // the latest occurrence falls, roughly, and so which members need the exact sums below.
  const slack = sql.raw(String(SLACK_DAYS));
  const phase = sql`(b.elapsed - floor(b.elapsed / b.period) * b.period)`;
  const near = sql`(b.elapsed >= b.period - ${slack} and (${phase} <= ${sql.raw(String(SURVEY_OPEN_DAYS + SLACK_DAYS))} or ${phase} >= b.period - ${slack}))`;
  const nextDay = sql`(b.started_on + b.off + ((floor(greatest(b.elapsed, 0) / b.period) + 1) * b.period)::int)`;
  return sql`
    with s as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(plan)}::jsonb)
        as s(slug text, survey text, event text, off int, every_days int, every_months int, roles text[], t time, eff time, shift int, zone text)
    ), candidates as ${mode === 'next' ? sql`materialized` : sql`not materialized`} (
      select s.*, pr.id as program_id, 'application'::text as subject_type, a.id as subject_id, null::uuid as match_id, a.person_id,
        a.decided_at as anchor, null::date as started_on, 'approved-' || floor(extract(epoch from a.decided_at))::bigint::text as label,
        null::int as elapsed, null::float8 as period
      from s
      join programs pr on pr.slug = s.slug
      join applications a on a.program_id = pr.id and a.state = 'approved' and a.decided_by is not null
        and a.role = any(s.roles) and a.decided_at > ${recent}
      where s.event = 'intake_approved'
      union all
      select s.*, pr.id, 'match', m.id, m.id, mm.person_id,
        case when s.event = 'match_close' then m.closed_at else m.approved_at end,
        -- The day a start is counted from; a close counts from its own instant's day.
        case when s.event = 'match_close' then null else m.started_on end,
        case s.event when 'match_close' then 'close' when 'match_start' then 'start' end,
        (${now} at time zone 'UTC')::date - m.started_on - s.off, (coalesce(s.every_days, 0) + coalesce(s.every_months, 0) * 30.4375)::float8
      from s
      join programs pr on pr.slug = s.slug
      join matches m on m.program_id = pr.id
      join match_members mm on mm.match_id = m.id and mm.role = any(s.roles)
      where (s.event = 'match_close' and m.state = 'closed' and m.closed_at > ${recent})
         or (s.event = 'match_start' and m.state = 'active' and m.started_on > (${recent} at time zone 'UTC')::date - 1
           ${mode === 'due' ? sql`and m.started_on + s.off <= (${now} at time zone 'UTC')::date + 1` : sql``})
         or (s.event = 'recurring' and m.state = 'active' and m.started_on is not null)
    ), base as (
      select b.* from candidates b
      where ${
        mode === 'next'
          ? sql`b.event <> 'recurring' or ${near} or ${nextDay} <= (select min(${nextDay}) from candidates b where b.event = 'recurring') + ${slack}`
          : // The latest occurrence's key, by the estimate (never below the exact one): queued, and
            // there is nothing to work out for this member.
            sql`(b.event <> 'recurring' or ${near})
              and not exists (select 1 from outbox q where q.idempotency_key = ${keyOf(sql`floor((b.elapsed + ${slack}) / b.period)::int`)})
              and not exists (select 1 from survey_runs r where r.key = ${keyOf(sql`floor((b.elapsed + ${slack}) / b.period)::int`)})`
      }
    ), zones as materialized (
      select jsonb_array_elements_text(${JSON.stringify(zones)}::jsonb) as name
    ), who as (
      -- A zone the database does not know would fail the whole statement: such a person's is skipped.
      select b.*, coalesce(case when x.time_zone in (select name from zones) then x.time_zone end,
          case when x.platform_time_zone in (select name from zones) then x.platform_time_zone end, b.zone, 'UTC') as tz,
        -- On a break that ends: the occurrence waits for its end (if it is still open then).
        case when pt.state = 'paused' and pt.paused_until > ${now} then pt.paused_until end as back_at
      from base b
      join people x on x.id = b.person_id and x.erased_at is null
      join participations pt on pt.program_id = b.program_id and pt.person_id = b.person_id
      where pt.state = 'approved' or (pt.state = 'paused' and pt.resume_state = 'approved' and pt.paused_until is not null)
    ), occ as (
      select w.*, o.cur_n, o.cur_due, o.next_due, ${keyOf(sql`o.cur_n`, 'w')} as key
      from who w
      cross join lateral (
        select max(c.n) filter (where c.due <= ${now}) as cur_n, max(c.due) filter (where c.due <= ${now}) as cur_due,
          min(c.due) filter (where c.due > ${now}) as next_due
        from (
          select null::int as n, ((d.day + w.shift) + w.eff) at time zone w.tz as due
          from (select coalesce(w.started_on, (w.anchor at time zone w.tz)::date) + w.off as day0) x
          cross join lateral (select case when x.day0 + w.t < (w.anchor at time zone w.tz) then x.day0 + 1 else x.day0 end as day) d
          where w.event <> 'recurring'
          union all
          select k, ((r.day + w.shift) + w.eff) at time zone w.tz
          from (select floor(((${now} at time zone w.tz)::date - w.started_on - w.off)::numeric
                  / (coalesce(w.every_days, 0) + coalesce(w.every_months, 0) * 30.4375))::int as est) e
          cross join lateral generate_series(greatest(1, e.est - 1), greatest(1, e.est + 2)) k
          cross join lateral (select (w.started_on + make_interval(months => coalesce(w.every_months, 0) * k, days => coalesce(w.every_days, 0) * k + w.off))::date as day) r
          where w.event = 'recurring'
        ) c
      ) o
    ), opened as (
      select occ.*, (cur_due is not null and cur_due > ${now} - make_interval(days => ${SURVEY_OPEN_DAYS})
        and not exists (select 1 from outbox q where q.idempotency_key = occ.key)
        and not exists (select 1 from survey_runs r where r.key = occ.key)) as unqueued
      from occ
    ), marked as (
      select opened.*, unqueued and back_at is null as pending, unqueued and back_at is not null as waiting from opened
    )`;
}

// The database's time zone names, read once per database (a scan of pg_timezone_names costs tens of ms).
const knownZones = new WeakMap<Db, Promise<string[]>>();
function zonesOf(db: Db): Promise<string[]> {
  let zones = knownZones.get(db);
  if (!zones) {
    zones = queryRows<{ name: string }>(db, sql`select name from pg_timezone_names`).then((rows) => rows.map((r) => r.name));
    knownZones.set(db, zones);
  }
  return zones;
}

export interface PendingOccurrence {
  key: string;
  slug: string;
  survey: string;
  program_id: string;
  subject_type: 'application' | 'match';
  subject_id: string;
  match_id: string | null;
  person_id: string;
  tz: string;
  occurrence: string;
  due: string;
}

/** Occurrences due at or before `at` and not yet queued, oldest first. */
export async function pendingOccurrences(db: Db, plan: readonly SurveyPlanRow[], at: Date, limit: number): Promise<PendingOccurrence[]> {
  if (plan.length === 0) return [];
  const rows = await queryRows<Omit<PendingOccurrence, 'due'> & { due: Date | string }>(
    db,
    sql`${occurrencesSql(plan, await zonesOf(db), at, 'due')}
      select key, slug, survey, program_id, subject_type, subject_id, match_id, person_id, tz,
        coalesce(label, cur_n::text) as occurrence, cur_due as due
      from marked where pending
      order by cur_due, key
      limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, due: toDate(r.due)!.toISOString() }));
}

/**
 * The earliest occurrence due after `after` (or break ending with one waiting), and the
 * occurrences already due but not queued (held back by a person's quiet hours): the planner
 * says when those can go.
 */
export async function upcomingOccurrences(db: Db, plan: readonly SurveyPlanRow[], after: Date): Promise<{ next: Date | null; held: { slug: string; tz: string }[] }> {
  if (plan.length === 0) return { next: null, held: [] };
  const [row] = await queryRows<{ next: Date | string | null; held: { slug: string; tz: string }[] | null }>(
    db,
    sql`${occurrencesSql(plan, await zonesOf(db), after, 'next')}
      select least(min(next_due), min(back_at) filter (where waiting)) as next,
        (select jsonb_agg(distinct jsonb_build_object('slug', slug, 'tz', tz)) from marked where pending) as held
      from marked`,
  );
  return { next: toDate(row?.next), held: row?.held ?? [] };
}
