import { UserError } from '../../core/errors.js';
import { questionOptions, type Question } from '../programs/definition.js';
import { findTimeZone, nearestTimeZones } from './time-zones.js';
import { checkDate, parseDecimal } from '../../core/values.js';

export type AnswerValue = string | number | string[];

function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function bad(message: string): never {
  throw new UserError(message, 'bad_answer');
}

/**
 * Checks one answer against its question and returns the value to store. Every refusal says
 * what would be accepted, so the person can simply try again.
 */
export function validateAnswer(q: Question, raw: string | string[]): AnswerValue {
  const allowed = () => new Set(questionOptions(q).map((o) => o.value));
  if (q.type === 'multiple_choice') {
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0) bad('Please pick at least one.');
    if (values.some((v) => !allowed().has(v))) bad('Please pick from the choices offered.');
    if (q.maxChoices && values.length > q.maxChoices) bad(`Please pick at most ${q.maxChoices}.`);
    return values;
  }
  if (Array.isArray(raw)) bad('Please give one answer.');
  const text = raw.trim();
  switch (q.type) {
    case 'single_choice':
    case 'yes_no':
      return allowed().has(text) ? text : bad('Please pick one of the choices offered.');
    case 'consent':
      return text === 'agree' || text === 'decline' ? text : bad('Please answer “I agree” or “I do not agree”.');
    case 'scale': {
      const min = q.min ?? 1;
      const max = q.max ?? 5;
      const n = parseDecimal(text);
      return n !== null && Number.isInteger(n) && n >= min && n <= max ? n : bad(`Please answer with a number between ${min} and ${max}.`);
    }
    case 'number': {
      const n = parseDecimal(text);
      const range = q.min !== undefined && q.max !== undefined ? ` between ${q.min} and ${q.max}` : q.min !== undefined ? ` of at least ${q.min}` : q.max !== undefined ? ` of at most ${q.max}` : '';
      if (n === null) bad(`Please answer with a number${range}, written with digits (like 12 or 4.5).`);
      if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) bad(`Please answer with a number${range}.`);
      return n;
    }
    case 'date': {
      const checked = checkDate(text);
      return checked.ok ? checked.date : bad(checked.why);
    }
    case 'timezone': {
      const zone = findTimeZone(text);
      if (zone) return zone;
      const near = nearestTimeZones(text);
      const hint = near.length > 0 ? ` Did you mean ${near.join(', ')}?` : ' Write a city or zone, like Europe/London, Asia/Kolkata or America/Toronto.';
      return bad(`I don’t know the time zone “${shown(text)}”.${hint}`);
    }
    case 'text':
    case 'long_text': {
      const limit = q.maxLength ?? (q.type === 'text' ? 200 : 2000);
      if (text === '') bad('Please write an answer (or “cancel” to stop).');
      return text.length <= limit ? text : bad(`Please keep it under ${limit} characters (yours has ${text.length}).`);
    }
  }
}

/** How an answer reads back to its author (profile) or a coordinator. */
export function formatAnswer(q: Question, value: unknown): string {
  const labels = new Map(questionOptions(q).map((o) => [o.value, o.label]));
  if (Array.isArray(value)) return value.map((v) => labels.get(String(v)) ?? String(v)).join(', ');
  if (q.type === 'consent') return value === 'agree' ? 'agreed' : 'declined';
  return labels.get(String(value)) ?? String(value);
}
