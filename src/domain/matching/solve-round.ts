import type { ProgramDefinition } from '../programs/definition.js';
import type { Candidate } from './pool.js';
import { pairKey } from './pool.js';

/** One criterion's part in a pair's score, in plain words. */
export interface PairPart {
  criterion: string;
  contribution: number;
  why: string;
}

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

// TEMPORARY stand-in until the criteria and solver modules land.
export function scorePair(program: ProgramDefinition, mentor: Candidate, mentee: Candidate, forbidden: ReadonlyMap<string, string>, _now: Date): PairScore {
  const parts: PairPart[] = [];
  const violations: string[] = [];
  for (const c of program.matching.criteria) {
    const a = mentor.answers.get(c.mentorQuestion);
    const b = mentee.answers.get(c.menteeQuestion);
    let s = 0;
    if (Array.isArray(a) && Array.isArray(b)) s = b.length ? b.filter((x) => a.includes(x)).length / b.length : 0;
    else s = a !== undefined && a === b ? 1 : 0;
    parts.push({ criterion: c.id, contribution: s * c.weight, why: `${c.id}` });
    if (c.required && s === 0) violations.push(`fails the required criterion ${c.id}`);
  }
  const why = forbidden.get(pairKey(mentor.personId, mentee.personId));
  if (why) violations.push(why);
  if (mentor.personId === mentee.personId) violations.push('is the same person');
  const score = parts.reduce((t, p) => t + p.contribution, 0);
  if (score < program.matching.minScore) violations.push(`scores under the program's minimum of ${program.matching.minScore}`);
  return { score, parts, violations, warnings: [] };
}

export function solveRound(program: ProgramDefinition, mentors: Candidate[], mentees: Candidate[], forbidden: ReadonlyMap<string, string>, now: Date): RoundSolution {
  const all = mentors.flatMap((m) => mentees.map((e) => ({ m, e, s: scorePair(program, m, e, forbidden, now) }))).filter((x) => x.s.violations.length === 0);
  all.sort((x, y) => y.s.score - x.s.score);
  const left = new Map(mentors.map((m) => [m.personId, m.capacity - m.load]));
  const taken = new Set<string>();
  const pairs: RoundSolution['pairs'] = [];
  for (const x of all) {
    if (taken.has(x.e.personId) || (left.get(x.m.personId) ?? 0) <= 0) continue;
    taken.add(x.e.personId);
    left.set(x.m.personId, (left.get(x.m.personId) ?? 0) - 1);
    pairs.push({ mentor: x.m, mentee: x.e, score: x.s.score, parts: x.s.parts });
  }
  const unmatched = mentees.filter((e) => !taken.has(e.personId)).map((candidate) => ({ candidate, reason: 'no suitable mentor' }));
  return { pairs, unmatched };
}
