import type { ChatRouter } from '../core/chat.js';
import type { Clock } from '../core/clock.js';
import { DeliveryError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../db/client.js';
import { describeDelivery, parsePayload } from './outbox-payload.js';
import { claimRows, holdBack, markDead, markSent, recordPromptMessage, reschedule, type ClaimedRow } from './outbox-store.js';

export type { ClaimedRow } from './outbox-store.js';

export interface OutboxWorkerOptions {
  db: Db;
  chat: ChatRouter;
  clock: Clock;
  logger: Logger;
  workerId: string;
  /** Rows claimed (and delivered concurrently) at a time. */
  batchSize?: number;
  /** How long a claim is held; must exceed the slowest single delivery. */
  leaseMs?: number;
  /** After this many failed attempts a row is dead. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1 after the first failure); Retry-After overrides it. */
  backoff?: (attempt: number) => number;
}

export interface BatchResult {
  sent: number;
  retried: number;
  dead: number;
}

/** 30 s, 1 min, 2 min, ... capped at one hour. */
export function defaultBackoff(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/** The platform's Retry-After wins over our backoff: it knows when it will accept again. */
export function retryDelayMs(error: unknown, attempt: number, backoff: (attempt: number) => number): number {
  const retryAfter = error instanceof DeliveryError ? error.options.retryAfterMs : undefined;
  return retryAfter !== undefined && retryAfter >= 0 ? retryAfter : backoff(attempt);
}

/** A short reason for last_error and alerts: an error code and our own error text, never message text. */
export function failureReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = error instanceof DeliveryError ? (error.options.code ?? 'delivery_failed') : 'error';
  return `${code}: ${text}`.slice(0, 300);
}

function failureCode(error: unknown): string {
  return error instanceof DeliveryError ? (error.options.code ?? 'delivery_failed') : 'error';
}

/** The outcome of a row that was not tried because an earlier one to its recipient failed. */
const HELD_BACK = Symbol('held back');

/**
 * Messages to one recipient go one after another in the order they were queued (a conversation
 * must not arrive shuffled), and after a failure the rest of that recipient's batch waits;
 * different recipients are served concurrently.
 */
async function deliverInOrder(
  rows: readonly ClaimedRow[],
  deliver: (row: ClaimedRow) => Promise<void>,
): Promise<{ outcomes: PromiseSettledResult<void>[]; heldBehind: Map<number, number[]> }> {
  const outcomes = new Array<PromiseSettledResult<void>>(rows.length);
  const heldBehind = new Map<number, number[]>();
  const lanes = new Map<string, number[]>();
  [...rows.keys()]
    .sort((a, b) => (rows[a] as ClaimedRow).id - (rows[b] as ClaimedRow).id)
    .forEach((i) => {
      const key = JSON.stringify((rows[i]?.payload as { to?: unknown } | undefined)?.to ?? i);
      lanes.set(key, [...(lanes.get(key) ?? []), i]);
    });
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      let blocker: number | null = null;
      for (const i of lane) {
        const row = rows[i] as ClaimedRow;
        if (blocker !== null) {
          outcomes[i] = { status: 'rejected', reason: HELD_BACK };
          heldBehind.set(blocker, [...(heldBehind.get(blocker) ?? []), row.id]);
          continue;
        }
        outcomes[i] = await deliver(row).then(
          (): PromiseSettledResult<void> => ({ status: 'fulfilled', value: undefined }),
          (reason: unknown): PromiseSettledResult<void> => ({ status: 'rejected', reason }),
        );
        if (outcomes[i]?.status === 'rejected') blocker = row.id;
      }
    }),
  );
  return { outcomes, heldBehind };
}

/**
 * Delivers outbox rows through the chat adapters. Each batch is claimed in one statement
 * (SKIP LOCKED, with a lease), delivered concurrently and marked sent in one statement, so a
 * crash re-delivers at most the batch in flight and loses nothing.
 */
export class OutboxWorker {
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: (attempt: number) => number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OutboxWorkerOptions) {
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoff = options.backoff ?? defaultBackoff;
  }

  get workerId(): string {
    return this.options.workerId;
  }

  claim(limit: number = this.batchSize): Promise<ClaimedRow[]> {
    const now = this.options.clock.now();
    return claimRows(this.options.db, {
      workerId: this.workerId,
      now,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
      limit,
    });
  }

  /** Marks rows sent if this worker still holds them; returns how many it marked. */
  async markSent(ids: readonly number[]): Promise<number> {
    return (await markSent(this.options.db, this.workerId, ids, this.options.clock.now())).length;
  }

  /** Delivers claimed rows and records each outcome. */
  async process(rows: readonly ClaimedRow[]): Promise<BatchResult> {
    const { outcomes, heldBehind } = await deliverInOrder(rows, (row) => this.deliver(row));
    const sentIds: number[] = [];
    const result: BatchResult = { sent: 0, retried: 0, dead: 0 };
    for (const [i, outcome] of outcomes.entries()) {
      const row = rows[i] as ClaimedRow;
      if (outcome.status === 'fulfilled') sentIds.push(row.id);
      else if (outcome.reason === HELD_BACK) continue;
      else if (await this.fail(row, outcome.reason)) result.dead++;
      else result.retried++;
    }
    for (const [blocker, ids] of heldBehind) await holdBack(this.options.db, this.workerId, ids, blocker);
    result.sent = await this.markSent(sentIds);
    if (result.sent < sentIds.length) {
      this.options.logger.warn({ workerId: this.workerId, lost: sentIds.length - result.sent }, 'outbox lease lost before marking sent');
    }
    return result;
  }

  /** Claims and delivers until nothing is due; returns how many rows it sent. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const rows = await this.claim();
      if (rows.length === 0) return sent;
      const result = await this.process(rows);
      sent += result.sent;
      this.options.logger.debug({ workerId: this.workerId, claimed: rows.length, ...result }, 'outbox batch');
    }
  }

  /** Polls for due rows every `pollMs` of real time (production; tests call `drain`). */
  start(pollMs = 1000): void {
    if (this.running) return;
    this.running = true;
    const loop = async () => {
      this.current = this.drain().catch((err: unknown) => {
        this.options.logger.error({ err, workerId: this.workerId }, 'outbox drain failed');
      });
      await this.current;
      if (this.running) this.timer = setTimeout(() => void loop(), pollMs);
    };
    void loop();
  }

  /** Stops polling and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const payload = parsePayload(row.payload);
    if (!payload) throw new DeliveryError('the stored payload is malformed', { permanent: true, code: 'invalid_payload' });
    const adapter = this.options.chat.for(payload.to.platform);
    if (payload.type === 'update') return adapter.updateMessage(payload.to, payload.ref, payload.message);
    const ref = payload.type === 'dm' ? await adapter.sendDirect(payload.to, payload.message) : await adapter.postChannel(payload.to, payload.message);
    // Where a question landed, so it can be closed there once it is answered some other way.
    const promptId = payload.message.prompt?.id;
    if (promptId) await recordPromptMessage(this.options.db, promptId, ref);
  }

  /** Retries later or marks dead; true when the row died. */
  private async fail(row: ClaimedRow, error: unknown): Promise<boolean> {
    const { db, clock, logger } = this.options;
    const now = clock.now();
    const reason = failureReason(error);
    const code = failureCode(error);
    const permanent = error instanceof DeliveryError && error.options.permanent === true;
    if (!permanent && row.attempts < this.maxAttempts) {
      const delayMs = retryDelayMs(error, row.attempts, this.backoff);
      await reschedule(db, { id: row.id, workerId: this.workerId, availableAt: new Date(now.getTime() + delayMs), reason });
      logger.info({ outboxId: row.id, attempt: row.attempts, delayMs, code }, 'outbox delivery failed, will retry');
      return false;
    }
    // A coordinator can act on an undelivered message, not on one that could not be tidied up.
    const alert =
      row.kind === 'alert' || row.kind === 'update'
        ? null
        : `${describeDelivery(parsePayload(row.payload), row.id)} could not be delivered after ${row.attempts} ` +
          `attempt${row.attempts === 1 ? '' : 's'}: ${reason}`;
    const alerts = await markDead(db, { id: row.id, workerId: this.workerId, reason, alert, programId: row.programId, now });
    logger.warn({ outboxId: row.id, kind: row.kind, attempts: row.attempts, code, permanent, alerts }, 'outbox delivery dead');
    return true;
  }
}
