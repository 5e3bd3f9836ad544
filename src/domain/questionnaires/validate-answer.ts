import { DateTime } from 'luxon';
import { UserError } from '../../core/errors.js';
import { questionOptions, type Question } from '../programs/definition.js';

export type AnswerValue = string | number | string[];

const ZONES = Intl.supportedValuesOf('timeZone');

/** Accepts `Europe/London`, `europe/london` or a city such as `London` or `New York`. */
export function findTimeZone(input: string): string | null {
  const wanted = input.trim().toLowerCase().replace(/\s+/g, '_');
  if (!wanted) return null;
  if (wanted === 'utc' || wanted === 'gmt') return 'UTC';
  return ZONES.find((z) => z.toLowerCase() === wanted) ?? ZONES.find((z) => z.toLowerCase().endsWith(`/${wanted}`)) ?? null;
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
      const n = Number(text);
      return Number.isInteger(n) && n >= min && n <= max ? n : bad(`Please answer with a number between ${min} and ${max}.`);
    }
    case 'number': {
      const n = Number(text.replace(',', '.'));
      const range = q.min !== undefined && q.max !== undefined ? ` between ${q.min} and ${q.max}` : q.min !== undefined ? ` of at least ${q.min}` : q.max !== undefined ? ` of at most ${q.max}` : '';
      if (text === '' || !Number.isFinite(n)) bad(`Please answer with a number${range}.`);
      if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) bad(`Please answer with a number${range}.`);
      return n;
    }
    case 'date': {
      const date = DateTime.fromISO(text, { zone: 'utc' });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !date.isValid) bad('Please write the date as YYYY-MM-DD, for example 2027-01-15.');
      return text;
    }
    case 'timezone':
      return findTimeZone(text) ?? bad(`I don’t know the time zone “${text}”. Write a city or zone, like Europe/London or America/Toronto.`);
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
