import type { z } from 'zod';
import type { ChatRouter } from '../core/chat.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { RichText } from '../core/render.js';
import type { Db } from '../db/client.js';

/** What a delivery function may use while it sends one outbox row. */
export interface DeliveryContext {
  db: Db;
  chat: ChatRouter;
  clock: Clock;
  logger: Logger;
  outboxId: number;
  /**
   * Runs one step of a multi-step delivery at most once: its result is recorded before the
   * next step starts, and a retry (or a crash and another worker) gets the recorded result
   * instead of running it again. Results must be JSON.
   */
  step<T>(name: string, run: () => Promise<T>): Promise<T>;
}

/**
 * A kind of outbox row: its payload schema, checked when it is enqueued and again when it is
 * delivered, and how to deliver it. Capabilities declare their kinds; the worker has no switch.
 */
export interface DeliveryKind<P = unknown> {
  readonly type: string;
  readonly schema: z.ZodType<P>;
  deliver(ctx: DeliveryContext, payload: P): Promise<void>;
  /**
   * Rows that reach one recipient in order share a lane (e.g. `slack:T1:U1`); a failure holds
   * back the rest of its lane. Defaults to one lane per row.
   */
  lane?(payload: P): string;
  /** Names the delivery for a coordinator when it dies, without its content; null: no alert. */
  describeForAlert?(payload: P): RichText | null;
}

/** Declares a delivery kind with its payload type inferred from the schema. */
export function deliveryKind<S extends z.ZodType>(kind: {
  type: string;
  schema: S;
  deliver(ctx: DeliveryContext, payload: z.infer<S>): Promise<void>;
  lane?(payload: z.infer<S>): string;
  describeForAlert?(payload: z.infer<S>): RichText | null;
}): DeliveryKind<z.infer<S>> {
  return kind as DeliveryKind<z.infer<S>>;
}
