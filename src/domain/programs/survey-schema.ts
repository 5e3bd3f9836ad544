import { z } from 'zod';
import { applicantRole, identifier, questionSchema, text } from './questions.js';

/** What a survey can be tied to; `every: { days }` is the other way to say when. */
export const SURVEY_EVENTS = ['intake_approved', 'match_start', 'match_close', 'every_quarter'] as const;
export type SurveyEvent = (typeof SURVEY_EVENTS)[number];

/** A repeating survey more often than weekly would be a check-in. */
export const MIN_SURVEY_EVERY_DAYS = 7;

/**
 * A survey question is a program question that may also be reverse-coded (`reverse: true`,
 * scale questions only): agreeing with "I often feel unsure what to say" is a bad sign, so its
 * answer counts in a scale's mean as min + max − value. Only surveys have it, as only their
 * scales read it; the shared question schema is extended here rather than changed.
 */
export const surveyQuestionSchema = questionSchema.in
  .safeExtend({ reverse: z.boolean().optional() })
  .superRefine((q, ctx) => {
    if (q.reverse !== undefined && q.type !== 'scale') {
      ctx.addIssue({ code: 'custom', path: ['reverse'], message: `only scale questions are reverse-coded, not ${q.type}` });
    }
  })
  .transform((q) => (q.type === 'scale' ? { ...q, min: q.min ?? 1, max: q.max ?? 5 } : q));

export type SurveyQuestion = z.output<typeof surveyQuestionSchema>;

/** A named set of a survey's scale questions whose mean is stored as the person's score. */
const surveyScaleSchema = z.strictObject({
  id: identifier(),
  title: text(),
  items: z.array(identifier()).min(1),
  /** Fewer answered items than this and no score is stored; default: half the items, rounded up. */
  minAnswered: z.number().int().min(1).optional(),
});

export type SurveyScale = z.output<typeof surveyScaleSchema>;

/** How many of a scale's items must be answered for its mean to be stored. */
export const minAnsweredOf = (scale: SurveyScale): number => scale.minAnswered ?? Math.ceil(scale.items.length / 2);

const surveyWhenSchema = z
  .strictObject({
    event: z.enum(SURVEY_EVENTS).optional(),
    /** Repeating from the match's start: the first `days` after it, then every `days`. */
    every: z.strictObject({ days: z.number().int().min(MIN_SURVEY_EVERY_DAYS) }).optional(),
    offsetDays: z.number().int().min(0).default(0),
  })
  .superRefine((when, ctx) => {
    if (when.event === undefined && when.every === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: `give an event (${SURVEY_EVENTS.join(', ')}) or every: { days: n }` });
    } else if (when.event !== undefined && when.every !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['every'], message: `give either an event or every, not both (event is ${when.event})` });
    }
  });

/** Questions and scales: what a survey and an instrument file have in common. */
const content = {
  questions: z.array(surveyQuestionSchema).min(1),
  scales: z.array(surveyScaleSchema).default([]),
};

type Content = { questions: SurveyQuestion[]; scales: SurveyScale[] };

/** Question ids unique; each scale's items known scale questions of one range, listed once. */
function checkContent(survey: Content, ctx: z.RefinementCtx): void {
  const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const byId = new Map<string, { q: SurveyQuestion; at: number }>();
  survey.questions.forEach((q, i) => {
    const earlier = byId.get(q.id);
    if (earlier) problem(['questions', i, 'id'], `duplicate id "${q.id}" (also question ${earlier.at})`);
    else byId.set(q.id, { q, at: i });
  });
  const scaleIds = new Map<string, number>();
  survey.scales.forEach((scale, i) => {
    const earlier = scaleIds.get(scale.id);
    if (earlier !== undefined) problem(['scales', i, 'id'], `duplicate id "${scale.id}" (also scale ${earlier})`);
    else scaleIds.set(scale.id, i);
    const seen = new Set<string>();
    let first: SurveyQuestion | undefined;
    scale.items.forEach((item, j) => {
      const at = ['scales', i, 'items', j];
      const q = byId.get(item)?.q;
      if (seen.has(item)) return problem(at, `"${item}" is listed twice`);
      seen.add(item);
      if (!q) return problem(at, `no question "${item}" in this survey`);
      if (q.type !== 'scale') return problem(at, `"${item}" is a ${q.type} question; a scale's items must be scale questions`);
      if (!first) first = q;
      else if (q.min !== first.min || q.max !== first.max) {
        problem(at, `"${item}" runs from ${q.min} to ${q.max} but "${first.id}" from ${first.min} to ${first.max}: a scale's items share one range`);
      }
    });
    if (scale.minAnswered !== undefined && scale.minAnswered > scale.items.length) {
      problem(['scales', i, 'minAnswered'], `is ${scale.minAnswered} but the scale has only ${scale.items.length} items`);
    }
  });
}

export const surveySchema = z
  .strictObject({
    id: identifier(),
    title: text(),
    roles: z.array(applicantRole()).min(1),
    when: surveyWhenSchema,
    /** Set from the instrument file a survey includes: its id and version, stored with each score. */
    instrument: identifier().optional(),
    version: text().optional(),
    ...content,
  })
  .superRefine(checkContent);

export type Survey = z.output<typeof surveySchema>;

/**
 * An instrument file (`examples/instruments/*.yaml`): the questions and scales of a survey,
 * with a version, included by a program that says who is asked and when.
 */
export const instrumentSchema = z
  .strictObject({
    instrument: identifier().optional(),
    version: text(),
    title: text(),
    ...content,
  })
  .superRefine(checkContent);

export type Instrument = z.output<typeof instrumentSchema>;
