import type { EventEmitter } from 'node:events';
import { newErrorReference } from './core/errors.js';
import type { Logger } from './core/logger.js';

export interface ProcessSafetyOptions {
  logger: Logger;
  /** Where the process-level events come from: `process`, or an emitter in tests. */
  target?: Pick<EventEmitter, 'on' | 'off'>;
  /** How to stop when state may be corrupt: `process.exit`, so a supervisor restarts us. */
  exit?: (code: number) => void;
}

/**
 * PGlite runs PostgreSQL in WebAssembly: a RuntimeError means that instance aborted, and every
 * later query would fail, so no amount of serving on helps.
 */
const databaseAborted = (reason: unknown): boolean => reason instanceof WebAssembly.RuntimeError;

/**
 * The last net under the process. Each failure is logged once, with a reference, through the
 * logger's err serializer (no query parameters, no message text). Then, per case:
 *
 * - An unhandled rejection keeps the process serving. It is a promise nobody awaited (Bolt's
 *   receiver, a fire-and-forget reply, a client library's handler): it failed one request, and
 *   the state it could have touched is in the database, where that request's transaction rolled
 *   back. Node's default would kill every conversation in flight for it.
 * - ...unless PGlite itself aborted (above): exit 1.
 * - An uncaught exception exits 1. A synchronous throw unwound a stack half-way through
 *   something (an emitter's listeners, a timer), so in-memory state (pools, sockets, leases)
 *   may be inconsistent; Node documents resuming as unsafe. Nothing is lost by restarting:
 *   conversation state is in the database, and the outbox is drained at start-up.
 *
 * Returns a function that removes the handlers.
 */
export function installProcessSafety(options: ProcessSafetyOptions): () => void {
  const { logger } = options;
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));

  const onRejection = (reason: unknown) => {
    const reference = newErrorReference();
    if (databaseAborted(reason)) {
      logger.fatal({ err: reason, reference }, 'the embedded database aborted; exiting so a supervisor restarts mentorbot');
      exit(1);
      return;
    }
    logger.error({ err: reason, reference }, 'unhandled rejection; still serving');
  };
  const onException = (err: unknown, origin: unknown) => {
    const reference = newErrorReference();
    logger.fatal({ err, reference, origin }, 'uncaught exception; exiting so a supervisor restarts mentorbot');
    exit(1);
  };

  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
