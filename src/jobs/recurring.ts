import { DateTime, IANAZone } from 'luxon';
import type { SQL } from 'drizzle-orm';
import { queryRows, sql, type Db } from '../db/client.js';
import { schedules } from '../db/schema/index.js';
import { USER_ADDRESS_SQL } from './enqueue.js';
import { DM_LANE_SQL } from './outbox-payload.js';
import { toDate, type Planner, type PlannerContext } from './planner.js';

/**
 * Recurring work (a weekly check-in, a quarterly review) as a materialised next due time per
 * subject in `schedules`: planning is one set-based statement over the (kind, next_due_at)
 * index, and `nextDueAt` an indexed min(), so cost grows with the work due, not with the
 * number of schedules, and `advance` jumps from due time to due time.
 */

/** ISO weekdays, as luxon numbers them. */
export const WEEKDAYS = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 } as const;

/**
 * The first time strictly after `after` that falls on `weekday` (1 = Monday ... 7 = Sunday) at
 * the local `time` (`HH:mm`) in `zone`, e.g. the first check-in of a weekly 10:00 Monday slot
 * in the person's time zone. A local time that a DST change skips moves forward, as luxon does.
 */
export function firstDueAt(input: { weekday: number; time: string; zone: string; after: Date }): Date {
  const { weekday, zone } = input;
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) throw new Error(`weekday must be 1 (Monday) to 7 (Sunday), got ${weekday}`);
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(input.time);
  if (!match) throw new Error(`time must be HH:mm, got "${input.time}"`);
  if (!IANAZone.isValidZone(zone)) throw new Error(`unknown time zone "${zone}"`);
  const at = { hour: Number(match[1]), minute: Number(match[2]), second: 0, millisecond: 0 };
  const start = DateTime.fromJSDate(input.after, { zone });
  // Pick the day first, then the time on it: a DST change on another day must not shift it.
  const day = start.startOf('day').plus({ days: (weekday - start.weekday + 7) % 7 });
  let due = day.set(at);
  if (due <= start) due = day.plus({ weeks: 1 }).set(at);
  return due.toJSDate();
}

/**
 * `firstDueAt` as a SQL expression, for set-based statements: the first instant strictly after
 * `after` (timestamptz) on ISO `weekday` (int) at local `time` (time) in `zone` (text, a zone
 * PostgreSQL knows). It follows luxon step by step (start of day, plus days, set the time,
 * plus a week), because the two read a local time differently around DST changes: for a time
 * that occurs twice, PostgreSQL's `at time zone` takes the later instant, luxon keeps the
 * offset it starts from. A test compares both across zones and DST changes. Inputs are used
 * many times: pass columns, and evaluate it over few rows (one per zone and setting).
 */
export function firstDueAtSql(input: { weekday: SQL; time: SQL; zone: SQL; after: SQL }): SQL {
  const { weekday, time, zone, after } = input;
  const local = (t: SQL) => sql`(${t} at time zone ${zone})`;
  const offset = (t: SQL) => sql`(${local(t)} - (${t} at time zone 'UTC'))`;
  // luxon's fixOffset: a local time read with a guessed offset `o`, as (at, off). `offset 0`
  // keeps each step evaluated once rather than inlined into the next.
  const fix = (wall: SQL, o: SQL, alias: string) => sql`lateral (
      select case when fd_f.o2 = ${o} then fd_f.g1 when fd_f.o3 = fd_f.o2 then fd_f.g2 else (${wall} - least(fd_f.o2, fd_f.o3)) at time zone 'UTC' end as at,
             case when fd_f.o2 = ${o} then ${o} when fd_f.o3 = fd_f.o2 then fd_f.o2 else greatest(fd_f.o2, fd_f.o3) end as off
      from (select fd_y.g1, fd_y.o2, fd_y.g2, ${offset(sql`fd_y.g2`)} as o3
            from (select fd_x.g1, fd_x.o2, fd_x.g1 - (fd_x.o2 - ${o}) as g2
                  from (select fd_g.g1, ${offset(sql`fd_g.g1`)} as o2 from (select (${wall} - ${o}) at time zone 'UTC' as g1) fd_g) fd_x) fd_y) fd_f
      offset 0) ${sql.raw(alias)}`;
  return sql`(select case when fd_d1.at > ${after} then fd_d1.at else fd_d2.at end
    from (select ${local(after)} as wall, ${offset(after)} as off) fd_s,
      ${fix(sql`date_trunc('day', fd_s.wall)`, sql`fd_s.off`, 'fd_sod')},
      ${fix(sql`(${local(sql`fd_sod.at`)} + make_interval(days => (${weekday} - extract(isodow from fd_s.wall)::int + 7) % 7))`, sql`fd_sod.off`, 'fd_day')},
      ${fix(sql`(${local(sql`fd_day.at`)}::date + ${time})`, sql`fd_day.off`, 'fd_d1')},
      ${fix(sql`(${local(sql`fd_day.at`)} + interval '7 days')`, sql`fd_day.off`, 'fd_week')},
      ${fix(sql`(${local(sql`fd_week.at`)}::date + ${time})`, sql`fd_week.off`, 'fd_d2')})`;
}

/**
 * Runs a planner's statement over many rows in a transaction of its own with settings for it:
 * no JIT (compiling the expressions took longer than running them over a tick's rows: 0.6 s of
 * 3.8 s for 33,000 check-ins) and room to sort in memory rather than on disk.
 */
export function inBulkSettings<T>(db: Db, run: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '32MB'`);
    return run(tx as unknown as Db);
  });
}

export interface NewSchedule {
  kind: string;
  personId: string;
  programId?: string | null;
  subjectId?: string | null;
  /** The person's IANA time zone, in which `every` keeps the local wall time. */
  timeZone: string;
  /** A PostgreSQL interval, e.g. `7 days`, `2 weeks`, `3 months`. */
  every: string;
  firstDueAt: Date;
  /** Merged into each occurrence's payload (e.g. `{ message }` for kind `dm`). */
  payload?: Record<string, unknown>;
  now: Date;
}

/** Creates a schedule; returns its id. */
export async function createSchedule(db: Db, input: NewSchedule): Promise<string> {
  if (!IANAZone.isValidZone(input.timeZone)) throw new Error(`unknown time zone "${input.timeZone}"`);
  const [row] = await db
    .insert(schedules)
    .values({
      kind: input.kind,
      personId: input.personId,
      programId: input.programId ?? null,
      subjectId: input.subjectId ?? null,
      timeZone: input.timeZone,
      every: input.every,
      nextDueAt: input.firstDueAt,
      payload: input.payload ?? {},
      createdAt: input.now,
    })
    .returning({ id: schedules.id });
  return row!.id;
}

export const DEFAULT_PER_STATEMENT = 2_500;
export const DEFAULT_BUDGET_MS = 1_000;

export interface RecurringPlannerOptions {
  /** The planner's name, for logs. */
  name: string;
  /** The schedules it plans (`schedules.kind`); also the first part of each idempotency key. */
  kind: string;
  /** The delivery kind of the outbox rows; defaults to `kind`. */
  delivery?: string;
  /**
   * `person` (default): the row joins its person's DM lane (`dmLane`), so it is delivered in
   * order with everything else sent to them; `none`: no ordering.
   */
  lane?: 'person' | 'none';
  /**
   * Occurrences queued per statement (default 2,500, about half a second on a busy two-core
   * machine), and the time a plan goes on queueing
   * more (default 1 s): a minute with tens of thousands due is queued over a few ticks, each
   * about a second, rather than one tick of many seconds. The platforms take far longer to
   * send them than the extra ticks add.
   */
  perStatement?: number;
  budgetMs?: number;
}

/**
 * A planner for one kind of schedule. Each plan moves the schedules due at or before the slot
 * into the outbox and advances their next_due_at, a statement for each few thousand, earliest
 * first, for about a second (what is left is due at the next tick): the due rows are locked
 * (SKIP LOCKED, so an overlapping slot on another replica skips rather than double-advances),
 * advanced, and inserted with the key `<kind>:<schedule id>:<due ISO>` (ON CONFLICT DO
 * NOTHING, so planning a slot twice queues nothing twice).
 *
 * next_due_at advances in local wall time: `((next_due_at at time zone tz) + every) at time
 * zone tz`, so 10:00 stays 10:00 across a DST change, and `1 month` follows the calendar. When
 * several occurrences were missed (the bot was down), one is sent and the schedule moves to the
 * first occurrence after the slot, rather than sending a backlog of stale check-ins: the step
 * count is estimated from the elapsed time and the exact candidates around it are compared.
 *
 * The payload is the schedule's payload plus `to` (the person's address), `scheduleId`,
 * `subjectId` and `dueAt`. People who were erased get nothing; their schedules still advance.
 */
export function recurringPlanner(options: RecurringPlannerOptions): Planner {
  const { name, kind } = options;
  const perStatement = options.perStatement ?? DEFAULT_PER_STATEMENT;
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const delivery = options.delivery ?? kind;
  const byPerson = (options.lane ?? 'person') === 'person';
  const order = sql.raw('d.next_due_at, d.id');

  /** One statement: up to `perStatement` occurrences due by the slot, earliest first. */
  async function planSome(db: Db, slot: Date): Promise<{ due: number; planned: number }> {
    const at = slot.toISOString();
    const [row] = await inBulkSettings(db, (tx) => queryRows<{ due: number; planned: number }>(
        tx,
        sql`with due as materialized (
              select s.id, s.person_id, s.program_id, s.subject_id, s.payload, s.next_due_at, s.time_zone, s.every,
                floor(extract(epoch from (${at}::timestamptz - s.next_due_at)) / extract(epoch from s.every))::int + 1 as steps
              from schedules s
              where s.kind = ${kind} and s.next_due_at <= ${at}::timestamptz
              order by s.next_due_at, s.id
              ${Number.isFinite(perStatement) ? sql`limit ${perStatement}` : sql``}
              for update skip locked
            ), advanced as (
              update schedules s set next_due_at = case
                -- The usual case, one step: no series to compare.
                when d.steps = 1 and ((d.next_due_at at time zone d.time_zone) + d.every) at time zone d.time_zone > ${at}::timestamptz
                  then ((d.next_due_at at time zone d.time_zone) + d.every) at time zone d.time_zone
                else coalesce(
                (select min(x.t) from generate_series(greatest(1, d.steps - 2), d.steps + 3) k,
                   lateral (select ((d.next_due_at at time zone d.time_zone) + d.every * k) at time zone d.time_zone as t) x
                 where x.t > ${at}::timestamptz),
                ((d.next_due_at at time zone d.time_zone) + d.every * (d.steps + 4)) at time zone d.time_zone) end
              from due d where s.id = d.id
              returning 1
            ), open_lanes as materialized (
              -- The lanes with a row still open, read once into an object to look each up in.
              -- (heldSql's probe per row is planned as a scan of the whole outbox when the
              -- statistics say it is empty, and each scan then reads the rows this statement
              -- has inserted so far: 110,000 took 12 minutes. An object needs no estimate.)
              select coalesce(jsonb_object_agg(l.lane, true), '{}'::jsonb) as lanes
              from (select distinct e.lane from outbox e where e.status in ('pending', 'sending') and e.lane is not null) l
            ), inserted as (
              insert into outbox (idempotency_key, kind, workspace_id, program_id, person_id, payload, available_at, created_at, lane, held)
              select ${`${kind}:`} || d.id::text || ':' || to_char(d.next_due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                ${delivery}, p.workspace_id, d.program_id, d.person_id,
                d.payload || jsonb_build_object('to', ${USER_ADDRESS_SQL}, 'scheduleId', d.id, 'subjectId', d.subject_id,
                  'dueAt', to_char(d.next_due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                ${at}::timestamptz, ${at}::timestamptz,
                ${byPerson ? DM_LANE_SQL : sql`null`},
                ${byPerson ? sql`(row_number() over (partition by ${DM_LANE_SQL} order by ${order}) > 1 or (select o.lanes from open_lanes o) ? ${DM_LANE_SQL})` : sql`false`}
              from due d
              join people p on p.id = d.person_id and p.erased_at is null
              join workspaces w on w.id = p.workspace_id
              -- By lane first when there are lanes: the window above sorted them so already.
              order by ${byPerson ? sql`${DM_LANE_SQL}, ${order}` : order}
              on conflict (idempotency_key) do nothing
              returning 1
            )
            select (select count(*)::int from due) as due, (select count(*)::int from inserted) as planned`,
    ));
    return { due: Number(row?.due ?? 0), planned: Number(row?.planned ?? 0) };
  }

  return {
    name,

    async plan({ db }: PlannerContext, slot: Date): Promise<number> {
      const started = performance.now();
      let planned = 0;
      for (;;) {
        const step = await planSome(db, slot);
        planned += step.planned;
        if (step.due < perStatement || performance.now() - started >= budgetMs) return planned;
      }
    },

    async nextDueAt({ db }: PlannerContext, after: Date): Promise<Date | null> {
      // The first due time of all, an index probe; one not after `after` is work left over
      // from a tick that ran out of time, due at the next tick.
      const rows = await queryRows<{ due: Date | string | null }>(db, sql`select min(next_due_at) as due from schedules where kind = ${kind}`);
      const due = toDate(rows[0]?.due);
      return due && due <= after ? new Date(after.getTime() + 60_000) : due;
    },
  };
}
