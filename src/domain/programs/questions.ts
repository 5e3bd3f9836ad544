import { z } from 'zod';
import { withoutAccents } from '../../core/without-accents.js';

/** Every kind of question a program can ask, in intake, check-ins, surveys, work plans and closure. */
export const QUESTION_TYPES = [
  'text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'scale',
  'yes_no',
  'number',
  'date',
  'timezone',
  'consent',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const CHOICE_TYPES: readonly QuestionType[] = ['single_choice', 'multiple_choice'];
const MIN_OPTIONS = 2;
const MAX_OPTIONS = 25;
const MAX_SCALE_POINTS = 11;

/** How a value is shown after "got" in an issue: JSON for scalars, words for structures. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}…"` : json;
}

/** A schema-level error text "expected <what>, got <value>" for format checks. */
export function expected(what: string) {
  return { error: (issue: { input?: unknown }) => `expected ${what}, got ${describeValue(issue.input)}` };
}

/** Non-empty text with surrounding white space removed. */
export const text = () => z.string().trim().min(1);

const ID_PATTERN = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;
/** An identifier: a lowercase snake_case or kebab-case word such as `years_experience`. */
export const identifier = () =>
  z.string().regex(ID_PATTERN, expected('a lowercase id such as "years_experience" or "check-in"'));

const TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** A 24-hour time of day, "HH:MM". */
export const timeOfDay = () => z.string().regex(TIME_PATTERN, expected('a time as "HH:MM" (24-hour)'));

export const APPLICANT_ROLES = ['mentor', 'mentee'] as const;
export type ApplicantRole = (typeof APPLICANT_ROLES)[number];
export const applicantRole = () => z.enum(APPLICANT_ROLES);

const OPTION_VALUE = /^[\p{Ll}\p{Lo}\p{Lm}\p{N}]+(?:[-_][\p{Ll}\p{Lo}\p{Lm}\p{N}]+)*$/u;

const optionObjectSchema = z.strictObject({
  value: z.string().max(100).regex(OPTION_VALUE, expected('a lowercase value such as "career-growth"')),
  label: text().max(100),
});

/** A choice: a plain label, or an explicit `{ value, label }`. */
export const optionSchema = z.union([text().max(100), optionObjectSchema]);

export const questionSchema = z
  .strictObject({
    id: identifier(),
    type: z.enum(QUESTION_TYPES),
    prompt: text(),
    help: text().optional(),
    required: z.boolean().default(true),
    visibility: z.enum(['shareable', 'private']).default('private'),
    options: z.array(optionSchema).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minLabel: text().optional(),
    maxLabel: text().optional(),
    maxLength: z.number().int().min(1).optional(),
    maxChoices: z.number().int().min(1).optional(),
    text: text().optional(),
  })
  .superRefine((q, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const isChoice = CHOICE_TYPES.includes(q.type);
    if (isChoice) {
      const n = q.options?.length ?? 0;
      if (n < MIN_OPTIONS || n > MAX_OPTIONS) {
        problem('options', `a ${q.type} question needs ${MIN_OPTIONS} to ${MAX_OPTIONS} options, got ${n}`);
      }
      const seen = new Set<string>();
      for (const option of questionOptions(q)) {
        if (option.value === '') problem('options', `option "${option.label}" needs letters or digits to make a value from`);
        else if (seen.has(option.value)) problem('options', `duplicate option value "${option.value}"`);
        seen.add(option.value);
      }
    } else if (q.options !== undefined) {
      problem('options', `only single_choice and multiple_choice questions have options, not ${q.type}`);
    }
    if (q.maxChoices !== undefined) {
      if (q.type !== 'multiple_choice') problem('maxChoices', `only multiple_choice questions have maxChoices, not ${q.type}`);
      else if (q.maxChoices > (q.options?.length ?? 0)) {
        problem('maxChoices', `is ${q.maxChoices} but there are only ${q.options?.length ?? 0} options`);
      }
    }
    if (q.type === 'scale') {
      const min = q.min ?? 1;
      const max = q.max ?? 5;
      if (!Number.isInteger(min)) problem('min', `a scale needs whole numbers, got ${min}`);
      else if (!Number.isInteger(max)) problem('max', `a scale needs whole numbers, got ${max}`);
      else if (min >= max) problem('max', `must be greater than min (${min}), got ${max}`);
      else if (max - min + 1 > MAX_SCALE_POINTS) {
        problem('max', `a scale has at most ${MAX_SCALE_POINTS} points, ${min} to ${max} has ${max - min + 1}`);
      }
    } else if (q.type === 'number') {
      if (q.min !== undefined && q.max !== undefined && q.min > q.max) {
        problem('max', `must not be less than min (${q.min}), got ${q.max}`);
      }
    } else {
      for (const key of ['min', 'max'] as const) {
        if (q[key] !== undefined) problem(key, `only scale and number questions have ${key}, not ${q.type}`);
      }
    }
    if (q.type !== 'scale') {
      for (const key of ['minLabel', 'maxLabel'] as const) {
        if (q[key] !== undefined) problem(key, `only scale questions have ${key}, not ${q.type}`);
      }
    }
    if (q.maxLength !== undefined && q.type !== 'text' && q.type !== 'long_text') {
      problem('maxLength', `only text and long_text questions have maxLength, not ${q.type}`);
    }
    if (q.type === 'consent' && q.text === undefined) problem('text', 'a consent question needs the text being agreed to');
    if (q.type !== 'consent' && q.text !== undefined) problem('text', `only consent questions have text, not ${q.type}`);
  })
  .transform((q) => (q.type === 'scale' ? { ...q, min: q.min ?? 1, max: q.max ?? 5 } : q));

export type Question = z.output<typeof questionSchema>;

/** A list of questions whose ids are unique within the list. */
export const questionList = () =>
  z.array(questionSchema).superRefine((questions, ctx) => {
    const first = new Map<string, number>();
    questions.forEach((q, i) => {
      const earlier = first.get(q.id);
      if (earlier === undefined) first.set(q.id, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id "${q.id}" (also question ${earlier})` });
    });
  });

/** The value an option label stands for: lowercase words joined by hyphens. */
export function slugifyOption(label: string): string {
  return withoutAccents(label)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

export interface QuestionOption {
  value: string;
  label: string;
}

/**
 * The choices of a question as `{ value, label }`: yes/no for `yes_no`, the normalised options
 * for choice questions (a plain string becomes a slugified value and keeps itself as the label),
 * and none for other types.
 */
export function questionOptions(q: { type: QuestionType; options?: (string | QuestionOption)[] | undefined }): QuestionOption[] {
  if (q.type === 'yes_no') {
    return [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ];
  }
  if (!CHOICE_TYPES.includes(q.type)) return [];
  return (q.options ?? []).map((o) => (typeof o === 'string' ? { value: slugifyOption(o), label: o } : o));
}
