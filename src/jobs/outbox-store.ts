import { message } from '../core/render.js';
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
}

interface RawRow {
  id: number | string;
  kind: string;
  program_id: string | null;
  person_id: string | null;
  payload: unknown;
  attempts: number | string;
}

const iso = (d: Date) => d.toISOString();
/** A Postgres array literal: one parameter, whatever the number of ids. */
const idArray = (ids: readonly number[]) => `{${ids.join(',')}}`;

/**
 * Claims up to `limit` rows due at `now`: pending ones, and ones whose holder's lease ran out
 * (a worker that died). SKIP LOCKED lets concurrent workers take disjoint rows without
 * waiting; the CTE is MATERIALIZED so the locking subquery runs exactly once (a re-scanned
 * LIMIT ... SKIP LOCKED subquery can otherwise lock, and update, more rows than asked).
 * `available_at <= now` holds for every open row, so the partial index on it serves both cases.
 */
export async function claimRows(
  db: Db,
  claim: { workerId: string; now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedRow[]> {
  const now = iso(claim.now);
  const rows = await queryRows<RawRow>(
    db,
    sql`with picked as materialized (
          select id from outbox
          where status in ('pending', 'sending') and available_at <= ${now}::timestamptz
            and (status = 'pending' or lease_until < ${now}::timestamptz)
          order by available_at, id
          limit ${claim.limit}::int
          for update skip locked
        )
        update outbox o
        set status = 'sending', lease_until = ${iso(claim.leaseUntil)}::timestamptz,
            claimed_by = ${claim.workerId}, attempts = o.attempts + 1
        from picked where o.id = picked.id
        returning o.id, o.kind, o.program_id, o.person_id, o.payload, o.attempts`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    programId: r.program_id,
    personId: r.person_id,
    payload: r.payload,
    attempts: Number(r.attempts),
  }));
}

/**
 * Marks rows sent, but only those this worker still holds: a worker whose lease was taken
 * over cannot mark (or double-mark) what another worker now owns. Returns the ids marked.
 */
export async function markSent(db: Db, workerId: string, ids: readonly number[], now: Date): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`update outbox set status = 'sent', sent_at = ${iso(now)}::timestamptz, lease_until = null, last_error = null
        where id = any(${idArray(ids)}::bigint[]) and claimed_by = ${workerId} and status = 'sending'
        returning id`,
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Puts rows back, unattempted, behind an earlier message to the same recipient that failed:
 * they become due no earlier than it, so a conversation is never delivered out of order. If
 * the blocker died instead, they are due at once.
 */
export async function holdBack(db: Db, workerId: string, ids: readonly number[], blockerId: number): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`update outbox o set status = 'pending', attempts = o.attempts - 1, lease_until = null, claimed_by = null,
          available_at = greatest(o.available_at, coalesce(
            (select b.available_at from outbox b where b.id = ${blockerId} and b.status = 'pending'), o.available_at))
        where o.id = any(${idArray(ids)}::bigint[]) and o.claimed_by = ${workerId} and o.status = 'sending'
        returning o.id`,
  );
  return rows.length;
}

/** Puts a failed row back for a later attempt; false when the lease was lost meanwhile. */
export async function reschedule(
  db: Db,
  row: { id: number; workerId: string; availableAt: Date; reason: string },
): Promise<boolean> {
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`update outbox set status = 'pending', available_at = ${iso(row.availableAt)}::timestamptz,
          lease_until = null, claimed_by = null, last_error = ${row.reason}
        where id = ${row.id} and claimed_by = ${row.workerId} and status = 'sending'
        returning id`,
  );
  return rows.length === 1;
}

/**
 * Marks a row dead with its reason and, in the same transaction, queues one alert DM to each
 * coordinator of the row's program (idempotent per row and coordinator). Alerts themselves
 * raise no alerts. Returns how many alerts were queued, or null when the lease was lost.
 */
export async function markDead(
  db: Db,
  row: { id: number; workerId: string; reason: string; alert: string | null; programId: string | null; now: Date },
): Promise<number | null> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const dead = await queryRows<{ id: unknown }>(
      t,
      sql`update outbox set status = 'dead', lease_until = null, last_error = ${row.reason}
          where id = ${row.id} and claimed_by = ${row.workerId} and status = 'sending'
          returning id`,
    );
    if (dead.length === 0) return null;
    if (!row.alert || !row.programId) return 0;
    return enqueueToCoordinators(t, {
      programId: row.programId,
      keyPrefix: `alert:dead:${row.id}`,
      message: message(row.alert),
      at: row.now,
      kind: 'alert',
    });
  });
}

/** Remembers the platform message that carries a prompt (`<flow>:<uuid>`); others are ignored. */
export async function recordPromptMessage(db: Db, promptId: string, ref: { channel: string; id: string }): Promise<void> {
  const rowId = promptId.slice(promptId.indexOf(':') + 1);
  if (!/^[0-9a-f-]{36}$/i.test(rowId)) return;
  await db.execute(sql`update prompts set message_ref = ${JSON.stringify(ref)}::jsonb where id = ${rowId}::uuid`);
}
