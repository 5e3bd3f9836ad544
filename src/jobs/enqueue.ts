import type { Message } from '../core/render.js';
import { queryRows, sql, type Db } from '../db/client.js';
import type { OutboxKind, OutboxPayload } from './outbox-payload.js';

/**
 * A person's UserAddress built in SQL from `people p join workspaces w`, so a planner or an
 * alert can address thousands of people in one INSERT ... SELECT.
 */
export const USER_ADDRESS_SQL = sql.raw(
  `jsonb_build_object('platform', w.platform, 'workspace', w.external_id, 'user', p.platform_user_id)`,
);

export interface EnqueueRequest {
  /** Unique per intended message, e.g. `checkin:<match>:<period>`: a repeat is a no-op. */
  key: string;
  workspaceId: string;
  programId?: string | null;
  personId?: string | null;
  payload: OutboxPayload;
  availableAt: Date;
  /** Defaults to the payload's type. */
  kind?: OutboxKind;
  /** Defaults to availableAt. */
  createdAt?: Date;
}

/**
 * Queues a message. Call it with the event's transaction so the message exists only if the
 * transaction commits. Returns false when the key was already queued.
 */
export async function enqueue(db: Db, request: EnqueueRequest): Promise<boolean> {
  const available = request.availableAt.toISOString();
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`insert into outbox (idempotency_key, kind, workspace_id, program_id, person_id, payload, available_at, created_at)
        values (${request.key}, ${request.kind ?? request.payload.type}, ${request.workspaceId}::uuid,
          ${request.programId ?? null}::uuid, ${request.personId ?? null}::uuid, ${JSON.stringify(request.payload)}::jsonb,
          ${available}::timestamptz, ${(request.createdAt ?? request.availableAt).toISOString()}::timestamptz)
        on conflict (idempotency_key) do nothing
        returning id`,
  );
  return rows.length === 1;
}

export interface DirectRequest {
  key: string;
  personId: string;
  programId?: string | null;
  message: Message;
  /** When it may be sent. */
  at: Date;
  kind?: OutboxKind;
}

/**
 * Queues a DM to a person, resolving their address in the same INSERT ... SELECT (no read
 * first). False when the key was already queued, or the person is unknown or erased.
 */
export async function enqueueDirect(db: Db, request: DirectRequest): Promise<boolean> {
  const at = request.at.toISOString();
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`insert into outbox (idempotency_key, kind, workspace_id, program_id, person_id, payload, available_at, created_at)
        select ${request.key}, ${request.kind ?? 'dm'}, p.workspace_id, ${request.programId ?? null}::uuid, p.id,
          jsonb_build_object('type', 'dm', 'to', ${USER_ADDRESS_SQL}, 'message', ${JSON.stringify(request.message)}::jsonb),
          ${at}::timestamptz, ${at}::timestamptz
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
  request: { programId: string; keyPrefix: string; message: Message; at: Date; kind?: OutboxKind },
): Promise<number> {
  const at = request.at.toISOString();
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with inserted as (
          insert into outbox (idempotency_key, kind, workspace_id, program_id, person_id, payload, available_at, created_at)
          select ${`${request.keyPrefix}:`} || p.id::text, ${request.kind ?? 'dm'}, p.workspace_id, r.program_id, p.id,
            jsonb_build_object('type', 'dm', 'to', ${USER_ADDRESS_SQL}, 'message', ${JSON.stringify(request.message)}::jsonb),
            ${at}::timestamptz, ${at}::timestamptz
          from program_roles r
          join people p on p.id = r.person_id and p.erased_at is null
          join workspaces w on w.id = p.workspace_id
          where r.program_id = ${request.programId}::uuid and r.role = 'coordinator'
          on conflict (idempotency_key) do nothing
          returning 1
        )
        select count(*)::int as n from inserted`,
  );
  return Number(rows[0]?.n ?? 0);
}
