import type { ProgramDefinition } from '../programs/definition.js';
import { unmatchedReasons } from './explain.js';
import type { Candidate } from './pool.js';
import { pairKey, scorePool, type ForbiddenReason, type PairPart } from './score-pool.js';
import { solveAssignment } from './solver.js';

export type { PairPart } from './score-pool.js';

export interface PairScore {
  score: number;
  parts: PairPart[];
  /** Hard constraints broken (a manual pair needs an override for these). */
  violations: string[];
  /** Soft concerns worth a coordinator's look. */
  warnings: string[];
}

export interface RoundSolution {
  pairs: { mentor: Candidate; mentee: Candidate; score: number; parts: PairPart[] }[];
  unmatched: { candidate: Candidate; reason: string }[];
}

/** The pool's forbidden pairs in the scorer's terms: matched before, or ruled out by a coordinator. */
function scorerForbidden(forbidden: ReadonlyMap<string, string>): Map<string, ForbiddenReason> {
  const out = new Map<string, ForbiddenReason>();
  for (const [key, why] of forbidden) out.set(key, /matched|declined/.test(why) ? 'matched_before' : 'excluded');
  return out;
}

/** One pair as a coordinator sees it when pairing by hand or asking for suggestions. */
export function scorePair(program: ProgramDefinition, mentor: Candidate, mentee: Candidate, forbidden: ReadonlyMap<string, string>, now: Date): PairScore {
  const pool = scorePool({
    program,
    mentors: [{ key: mentor.personId, answers: mentor.answers, capacity: 1 }],
    mentees: [{ key: mentee.personId, answers: mentee.answers }],
    at: now,
  });
  const explained = pool.explainPair(0, 0);
  const ruledOut = forbidden.get(pairKey(mentor.personId, mentee.personId));
  // The scorer's own words for required criteria and the minimum; ours for the pool's history.
  const violations = [...(ruledOut ? [ruledOut] : []), ...(explained.allowed ? [] : explained.warnings)];
  return { score: explained.total, parts: explained.parts, violations, warnings: [] };
}

/**
 * The round's answer over the pool: the most mentees matched, then the highest total score,
 * each pair with its reasons and everyone left over with why.
 */
export function solveRound(program: ProgramDefinition, mentors: Candidate[], mentees: Candidate[], forbidden: ReadonlyMap<string, string>, now: Date): RoundSolution {
  const pool = scorePool({
    program,
    mentors: mentors.map((m) => ({ key: m.personId, answers: m.answers, capacity: Math.max(0, m.capacity - m.load) })),
    mentees: mentees.map((e) => ({ key: e.personId, answers: e.answers })),
    forbidden: scorerForbidden(forbidden),
    at: now,
  });
  const solved = solveAssignment({ capacities: pool.capacities, menteeCount: mentees.length, scores: pool.scores });
  const pairs: RoundSolution['pairs'] = [];
  mentees.forEach((mentee, e) => {
    const m = solved.mentorOf[e]!;
    if (m < 0) return;
    const explained = pool.explainPair(m, e);
    pairs.push({ mentor: mentors[m]!, mentee, score: explained.total, parts: explained.parts });
  });
  const reasons = unmatchedReasons(pool, solved.mentorOf);
  const unmatched = [
    ...reasons.mentees.map((u) => ({ candidate: mentees[u.mentee]!, reason: u.reason })),
    ...reasons.mentors.map((u) => ({ candidate: mentors[u.mentor]!, reason: u.reason })),
  ];
  return { pairs, unmatched };
}
