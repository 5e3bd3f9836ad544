import type { SQL } from 'drizzle-orm';
import type { Message } from '../core/render.js';
import { queryRows, sql, type Db } from '../db/client.js';
import type { DeliveryKind } from './delivery-kind.js';
import { DM_LANE_SQL, heldInStatementSql, heldSql, messageLaneSql, messageSchema } from './outbox-payload.js';

/**
 * The one place that inserts into the outbox (planners' set-based statements aside). Every row
 * names its delivery kind; a payload is checked with the kind's schema before it is queued, so
 * a bad one fails where it was written, not later in a worker.
 */

/**
 * A person's UserAddress built in SQL from `people p join workspaces w`, so a planner or an
 * alert can address thousands of people in one INSERT ... SELECT.
 */
export const USER_ADDRESS_SQL = sql.raw(
  `jsonb_build_object('platform', w.platform, 'workspace', w.external_id, 'user', p.platform_user_id)`,
);

/** A DM payload (kind `dm`) to `people p join workspaces w`, built in SQL. */
export const dmPayloadSql = (message: Message) =>
  sql`jsonb_build_object('type', 'dm', 'to', ${USER_ADDRESS_SQL}, 'message', ${JSON.stringify(message)}::jsonb)`;

export interface EnqueueRequest<P> {
  /** Unique per intended message, e.g. `checkin:<match>:<period>`: a repeat is a no-op. */
  key: string;
  workspaceId: string;
  programId?: string | null;
  personId?: string | null;
  payload: P;
  availableAt: Date;
  /** Defaults to availableAt. */
  createdAt?: Date;
  /** A coordinator alert: if it dies, nobody is alerted about it. */
  alert?: boolean;
}

/** A payload refused by its kind's schema when it was queued: a programming error. */
export class InvalidPayloadError extends Error {
  constructor(kind: string, detail: string) {
    super(`Refusing to queue a ${kind} delivery: ${detail}`);
    this.name = 'InvalidPayloadError';
  }
}

/**
 * Queues a delivery of `kind`. Call it with the event's transaction so the row exists only if
 * the transaction commits. Returns false when the key was already queued.
 */
export async function enqueue<P>(db: Db, kind: DeliveryKind<P>, request: EnqueueRequest<P>): Promise<boolean> {
  const parsed = kind.schema.safeParse(request.payload);
  if (!parsed.success) throw new InvalidPayloadError(kind.type, parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '));
  const lane = kind.lane ? kind.lane(parsed.data) : null;
  const available = request.availableAt.toISOString();
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`insert into outbox (idempotency_key, kind, workspace_id, program_id, person_id, payload, available_at, created_at, lane, held, alert)
        values (${request.key}, ${kind.type}, ${request.workspaceId}::uuid,
          ${request.programId ?? null}::uuid, ${request.personId ?? null}::uuid, ${JSON.stringify(parsed.data)}::jsonb,
          ${available}::timestamptz, ${(request.createdAt ?? request.availableAt).toISOString()}::timestamptz,
          ${lane}, ${lane === null ? sql`false` : heldSql(sql`${lane}::text`)}, ${request.alert ?? false})
        on conflict (idempotency_key) do nothing
        returning id`,
  );
  return rows.length === 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkMessage(message: Message): void {
  const parsed = messageSchema.safeParse(message);
  if (!parsed.success) throw new InvalidPayloadError('dm', `message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
}

export interface DirectRequest {
  key: string;
  personId: string;
  programId?: string | null;
  message: Message;
  /** When it may be sent. */
  at: Date;
  /** A coordinator alert: if it dies, nobody is alerted about it. */
  alert?: boolean;
}

/**
 * Queues a DM (kind `dm`) to a person, resolving their address in the same INSERT ... SELECT
 * (no read first). False when the key was already queued, or the person is unknown or erased.
 */
export async function enqueueDirect(db: Db, request: DirectRequest): Promise<boolean> {
  checkMessage(request.message);
  const at = request.at.toISOString();
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`insert into outbox (idempotency_key, kind, workspace_id, program_id, person_id, payload, available_at, created_at, lane, held, alert)
        select ${request.key}, 'dm', p.workspace_id, ${request.programId ?? null}::uuid, p.id, ${dmPayloadSql(request.message)},
          ${at}::timestamptz, ${at}::timestamptz, ${DM_LANE_SQL}, ${heldSql(DM_LANE_SQL)}, ${request.alert ?? false}
        from people p join workspaces w on w.id = p.workspace_id
        where p.id = ${request.personId}::uuid and p.erased_at is null
        on conflict (idempotency_key) do nothing
        returning id`,
  );
  return rows.length === 1;
}

/**
 * Queues the same DM to every coordinator of a program in ONE statement; each row's key is
 * `<keyPrefix>:<coordinator person id>`, so a retry is a no-op. Returns how many were queued.
 */
export async function enqueueToCoordinators(
  db: Db,
  /** `only`: just this coordinator (a match's own); all of them if they are no longer one. */
  request: { programId: string; keyPrefix: string; message: Message; at: Date; alert?: boolean; only?: string | null },
): Promise<number> {
  checkMessage(request.message);
  const at = request.at.toISOString();
  const only = request.only ?? null;
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with inserted as (
          insert into outbox (idempotency_key, kind, workspace_id, program_id, person_id, payload, available_at, created_at, lane, held, alert)
          select ${`${request.keyPrefix}:`} || p.id::text, 'dm', p.workspace_id, r.program_id, p.id, ${dmPayloadSql(request.message)},
            ${at}::timestamptz, ${at}::timestamptz, ${DM_LANE_SQL}, ${heldSql(DM_LANE_SQL)}, ${request.alert ?? false}
          from program_roles r
          join people p on p.id = r.person_id and p.erased_at is null
          join workspaces w on w.id = p.workspace_id
          where r.program_id = ${request.programId}::uuid and r.role = 'coordinator'
            and (${only}::uuid is null or p.id = ${only}::uuid
              or not exists (select 1 from program_roles o where o.program_id = r.program_id and o.person_id = ${only}::uuid and o.role = 'coordinator'))
          on conflict (idempotency_key) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Queues, in one statement, the updates (kind `update`) that take the buttons off the messages
 * of these prompts (prompt row ids), once closed and where the platform message is known: a
 * question answered by typing, or superseded, must not keep offering answers. Open prompts and
 * prompts not yet posted are skipped (the worker closes those when it records where they
 * landed). Key `prompt-close:<row id>`; returns how many were queued.
 */
export async function enqueuePromptCloses(db: Db, promptRowIds: readonly string[], now: Date): Promise<number> {
  const ids = promptRowIds.filter((id) => UUID.test(id));
  if (ids.length === 0) return 0;
  const at = now.toISOString();
  const lane = messageLaneSql('pr.message_ref');
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with inserted as (
          insert into outbox (idempotency_key, kind, workspace_id, program_id, person_id, payload, available_at, created_at, lane, held)
          select 'prompt-close:' || pr.id, 'update', p.workspace_id, pr.program_id, pr.person_id,
            jsonb_build_object(
              'type', 'update',
              'to', jsonb_build_object('platform', w.platform, 'workspace', w.external_id),
              'ref', jsonb_build_object('channel', pr.message_ref->>'channel', 'id', pr.message_ref->>'id'),
              'message', jsonb_build_object('text', (pr.spec->>'question') || E'\n' ||
                case when pr.status = 'answered' then '✓ Answered.' else 'No longer open.' end)),
            ${at}::timestamptz, ${at}::timestamptz, ${lane}, ${heldSql(lane)}
          from prompts pr
          join people p on p.id = pr.person_id
          join workspaces w on w.id = p.workspace_id
          where pr.id = any(${`{${ids.join(',')}}`}::uuid[])
            and pr.message_ref is not null and pr.status <> 'open'
          on conflict (idempotency_key) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The set-based form of queueing DMs, for planners: an `insert into outbox ... select` of one
 * row per row of `from` (aliased `r`, with columns `key`, `program_id` and `person_id`), each in
 * its person's DM lane and held behind whatever is open there, earlier rows of the same
 * statement included. Erased people get nothing. Use it inside a CTE; it returns 1 per row.
 * `payload` may read `r` and the person's address as `USER_ADDRESS_SQL`.
 */
export function insertDmsSql(input: { from: SQL; kind: string; payload: SQL; at: string }): SQL {
  const at = sql`${input.at}::timestamptz`;
  return sql`insert into outbox (idempotency_key, kind, workspace_id, program_id, person_id, payload, available_at, created_at, lane, held)
    select r.key, ${input.kind}, p.workspace_id, r.program_id, p.id, ${input.payload}, ${at}, ${at}, ${DM_LANE_SQL}, ${heldInStatementSql(DM_LANE_SQL, sql.raw('r.key'))}
    from ${input.from}
    join people p on p.id = r.person_id and p.erased_at is null
    join workspaces w on w.id = p.workspace_id
    -- Key order makes the unique index fill page by page instead of at random (~10% faster).
    order by r.key
    on conflict (idempotency_key) do nothing
    returning 1`;
}
