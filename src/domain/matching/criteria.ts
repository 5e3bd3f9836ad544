import { IANAZone } from 'luxon';
import { questionOptions, type MatchCriterion, type ProgramDefinition, type Question } from '../programs/definition.js';
import type { AnswerValue } from '../questionnaires/validate-answer.js';
import { hoursWords, listWords, plural, shortNumber } from './words.js';

/**
 * One matching criterion scored for one (mentor, mentee) pair. Each kind gives a score in [0, 1]
 * before its weight (docs/program-format.md#matching):
 * - overlap: the share of the mentee's choices the mentor also chose. Measured against the
 *   mentee's side because the pair exists for the mentee: a mentor who offers more areas is not
 *   diluted (as Jaccard would), and a mentee who named one area the mentor covers scores 1.
 * - equal / different: 1 when the answers are (not) the same, else 0.
 * - timezone_distance: 1 - d / maxDistance, d the hours between the two UTC offsets at the given
 *   instant, measured round the clock (UTC+14 and UTC-10 are 0 apart); maxDistance 12 by default.
 * - scale_distance: 1 - |a - b| / maxDistance, by default the question's range (max - min).
 * - number_distance: 1 - |a - b| / maxDistance (maxDistance required).
 * Distances beyond maxDistance score 0. A required criterion passes when overlap shares at least
 * one choice, equal/different scores 1, or a distance is at most maxDistance. A missing answer on
 * either side scores 0 and fails a required criterion: nothing shows the pair meets it.
 */

export type Answers = ReadonlyMap<string, AnswerValue> | Readonly<Record<string, AnswerValue | undefined>>;

export function answerOf(answers: Answers, questionId: string): AnswerValue | undefined {
  if (answers instanceof Map) return answers.get(questionId);
  return (answers as Readonly<Record<string, AnswerValue | undefined>>)[questionId];
}

export interface CompiledCriterion {
  id: string;
  label: string;
  kind: MatchCriterion['kind'];
  weight: number;
  required: boolean;
  /** The effective distance at which a distance kind scores 0; NaN for the other kinds. */
  maxDistance: number;
  /** What a required criterion asks, after "no mentor": "has a different department". */
  requirement: string;
  mentorQuestion: Question;
  menteeQuestion: Question;
}

export interface CriterionOutcome {
  score: number;
  passes: boolean;
  contribution: number;
  why: string;
  /** Whose answer was missing, when one was. */
  missing?: 'mentor' | 'mentee' | 'both';
}

/** The program's criteria with their questions and effective maxDistance, checked definitions assumed. */
export function compileCriteria(program: Pick<ProgramDefinition, 'intake' | 'matching'>): CompiledCriterion[] {
  return program.matching.criteria.map((c) => {
    const mentorQuestion = program.intake.mentor.find((q) => q.id === c.mentorQuestion);
    const menteeQuestion = program.intake.mentee.find((q) => q.id === c.menteeQuestion);
    if (!mentorQuestion || !menteeQuestion) throw new Error(`criterion ${c.id} names a question the intake lacks`);
    const label = c.label ?? c.id.replace(/[_-]+/g, ' ');
    const maxDistance = c.maxDistance ?? defaultMaxDistance(c.kind, mentorQuestion, menteeQuestion);
    return {
      id: c.id,
      label,
      kind: c.kind,
      weight: c.weight,
      required: c.required,
      maxDistance,
      requirement: requirement(c.kind, label, maxDistance),
      mentorQuestion,
      menteeQuestion,
    };
  });
}

function requirement(kind: MatchCriterion['kind'], label: string, max: number): string {
  switch (kind) {
    case 'overlap':
      return `has any ${label} in common`;
    case 'equal':
      return `has the same ${label}`;
    case 'different':
      return `has a different ${label}`;
    case 'timezone_distance':
      return `is within ${hoursWords(max)} of their time zone`;
    case 'scale_distance':
      return `is within ${plural(max, 'point')} on ${label}`;
    case 'number_distance':
      return `is within ${shortNumber(max)} on ${label}`;
  }
}

function defaultMaxDistance(kind: MatchCriterion['kind'], a: Question, b: Question): number {
  if (kind === 'timezone_distance') return 12;
  if (kind !== 'scale_distance') return NaN;
  // The wider range of the two, so that no two answers lie beyond it; an unbounded number has none.
  const ranges = [a, b].filter((q) => q.min !== undefined && q.max !== undefined).map((q) => q.max! - q.min!);
  return ranges.length > 0 ? Math.max(...ranges) : NaN;
}

/** UTC offsets in hours at one instant, each zone looked up once. */
export function offsetsAt(at: Date): (zone: string) => number | null {
  const cache = new Map<string, number | null>();
  return (zone) => {
    let hours = cache.get(zone);
    if (hours === undefined) {
      const z = IANAZone.create(zone);
      hours = z.isValid ? z.offset(at.getTime()) / 60 : null;
      cache.set(zone, hours);
    }
    return hours;
  };
}

const choices = (v: AnswerValue): string[] => (Array.isArray(v) ? v : [String(v)]);
const same = (a: AnswerValue, b: AnswerValue): boolean => {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = new Set(choices(a));
    const y = new Set(choices(b));
    return x.size === y.size && [...x].every((v) => y.has(v));
  }
  return typeof a === 'string' && typeof b === 'string' ? a.trim().toLowerCase() === b.trim().toLowerCase() : a === b;
};

/** The distance between two answers of a distance kind, or null when one cannot be read. */
function distance(c: CompiledCriterion, a: AnswerValue, b: AnswerValue, offset: (zone: string) => number | null): number | null {
  if (c.kind === 'timezone_distance') {
    const x = typeof a === 'string' ? offset(a) : null;
    const y = typeof b === 'string' ? offset(b) : null;
    if (x === null || y === null) return null;
    const d = Math.abs(x - y) % 24;
    return Math.min(d, 24 - d);
  }
  return typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) : null;
}

/** Whether an answer can be compared at all: given, and of the shape its kind reads. */
function usable(c: CompiledCriterion, v: AnswerValue | undefined, offset: (zone: string) => number | null): boolean {
  if (isBlank(v)) return false;
  if (c.kind === 'timezone_distance') return typeof v === 'string' && offset(v) !== null;
  if (c.kind === 'scale_distance' || c.kind === 'number_distance') return typeof v === 'number';
  return true;
}

const isBlank = (v: AnswerValue | undefined): v is undefined => v === undefined || (Array.isArray(v) && v.length === 0) || v === '';

/**
 * The score alone, for filling a matrix: null when an answer is missing or unreadable. Kept
 * apart from `evaluateCriterion` so a large pool builds no sentences.
 */
export function scoreCriterion(
  c: CompiledCriterion,
  mentor: AnswerValue | undefined,
  mentee: AnswerValue | undefined,
  offset: (zone: string) => number | null,
): { score: number; passes: boolean } | null {
  if (isBlank(mentor) || isBlank(mentee)) return null;
  switch (c.kind) {
    case 'overlap': {
      const offered = new Set(choices(mentor));
      const wanted = [...new Set(choices(mentee))];
      const shared = wanted.filter((v) => offered.has(v)).length;
      return { score: shared / wanted.length, passes: shared > 0 };
    }
    case 'equal':
    case 'different': {
      const score = same(mentor, mentee) === (c.kind === 'equal') ? 1 : 0;
      return { score, passes: score === 1 };
    }
    default: {
      const d = distance(c, mentor, mentee, offset);
      if (d === null) return null;
      const score = c.maxDistance > 0 ? Math.max(0, 1 - d / c.maxDistance) : d === 0 ? 1 : 0;
      return { score, passes: d <= c.maxDistance };
    }
  }
}

/** The score with its reason in plain words, naming option labels rather than stored values. */
export function evaluateCriterion(c: CompiledCriterion, mentorAnswers: Answers, menteeAnswers: Answers, at: Date): CriterionOutcome {
  return describeCriterion(c, answerOf(mentorAnswers, c.mentorQuestion.id), answerOf(menteeAnswers, c.menteeQuestion.id), offsetsAt(at));
}

export function describeCriterion(
  c: CompiledCriterion,
  mentor: AnswerValue | undefined,
  mentee: AnswerValue | undefined,
  offset: (zone: string) => number | null,
): CriterionOutcome {
  const scored = scoreCriterion(c, mentor, mentee, offset);
  if (!scored || isBlank(mentor) || isBlank(mentee)) {
    const mentorOk = usable(c, mentor, offset);
    const menteeOk = usable(c, mentee, offset);
    const missing = !mentorOk && menteeOk ? 'mentor' : mentorOk && !menteeOk ? 'mentee' : 'both';
    const whose = missing === 'both' ? 'from either of you' : `from the ${missing}`;
    return { score: 0, passes: false, contribution: 0, missing, why: `no usable answer on ${c.label} ${whose}` };
  }
  const outcome = { ...scored, contribution: c.weight * scored.score };
  return { ...outcome, why: reason(c, mentor, mentee, offset) };
}

function labelsOf(q: Question, values: string[]): string[] {
  const labels = new Map(questionOptions(q).map((o) => [o.value, o.label]));
  return values.map((v) => labels.get(v) ?? v);
}

function reason(c: CompiledCriterion, mentor: AnswerValue, mentee: AnswerValue, offset: (zone: string) => number | null): string {
  const shown = (q: Question, v: AnswerValue) => listWords(labelsOf(q, choices(v)));
  switch (c.kind) {
    case 'overlap': {
      const offered = new Set(choices(mentor));
      const shared = [...new Set(choices(mentee))].filter((v) => offered.has(v));
      return shared.length > 0 ? `you both named ${listWords(labelsOf(c.menteeQuestion, shared))}` : `nothing in common on ${c.label}`;
    }
    case 'equal':
    case 'different':
      return same(mentor, mentee)
        ? `same ${c.label} (${shown(c.menteeQuestion, mentee)})`
        : `different ${c.label} (mentor: ${shown(c.mentorQuestion, mentor)}; mentee: ${shown(c.menteeQuestion, mentee)})`;
    default: {
      const d = distance(c, mentor, mentee, offset) ?? 0;
      const beyond = d > c.maxDistance ? ` (more than ${shortNumber(c.maxDistance)})` : '';
      if (c.kind === 'timezone_distance') {
        if (d === 0) return mentor === mentee ? 'same time zone' : 'no time difference';
        return `${hoursWords(d)} apart${beyond}`;
      }
      if (d === 0) return `same answer on ${c.label}`;
      const apart = c.kind === 'scale_distance' ? plural(d, 'point') : shortNumber(d);
      return `${apart} apart on ${c.label}${beyond}`;
    }
  }
}
