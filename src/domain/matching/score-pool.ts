import type { ProgramDefinition } from '../programs/definition.js';
import { answerOf, compileCriteria, describeCriterion, offsetsAt, scoreCriterion, type Answers } from './criteria.js';
import { shortNumber } from './words.js';

/** Pairs the caller rules out before any criterion is looked at. */
export type ForbiddenReason = 'self' | 'matched_before' | 'excluded';

/** The key of `forbidden`: mentor key, NUL, mentee key (NUL appears in no id). */
export const pairKey = (mentorKey: string, menteeKey: string): string => `${mentorKey}\u0000${menteeKey}`;

export interface PoolMentor {
  key: string;
  answers: Answers;
  capacity: number;
}
export interface PoolMentee {
  key: string;
  answers: Answers;
}

/** Why a pair may not be proposed, one code per pair; the first that applies, in this order. */
export const BLOCK = { none: 0, self: 1, matchedBefore: 2, excluded: 3, required: 4, belowMinimum: 5 } as const;
export type BlockCode = (typeof BLOCK)[keyof typeof BLOCK];
const BY_REASON: Record<ForbiddenReason, BlockCode> = { self: BLOCK.self, matched_before: BLOCK.matchedBefore, excluded: BLOCK.excluded };

export interface PairPart {
  criterion: string;
  label: string;
  required: boolean;
  passes: boolean;
  contribution: number;
  why: string;
}
export interface PairExplanation {
  total: number;
  allowed: boolean;
  parts: PairPart[];
  /** Why the pair cannot be proposed (failed required criteria, under minScore, excluded, matched before). */
  warnings: string[];
}

export interface ScoredPool {
  mentorCount: number;
  menteeCount: number;
  /** Row-major mentors x mentees: the pair's total, NaN where it may not be proposed. */
  scores: Float64Array;
  capacities: Int32Array;
  /** Row-major like `scores`: a BLOCK code per pair. */
  blocks: Uint8Array;
  minScore: number;
  explainPair(mentor: number, mentee: number): PairExplanation;
  /** The required criteria the pair fails. */
  failedRequired(mentor: number, mentee: number): { label: string; requirement: string }[];
}

export interface ScorePoolInput {
  program: Pick<ProgramDefinition, 'intake' | 'matching'>;
  mentors: readonly PoolMentor[];
  mentees: readonly PoolMentee[];
  forbidden?: ReadonlyMap<string, ForbiddenReason>;
  /** The instant at which time-zone offsets are compared (daylight saving moves them). */
  at: Date;
}

/**
 * Scores every (mentor, mentee) pair: the total is the sum of weight x score over the criteria.
 * A pair is forbidden (NaN) when the caller forbids it, when mentor and mentee have the same key
 * (the same person), when it fails a required criterion, or when it scores under minScore.
 */
export function scorePool(input: ScorePoolInput): ScoredPool {
  const { mentors, mentees, at } = input;
  const criteria = compileCriteria(input.program);
  const minScore = input.program.matching.minScore;
  const offset = offsetsAt(at);
  const M = mentors.length;
  const E = mentees.length;
  const scores = new Float64Array(M * E);
  const blocks = new Uint8Array(M * E);

  const mentorIndex = new Map(mentors.map((m, i) => [m.key, i]));
  const menteeIndex = new Map(mentees.map((e, i) => [e.key, i]));
  for (const [key, reason] of input.forbidden ?? []) {
    const [mk, ek] = key.split('\u0000') as [string, string | undefined];
    const m = mentorIndex.get(mk);
    const e = ek === undefined ? undefined : menteeIndex.get(ek);
    if (m !== undefined && e !== undefined) blocks[m * E + e] = BY_REASON[reason];
  }

  // Answers read once per person and criterion, not once per pair.
  const mentorValues = criteria.map((c) => mentors.map((m) => answerOf(m.answers, c.mentorQuestion.id)));
  const menteeValues = criteria.map((c) => mentees.map((e) => answerOf(e.answers, c.menteeQuestion.id)));

  for (let m = 0; m < M; m++) {
    for (let e = 0; e < E; e++) {
      const i = m * E + e;
      if (blocks[i] === BLOCK.none && mentors[m]!.key === mentees[e]!.key) blocks[i] = BLOCK.self;
      if (blocks[i] !== BLOCK.none) {
        scores[i] = NaN;
        continue;
      }
      let total = 0;
      let passes = true;
      for (let c = 0; c < criteria.length; c++) {
        const criterion = criteria[c]!;
        const r = scoreCriterion(criterion, mentorValues[c]![m], menteeValues[c]![e], offset);
        if (r) total += criterion.weight * r.score;
        if (criterion.required && !r?.passes) passes = false;
      }
      if (!passes) blocks[i] = BLOCK.required;
      else if (total < minScore) blocks[i] = BLOCK.belowMinimum;
      scores[i] = blocks[i] === BLOCK.none ? total : NaN;
    }
  }

  const capacities = Int32Array.from(mentors, (m) => Math.max(0, Math.floor(m.capacity)));
  const outcomes = (m: number, e: number) =>
    criteria.map((c, i) => ({ c, o: describeCriterion(c, mentorValues[i]![m], menteeValues[i]![e], offset) }));

  return {
    mentorCount: M,
    menteeCount: E,
    scores,
    capacities,
    blocks,
    minScore,
    failedRequired: (m, e) => outcomes(m, e).filter(({ c, o }) => c.required && !o.passes).map(({ c }) => ({ label: c.label, requirement: c.requirement })),
    explainPair(m, e) {
      const parts = outcomes(m, e).map(({ c, o }) => ({
        criterion: c.id,
        label: c.label,
        required: c.required,
        passes: o.passes,
        contribution: o.contribution,
        why: o.why,
      }));
      const total = parts.reduce((sum, p) => sum + p.contribution, 0);
      const block = blocks[m * E + e]!;
      const warnings: string[] = [];
      if (block === BLOCK.self) warnings.push('mentor and mentee are the same person');
      if (block === BLOCK.matchedBefore) warnings.push('they have been matched before');
      if (block === BLOCK.excluded) warnings.push('a coordinator excluded this pair');
      for (const p of parts) if (p.required && !p.passes) warnings.push(`does not meet the required criterion "${p.label}": ${p.why}`);
      if (total < minScore) warnings.push(`scores ${shortNumber(total)}, under the program's minimum of ${shortNumber(minScore)}`);
      return { total, allowed: block === BLOCK.none, parts, warnings };
    },
  };
}

