import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.js';

const text = (parts: unknown[]): string =>
  parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');

/**
 * Bolt and the Web API client log through this into pino. Their debug output includes request
 * bodies (message text, answers), so it goes to `trace`, which production never enables.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => logger.trace({ bolt: true }, text(msg)),
    info: (...msg: unknown[]) => logger.info({ bolt: true }, text(msg)),
    warn: (...msg: unknown[]) => logger.warn({ bolt: true }, text(msg)),
    error: (...msg: unknown[]) => logger.error({ bolt: true }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
