import type { ChatRouter } from '../core/chat.js';
import type { Clock } from '../core/clock.js';
import { DeliveryError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { RichText } from '../core/render.js';
import type { Db } from '../db/client.js';
import { builtinDeliveries } from './deliveries.js';
import type { DeliveryContext, DeliveryKind } from './delivery-kind.js';
import type { DeliveryRegistry } from './delivery-registry.js';
import {
  claimRows,
  markDead,
  markSent,
  recordedStep,
  recordStep,
  releaseStranded,
  reschedule,
  type ClaimedRow,
} from './outbox-store.js';

export type { ClaimedRow } from './outbox-store.js';

export interface OutboxWorkerOptions {
  db: Db;
  chat: ChatRouter;
  clock: Clock;
  logger: Logger;
  workerId: string;
  /** The kinds this worker can deliver; the built-ins (`dm`, `channel`, `update`) by default. */
  deliveries?: DeliveryRegistry;
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
  // Only our adapters' own words: any other error (a failed query) may quote a person's data.
  if (error instanceof DeliveryError) return `${error.options.code ?? 'delivery_failed'}: ${error.message}`.slice(0, 300);
  const code = (error as { code?: unknown } | null)?.code;
  return `error: ${error instanceof Error ? error.name : 'unknown'}${typeof code === 'string' ? ` ${code}` : ''}`;
}

function failureCode(error: unknown): string {
  return error instanceof DeliveryError ? (error.options.code ?? 'delivery_failed') : 'error';
}

/**
 * The adapters' codes for "the platform asks us to slow down" (Discord's rate limits, Slack's
 * 429s and our own pacing of Slack). Waiting them out is not a failed attempt: under a backlog
 * a row can be turned back many times in a row, and counting those would kill deliveries that
 * were never refused (500 check-ins queued at once on Discord lost 300).
 */
const SLOW_DOWN_CODES = new Set(['rate_limited', 'ratelimited', 'paced']);

/**
 * Names a delivery for a coordinator without its content, through its kind: null when the
 * kind says nobody needs to hear (e.g. an update of a message already sent). A row whose kind
 * or payload is not understood is still named, generically.
 */
export function describeDelivery(kind: DeliveryKind | undefined, payload: unknown, outboxId: number): RichText | null {
  const described = kind && payload !== undefined ? (kind.describeForAlert ? kind.describeForAlert(payload) : 'A message') : 'A message';
  return described === null ? null : appendText(described, ` (delivery ${outboxId})`);
}

function appendText(text: RichText, tail: string): RichText {
  return typeof text === 'string' ? text + tail : [...text, tail];
}

/**
 * Delivers outbox rows through their delivery kinds. Each batch is claimed in one statement
 * (SKIP LOCKED, with a lease), delivered concurrently (a batch holds at most one row per
 * lane) and marked sent in one statement, so a crash re-delivers at most the batch in flight
 * and loses nothing; a multi-step kind repeats none of the steps it recorded.
 */
export class OutboxWorker {
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: (attempt: number) => number;
  private readonly deliveries: DeliveryRegistry;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OutboxWorkerOptions) {
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoff = options.backoff ?? defaultBackoff;
    this.deliveries = options.deliveries ?? builtinDeliveries();
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
    const outcomes = await Promise.allSettled(rows.map((row) => this.deliver(row)));
    const sentIds: number[] = [];
    const result: BatchResult = { sent: 0, retried: 0, dead: 0 };
    for (const [i, outcome] of outcomes.entries()) {
      const row = rows[i] as ClaimedRow;
      if (outcome.status === 'fulfilled') sentIds.push(row.id);
      else if (await this.fail(row, outcome.reason)) result.dead++;
      else result.retried++;
    }
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
      // With capacity to spare, look for held rows that nothing is ahead of any more.
      const released = rows.length < this.batchSize ? await releaseStranded(this.options.db, this.options.clock.now()) : 0;
      if (rows.length === 0) {
        if (released > 0) continue;
        return sent;
      }
      const result = await this.process(rows);
      sent += result.sent;
      this.options.logger.debug({ workerId: this.workerId, claimed: rows.length, released, ...result }, 'outbox batch');
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

  /** Hands the row to its kind; an unknown kind or a payload its schema refuses cannot be retried. */
  private async deliver(row: ClaimedRow): Promise<void> {
    const parsed = this.deliveries.parse(row.kind, row.payload);
    if (!parsed.ok) throw new DeliveryError(parsed.reason, { permanent: true, code: parsed.code });
    await parsed.kind.deliver(this.context(row), parsed.payload);
  }

  private context(row: ClaimedRow): DeliveryContext {
    const { db, chat, clock, logger } = this.options;
    return {
      db,
      chat,
      clock,
      logger,
      outboxId: row.id,
      async step<T>(name: string, run: () => Promise<T>): Promise<T> {
        const recorded = await recordedStep(db, row.id, name);
        if (recorded) return recorded.result as T;
        const result = await run();
        return (await recordStep(db, row.id, name, result, clock.now())) as T;
      },
    };
  }

  /** Retries later or marks dead; true when the row died. */
  private async fail(row: ClaimedRow, error: unknown): Promise<boolean> {
    const { db, clock, logger } = this.options;
    const now = clock.now();
    const reason = failureReason(error);
    const code = failureCode(error);
    const permanent = error instanceof DeliveryError && error.options.permanent === true;
    const slowDown = !permanent && SLOW_DOWN_CODES.has(code);
    if (slowDown || (!permanent && row.attempts < this.maxAttempts)) {
      const delayMs = retryDelayMs(error, row.attempts, this.backoff);
      await reschedule(db, { id: row.id, workerId: this.workerId, availableAt: new Date(now.getTime() + delayMs), reason, refundAttempt: slowDown });
      logger.info({ outboxId: row.id, attempt: row.attempts, delayMs, code }, 'outbox delivery failed, will retry');
      return false;
    }
    const alert = row.alert ? null : this.alertText(row, reason);
    const alerts = await markDead(db, { id: row.id, workerId: this.workerId, reason, alert, programId: row.programId, now });
    logger.warn({ outboxId: row.id, kind: row.kind, attempts: row.attempts, code, permanent, alerts }, 'outbox delivery dead');
    return true;
  }

  /** What coordinators are told about a dead row, or null when its kind says nobody needs to be. */
  private alertText(row: ClaimedRow, reason: string): RichText | null {
    const parsed = this.deliveries.parse(row.kind, row.payload);
    const described = parsed.ok ? describeDelivery(parsed.kind, parsed.payload, row.id) : describeDelivery(undefined, undefined, row.id);
    if (described === null) return null;
    return appendText(described, ` could not be delivered after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}: ${reason}`);
  }
}
