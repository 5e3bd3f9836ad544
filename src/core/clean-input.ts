import { UserError } from './errors.js';
import type { InboundEvent } from './chat.js';

/** The longest text one field of an event may carry; longer is refused, not cut. */
export const MAX_FIELD_LENGTH = 4000;

// Control characters other than tab and newline (and lone surrogates) cannot be stored by
// PostgreSQL (NUL) or shown sensibly; they are dropped where input enters the core.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string, field = 'your message'): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
  if (clean.length > MAX_FIELD_LENGTH) {
    throw new UserError(`That is too long: ${field} has ${clean.length} characters, and the limit is ${MAX_FIELD_LENGTH}. Nothing was changed.`, 'too_long');
  }
  return clean;
}

const cleanValue = (v: string | number): string | number => (typeof v === 'string' ? cleanText(v, 'an option') : v);

/**
 * The event with every text a person typed cleaned: one rule where input enters, rather than a
 * check per command. Throws a UserError (nothing changes) when a field is too long.
 */
export function cleanEvent(event: InboundEvent): InboundEvent {
  switch (event.type) {
    case 'command':
      if (event.invocation) {
        const args = Object.fromEntries(Object.entries(event.invocation.args).map(([k, v]) => [k, cleanValue(v)]));
        return { ...event, invocation: { ...event.invocation, args } };
      }
      return { ...event, text: cleanText(event.text, 'the command') };
    case 'message':
      return { ...event, text: cleanText(event.text) };
    case 'action':
      return { ...event, value: Array.isArray(event.value) ? event.value.map((v) => cleanText(v, 'your answer')) : cleanText(event.value, 'your answer') };
    case 'form':
      return { ...event, values: Object.fromEntries(Object.entries(event.values).map(([k, v]) => [k, cleanText(v, `the field “${k}”`)])) };
  }
}
