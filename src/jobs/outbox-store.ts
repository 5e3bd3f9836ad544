import type { RichText } from '../core/render.js';
import { queryRows, sql, type Db } from '../db/client.js';
import { enqueueToCoordinators } from './enqueue.js';

/** An outbox row a worker holds: its lease, under `claimed_by`, until it is finished. */
export interface ClaimedRow {
  id: number;
  kind: string;
  programId: string | null;
  personId: string | null;
  payload: unknown;
  /** Including this one. */
  attempts: number;
  lane: string | null;
  /** A coordinator alert: its death alerts nobody. */
  alert: boolean;
}

interface RawRow {
  id: number | string;
  kind: string;
  program_id: string | null;
  person_id: string | null;
  payload: unknown;
  attempts: number | string;
  lane: string | null;
  alert: boolean;
}

const iso = (d: Date) => d.toISOString();
/** A Postgres array literal: one parameter, whatever the number of ids. */
const idArray = (ids: readonly number[]) => `{${ids.join(',')}}`;

/** An earlier row of o's lane is still open: o must wait for it. */
const BEHIND_OPEN_ROW = sql.raw(
  `exists (select 1 from outbox e where e.lane = o.lane and e.id < o.id and e.status in ('pending', 'sending'))`,
);

/**
 * Once rows `s` (id, lane) finish, the next open row of each lane is no longer held. Part of
 * the statement that finishes them: its snapshot still shows them open, hence `id > s.id`.
 */
const RELEASE_NEXT_IN_LANE = sql.raw(
  `update outbox n set held = false
   where n.held and n.id in (
     select (select min(e.id) from outbox e where e.lane = s.lane and e.id > s.id and e.status in ('pending', 'sending'))
     from finished s where s.lane is not null)
   returning 1`,
);

/**
 * Claims up to `limit` rows due at `now`: pending ones, and ones whose holder's lease ran out
 * (a worker that died), but never a row while an earlier row of its lane is open, so a lane is
 * delivered one row at a time in order, across batches and workers. SKIP LOCKED lets
 * concurrent workers take disjoint rows without waiting; the CTE is MATERIALIZED so the
 * locking subquery runs exactly once (a re-scanned LIMIT ... SKIP LOCKED subquery can
 * otherwise lock, and update, more rows than asked). Rows queued behind an open one are
 * `held` and out of the due index, so the scan meets lane heads, not a lane's whole backlog;
 * the lane probe is one index lookup per candidate.
 */
export async function claimRows(
  db: Db,
  claim: { workerId: string; now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedRow[]> {
  const now = iso(claim.now);
  const rows = await queryRows<RawRow>(
    db,
    sql`with picked as materialized (
          select o.id from outbox o
          where o.status in ('pending', 'sending') and not o.held and o.available_at <= ${now}::timestamptz
            and (o.status = 'pending' or o.lease_until < ${now}::timestamptz)
            and (o.lane is null or not ${BEHIND_OPEN_ROW})
          order by o.available_at, o.id
          limit ${claim.limit}::int
          for update skip locked
        )
        update outbox o
        set status = 'sending', lease_until = ${iso(claim.leaseUntil)}::timestamptz,
            claimed_by = ${claim.workerId}, attempts = o.attempts + 1
        from picked where o.id = picked.id
        returning o.id, o.kind, o.program_id, o.person_id, o.payload, o.attempts, o.lane, o.alert`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    programId: r.program_id,
    personId: r.person_id,
    payload: r.payload,
    attempts: Number(r.attempts),
    lane: r.lane,
    alert: r.alert === true,
  }));
}

/**
 * Marks rows sent, but only those this worker still holds: a worker whose lease was taken
 * over cannot mark (or double-mark) what another worker now owns. Files are dropped from the
 * payload. Releases the next row of
 * each lane in the same statement. Returns the ids marked.
 */
export async function markSent(db: Db, workerId: string, ids: readonly number[], now: Date): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`with finished as (
          update outbox set status = 'sent', sent_at = ${iso(now)}::timestamptz, lease_until = null, last_error = null,
            -- A sent file (an export of many people's records) is not kept: the recipient has it.
            payload = payload #- '{message,files}'
          where id = any(${idArray(ids)}::bigint[]) and claimed_by = ${workerId} and status = 'sending'
          returning id, lane
        ), released as (${RELEASE_NEXT_IN_LANE})
        select id from finished`,
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Puts a failed row back for a later attempt; false when the lease was lost meanwhile. The
 * rest of its lane stays behind it (it is still open), so nothing overtakes it.
 */
export async function reschedule(
  db: Db,
  row: { id: number; workerId: string; availableAt: Date; reason: string; refundAttempt?: boolean },
): Promise<boolean> {
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`update outbox set status = 'pending', available_at = ${iso(row.availableAt)}::timestamptz,
          lease_until = null, claimed_by = null, last_error = ${row.reason},
          attempts = attempts - ${row.refundAttempt ? 1 : 0}
        where id = ${row.id} and claimed_by = ${row.workerId} and status = 'sending'
        returning id`,
  );
  return rows.length === 1;
}

/**
 * Marks a row dead with its reason (releasing the next row of its lane) and, in the same
 * transaction, queues one alert DM to each coordinator of the row's program (idempotent per
 * row and coordinator). Returns how many alerts were queued, or null when the lease was lost.
 */
export async function markDead(
  db: Db,
  row: { id: number; workerId: string; reason: string; alert: RichText | null; programId: string | null; now: Date },
): Promise<number | null> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const dead = await queryRows<{ id: unknown }>(
      t,
      sql`with finished as (
            update outbox set status = 'dead', lease_until = null, last_error = ${row.reason}
            where id = ${row.id} and claimed_by = ${row.workerId} and status = 'sending'
            returning id, lane
          ), released as (${RELEASE_NEXT_IN_LANE})
          select id from finished`,
    );
    if (dead.length === 0) return null;
    if (!row.alert || !row.programId) return 0;
    return enqueueToCoordinators(t, {
      programId: row.programId,
      keyPrefix: `alert:dead:${row.id}`,
      message: { text: row.alert },
      at: row.now,
      alert: true,
    });
  });
}

/**
 * Releases held rows that nothing is ahead of any more. The release when a row finishes
 * covers the usual case; this covers a row queued while the one ahead of it was finishing
 * (each transaction saw the other's row as it was before), and any row queued as held by a
 * statement that could not tell. Cheap when little is held: a scan of the held index.
 */
export async function releaseStranded(db: Db, now: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with released as (
          update outbox o set held = false
          where o.held and o.available_at <= ${iso(now)}::timestamptz and o.status = 'pending'
            and not ${BEHIND_OPEN_ROW}
          returning 1
        )
        select count(*)::int as n from released`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The recorded result of a step of a row's delivery, if it ran before. */
export async function recordedStep(db: Db, outboxId: number, step: string): Promise<{ result: unknown } | null> {
  // As text: the two drivers differ in whether they parse jsonb, and a JSON string is ambiguous.
  const rows = await queryRows<{ result: string | null }>(
    db,
    sql`select result::text as result from delivery_steps where outbox_id = ${outboxId} and step = ${step}`,
  );
  return rows[0] ? { result: JSON.parse(rows[0].result ?? 'null') as unknown } : null;
}

/**
 * Records a step's result; if another worker recorded it first (two ran it, after a lease
 * ran out), theirs stands and is returned, so every later step builds on the same result.
 */
export async function recordStep(db: Db, outboxId: number, step: string, result: unknown, at: Date): Promise<unknown> {
  const json = JSON.stringify(result ?? null);
  const rows = await queryRows<{ step: string }>(
    db,
    sql`insert into delivery_steps (outbox_id, step, result, at)
        values (${outboxId}, ${step}, ${json}::jsonb, ${iso(at)}::timestamptz)
        on conflict (outbox_id, step) do nothing
        returning step`,
  );
  if (rows[0]) return JSON.parse(json) as unknown;
  return (await recordedStep(db, outboxId, step))?.result;
}
