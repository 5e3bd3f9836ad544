import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.js';

type Level = 'trace' | 'info' | 'warn' | 'error';

/**
 * Bolt and the Web API client log through this into pino. Their debug output includes request
 * bodies (message text, answers), so it goes to `trace`, which production never enables. An
 * error they pass goes to `err`, through the logger's serializer, never into the message:
 * its text may quote a failed query.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const write = (at: Level) => (...parts: unknown[]) => {
    const err = parts.find((p) => p instanceof Error);
    const words = parts.filter((p) => !(p instanceof Error)).map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
    logger[at]({ bolt: true, ...(err ? { err } : {}) }, words.join(' ') || (err ? 'bolt: error' : ''));
  };
  return {
    debug: write('trace'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
