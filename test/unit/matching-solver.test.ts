import { describe, expect, it } from 'vitest';
import { greedyAssignment, randomPool, seeded } from '../../bench/matching.js';
import { solveAssignment, type Assignment, type AssignmentProblem, type SolverTuning } from '../../src/domain/matching/solver.js';

// The candidate search alone (small pools: every pair is a candidate), the candidate search
// through rounds of certificate checks, and the exhaustive search it falls back to.
const PATHS: Array<[string, SolverTuning | undefined]> = [
  ['default', undefined],
  ['one candidate, rounds of checks', { candidates: 1, rounds: 3, added: 1 }],
  ['exhaustive', { candidates: 1, rounds: 0, added: 1 }],
];

const problem = (capacities: number[], rows: number[][]): AssignmentProblem => ({
  capacities,
  menteeCount: rows[0]?.length ?? 0,
  scores: Float64Array.from(rows.flat()),
});

/** Capacities held, no forbidden pair, and matched/total consistent with mentorOf. */
function expectValid(p: AssignmentProblem, a: Assignment): void {
  const n = p.menteeCount;
  const load = new Array<number>(p.capacities.length).fill(0);
  let matched = 0;
  let total = 0;
  expect(a.mentorOf.length).toBe(n);
  for (let k = 0; k < n; k++) {
    const m = a.mentorOf[k]!;
    if (m === -1) continue;
    expect(m).toBeGreaterThanOrEqual(0);
    expect(m).toBeLessThan(p.capacities.length);
    const s = p.scores[m * n + k]!;
    expect(Number.isNaN(s), `mentee ${k} got forbidden mentor ${m}`).toBe(false);
    load[m]!++;
    matched++;
    total += s;
  }
  for (let m = 0; m < load.length; m++) expect(load[m]!).toBeLessThanOrEqual(p.capacities[m]!);
  expect(a.matched).toBe(matched);
  expect(a.total).toBeCloseTo(total, 9);
}

/** Every assignment of each mentee to a mentor or to nobody; the lexicographic best. */
function bruteForce(p: AssignmentProblem): { matched: number; total: number } {
  const n = p.menteeCount;
  const mentors = p.capacities.length;
  const room = Array.from(p.capacities);
  let best = { matched: -1, total: -Infinity };
  const visit = (k: number, matched: number, total: number): void => {
    if (k === n) {
      if (matched > best.matched || (matched === best.matched && total > best.total)) best = { matched, total };
      return;
    }
    visit(k + 1, matched, total);
    for (let m = 0; m < mentors; m++) {
      const s = p.scores[m * n + k]!;
      if (Number.isNaN(s) || room[m]! <= 0) continue;
      room[m]!--;
      visit(k + 1, matched + 1, total + s);
      room[m]!++;
    }
  };
  visit(0, 0, 0);
  return best;
}

/**
 * The certificate, as documented on Assignment.duals: prices >= 0, a mentor priced only when
 * full, an unmatched mentee at 0, every allowed pair covered (score + B <= mentor + mentee) and
 * every matched pair tight, where B = mentor + mentee - score on a matched pair. B must also be
 * large enough that the weighted optimum is the lexicographic one.
 */
function expectCertificate(p: AssignmentProblem, a: Assignment, tol = 1e-6): void {
  const n = p.menteeCount;
  const { mentor, mentee } = a.duals!;
  const first = a.mentorOf.findIndex((m) => m >= 0);
  expect(first).toBeGreaterThanOrEqual(0);
  const m0 = a.mentorOf[first]!;
  const B = mentor[m0]! + mentee[first]! - p.scores[m0 * n + first]!;
  // No matching has more pairs than `most`, so B above this makes one more pair outweigh any score.
  let maxScore = 0;
  let most = 0;
  for (let m = 0; m < p.capacities.length; m++) {
    let allowed = 0;
    for (let k = 0; k < n; k++) {
      const s = p.scores[m * n + k]!;
      if (Number.isNaN(s)) continue;
      allowed++;
      maxScore = Math.max(maxScore, s);
    }
    most += Math.min(allowed, p.capacities[m]!);
  }
  expect(B).toBeGreaterThan(maxScore * (Math.min(n, most) - 1));

  const load = new Array<number>(p.capacities.length).fill(0);
  for (const m of a.mentorOf) if (m >= 0) load[m]!++;
  for (let m = 0; m < mentor.length; m++) {
    expect(mentor[m]!).toBeGreaterThanOrEqual(0);
    if (mentor[m]! > tol) expect(load[m], `priced mentor ${m} is not full`).toBe(p.capacities[m]);
  }
  for (let k = 0; k < n; k++) {
    expect(mentee[k]!).toBeGreaterThanOrEqual(-tol);
    if (a.mentorOf[k] === -1) expect(Math.abs(mentee[k]!)).toBeLessThan(tol);
  }
  for (let m = 0; m < mentor.length; m++) {
    for (let k = 0; k < n; k++) {
      const s = p.scores[m * n + k]!;
      if (Number.isNaN(s)) continue;
      const slack = mentor[m]! + mentee[k]! - s - B;
      if (slack < -tol) expect.fail(`pair ${m}-${k} not covered by the duals (slack ${slack})`);
      if (a.mentorOf[k] === m && Math.abs(slack) > tol) expect.fail(`matched pair ${m}-${k} not tight (slack ${slack})`);
    }
  }
}

describe.each(PATHS)('solveAssignment against brute force (%s)', (_, tuning) => {
  it('finds the lexicographic optimum on hundreds of random small pools', () => {
    const next = seeded(20250601);
    for (let pool = 0; pool < 400; pool++) {
      const mentors = Math.floor(next() * 5); // 0..4
      const n = Math.floor(next() * 6); // 0..5
      const capacities = Array.from({ length: mentors }, () => Math.floor(next() * 3));
      const forbidden = next() * 0.6;
      // Half the pools use whole scores (ties), half continuous ones.
      const whole = pool % 2 === 0;
      const scores = Float64Array.from({ length: mentors * n }, () => {
        const s = whole ? Math.floor(next() * 4) : next() * 100;
        return next() < forbidden ? NaN : s;
      });
      const p: AssignmentProblem = { capacities, menteeCount: n, scores };
      const a = solveAssignment(p, tuning);
      const best = bruteForce(p);
      expectValid(p, a);
      expect(a.matched, `pool ${pool}`).toBe(best.matched);
      expect(Math.abs(a.total - best.total), `pool ${pool}`).toBeLessThan(1e-9);
      if (a.matched > 0) expectCertificate(p, a, 1e-9);
    }
  });
});

describe('solveAssignment on large pools: an optimality certificate', () => {
  const shapes = [
    { mentors: 300, mentees: 300, seed: 11, minCapacity: 1, maxCapacity: 3, forbidden: 0.1, maxScore: 100 },
    { mentors: 150, mentees: 450, seed: 12, minCapacity: 1, maxCapacity: 3, forbidden: 0.1, maxScore: 100 },
    { mentors: 400, mentees: 120, seed: 13, minCapacity: 1, maxCapacity: 3, forbidden: 0.1, maxScore: 100 },
    // Integer scores: plenty of ties; and a pool far short of slots with most pairs forbidden.
    { mentors: 300, mentees: 300, seed: 14, minCapacity: 0, maxCapacity: 2, forbidden: 0.1, maxScore: 5, integer: true },
    { mentors: 200, mentees: 500, seed: 15, minCapacity: 0, maxCapacity: 2, forbidden: 0.97, maxScore: 100 },
  ];
  for (const shape of shapes) {
    it(`${shape.mentors} mentors x ${shape.mentees} mentees (seed ${shape.seed})`, () => {
      const p = randomPool(shape);
      const a = solveAssignment(p);
      expectValid(p, a);
      expectCertificate(p, a);
    });
  }
  it('the same through the exhaustive search and through rounds of checks', () => {
    const p = randomPool(shapes[0]!);
    for (const [, tuning] of PATHS.slice(1)) {
      const a = solveAssignment(p, tuning);
      expectValid(p, a);
      expectCertificate(p, a);
    }
  });
  it('where everyone prefers the same mentors (the candidates run short)', () => {
    const next = seeded(77);
    const mentors = 120;
    const n = 200;
    const quality = Array.from({ length: mentors }, () => next() * 80);
    const scores = new Float64Array(mentors * n).map((_, i) => (next() < 0.1 ? NaN : quality[Math.floor(i / n)]! + next() * 20));
    const capacities = Array.from({ length: mentors }, () => 1 + Math.floor(next() * 2));
    const p: AssignmentProblem = { capacities, menteeCount: n, scores };
    const a = solveAssignment(p);
    expectValid(p, a);
    expectCertificate(p, a);
    const exhaustive = solveAssignment(p, PATHS[2]![1]);
    expect(a.matched).toBe(exhaustive.matched);
    expect(a.total).toBeCloseTo(exhaustive.total, 6);
  });
});

describe('solveAssignment edge cases', () => {
  it('handles an empty pool, no mentors, and no mentees', () => {
    expect(solveAssignment({ capacities: [], menteeCount: 0, scores: new Float64Array(0) })).toMatchObject({ matched: 0, total: 0 });
    const noMentors = solveAssignment({ capacities: [], menteeCount: 3, scores: new Float64Array(0) });
    expect(Array.from(noMentors.mentorOf)).toEqual([-1, -1, -1]);
    expect(noMentors.matched).toBe(0);
    expect(solveAssignment({ capacities: [2, 1], menteeCount: 0, scores: new Float64Array(0) }).mentorOf.length).toBe(0);
  });

  it('leaves everyone unmatched when every pair is forbidden or no mentor has room', () => {
    const allForbidden = solveAssignment(problem([1, 1], [[NaN, NaN], [NaN, NaN]]));
    expect(Array.from(allForbidden.mentorOf)).toEqual([-1, -1]);
    expect(allForbidden).toMatchObject({ matched: 0, total: 0 });
    const full = solveAssignment(problem([0, 0], [[5, 1], [2, 3]]));
    expect(Array.from(full.mentorOf)).toEqual([-1, -1]);
  });

  it('skips a mentor with capacity 0 and fills the one with room', () => {
    const p = problem([0, 2], [[9, 9, 9], [1, 2, 3]]);
    const a = solveAssignment(p);
    expect(Array.from(a.mentorOf)).toEqual([-1, 1, 1]);
    expect(a.total).toBe(5);
    expectCertificate(p, a);
  });

  it('with more mentees than slots, keeps the best ones matched', () => {
    const p = problem([1, 1], [[1, 5, 3, NaN], [2, 4, 6, 1]]);
    const a = solveAssignment(p);
    expect(Array.from(a.mentorOf)).toEqual([-1, 0, 1, -1]);
    expect(a).toMatchObject({ matched: 2, total: 11 });
    expectCertificate(p, a);
  });

  it('prefers one more matched mentee to any score gain', () => {
    // Mentor 0 with mentee 0 alone scores 100; splitting 0 and 1 across both matches two for 2.
    const p = problem([1, 1], [[100, 1], [1, NaN]]);
    expect(solveAssignment(p)).toMatchObject({ matched: 2, total: 2 });
  });

  it('breaks ties the documented way, and the same way every time', () => {
    // All equal: mentors fill in index order, mentees in index order.
    const flat = problem([1, 1, 1], [[4, 4, 4], [4, 4, 4], [4, 4, 4]]);
    expect(Array.from(solveAssignment(flat).mentorOf)).toEqual([0, 1, 2]);
    const twoEach = problem([2, 2], [[1, 1, 1, 1], [1, 1, 1, 1]]);
    expect(Array.from(solveAssignment(twoEach).mentorOf)).toEqual([0, 0, 1, 1]);
    // One place, two equal mentees: the earlier one keeps it.
    expect(Array.from(solveAssignment(problem([1], [[7, 7]])).mentorOf)).toEqual([0, -1]);
    // Same input, same output, on a tie-heavy pool.
    const p = randomPool({ mentors: 60, mentees: 80, seed: 5, minCapacity: 0, maxCapacity: 2, forbidden: 0.3, maxScore: 2, integer: true });
    expect(Array.from(solveAssignment(p).mentorOf)).toEqual(Array.from(solveAssignment(p).mentorOf));
  });

  it('refuses malformed input', () => {
    expect(() => solveAssignment({ capacities: [1], menteeCount: 2, scores: new Float64Array(3) })).toThrow(RangeError);
    expect(() => solveAssignment(problem([-1], [[1]]))).toThrow(/capacities/);
    expect(() => solveAssignment(problem([1.5], [[1]]))).toThrow(/capacities/);
    expect(() => solveAssignment(problem([1], [[-2]]))).toThrow(/scores/);
    expect(() => solveAssignment(problem([1], [[Infinity]]))).toThrow(/scores/);
  });

  it('gives a huge capacity no more than one slot per mentee', () => {
    const p = problem([1e9], [[1, 2, NaN]]);
    const a = solveAssignment(p);
    expect(Array.from(a.mentorOf)).toEqual([0, 0, -1]);
    expectCertificate(p, a);
  });
});

describe('the optimum against greedy', () => {
  it('beats "best pair first" on a tight pool, in count and in score', () => {
    // Greedy takes 0-0 (10) and leaves mentee 1 with nobody: 1 matched, 10.
    const count = problem([1, 1], [[10, 9], [8, NaN]]);
    expect(greedyAssignment(count)).toMatchObject({ matched: 1, total: 10 });
    expect(solveAssignment(count)).toMatchObject({ matched: 2, total: 17 });
    // Both matched either way, but greedy's 10 + 1 loses to 9 + 9.
    const score = problem([1, 1], [[10, 9], [9, 1]]);
    expect(greedyAssignment(score)).toMatchObject({ matched: 2, total: 11 });
    expect(solveAssignment(score)).toMatchObject({ matched: 2, total: 18 });
  });
});
