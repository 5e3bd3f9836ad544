import { renderText, type RichText } from './render.js';
import { randomBytes } from 'node:crypto';

/**
 * A failure the person can fix or needs to know about: its message is shown to them as is.
 * Nothing has changed when one is thrown from a handler.
 */
export class UserError extends Error {
  /** What the person is told, mentions included. */
  readonly text: RichText;

  constructor(
    text: RichText,
    readonly code: string = 'user_error',
    /** The form field it is about, so a platform can show it under that field. */
    readonly field?: string,
  ) {
    super(renderText(text));
    this.text = text;
    this.name = 'UserError';
  }
}

/** A failure that is ours, not the person's: logged with its code, never shown verbatim. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** A delivery failure reported by an adapter; the outbox decides whether and when to retry. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean; code?: string } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Short, readable reference a person can quote to a coordinator; the log line carries it too. */
export function newErrorReference(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/** The environment is wrong: each problem names the variable and what it expected. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
