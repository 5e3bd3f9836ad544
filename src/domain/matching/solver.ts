/**
 * The optimum of a matching round, as a pure function: mentors (with capacities) x mentees,
 * a score per allowed pair. Lexicographic objective: as many matched mentees as the forbidden
 * pairs and capacities allow, then the highest total score among those.
 *
 * Method: successive shortest augmenting paths (the Jonker-Volgenant / Crouse 2016 family that
 * scipy's linear_sum_assignment belongs to), written as a min-cost flow on mentor nodes rather
 * than on expanded capacity slots, so a search step costs O(mentors), not O(slots). It runs first
 * on each mentee's best few pairs (solver/sparse.ts) and keeps that answer when a pass over the
 * whole matrix certifies it (every pair priced fairly by the potentials); pairs that fail are
 * added for another round, and after a few rounds the exhaustive search (solver/dense.ts) takes
 * over. Invariants: solver/state.ts. Memory: O(mentors + mentees x candidates), plus mentee rows
 * copied out of the matrix (up to its size) only if the exhaustive search runs. Slow case for
 * every shortest-augmenting-path method, scipy's included: pools where everyone prefers the same
 * few mentors (each placement then searches most of the pool).
 *
 * Internal min-cost formulation: pairing k with m costs -score, leaving k unmatched costs
 * `bonus` = 1 + maxScore * min(mentees, slots). That bonus exceeds any difference in total score
 * between two matchings, so one more matched mentee always beats any score gain: minimising the
 * cost is the lexicographic optimum above, with no second pass.
 *
 * Ties (same input -> same output; no randomness): mentees are placed in index order; first each
 * takes its best mentor (lowest index among equal scores) while that mentor has room, then the
 * rest join one by one along a cheapest augmenting path. Among equally cheap steps the search
 * prefers a mentor with room, then the lower mentor index, and it leaves a newcomer unmatched
 * rather than displace an earlier mentee at equal cost; a mentee's candidates are its best
 * pairs, lower mentor index first among equal scores. So with all scores equal, mentors fill in
 * index order and earlier mentees keep their places.
 *
 * Numeric safety: all sums stay within ~mentees * bonus (about 2.5e9 for 5,000 people scoring up
 * to 100), where float64 rounding is ~1e-6 at worst; scores that differ by less than that may
 * tie. Cardinality is never affected: the bonus keeps a margin of at least 1.
 */
import { solveDense, type Matrix } from './solver/dense.js';
import { BestPairs, buildGraph, solveSparse, uncovered } from './solver/sparse.js';
import { newState, placeBestFirst, type FlowState } from './solver/state.js';

export interface AssignmentProblem {
  /** Mentors (rows): how many mentees each may still take (0 allowed). */
  capacities: ArrayLike<number>;
  menteeCount: number;
  /** Row-major mentors x mentees: a score >= 0, or NaN where the pair is forbidden. (minScore is applied by the caller, who writes NaN.) */
  scores: Float64Array;
}

export interface Assignment {
  /** mentee index -> mentor index, or -1 when unmatched. */
  mentorOf: Int32Array;
  matched: number;
  total: number;
  /**
   * The optimality certificate (LP duals of the weighted problem "maximise the sum over matched
   * pairs of score + B", B = bonus per matched mentee, see the module comment):
   * - mentor[m] >= 0, and > 0 only when mentor m is full (holds capacities[m] mentees);
   * - mentee[k] >= 0, and 0 when mentee k is unmatched;
   * - score(m, k) + B <= mentor[m] + mentee[k] for every allowed pair, with equality for matched pairs.
   * Together with a valid matching these prove it optimal; B itself is mentor[m] + mentee[k] - score
   * on any matched pair.
   */
  duals?: { mentor: Float64Array; mentee: Float64Array };
}

/** How hard the candidate search tries before the exhaustive one; tests turn these down to reach every path. */
export interface SolverTuning {
  /** Best pairs per mentee in the first graph. */
  candidates: number;
  /** Certificate checks (each adding failed pairs) before falling back to the exhaustive search. */
  rounds: number;
  /** Failed pairs added per mentee per round. */
  added: number;
}

const TUNING: SolverTuning = { candidates: 12, rounds: 3, added: 8 };

export function solveAssignment(problem: AssignmentProblem, tuning: SolverTuning = TUNING): Assignment {
  const { capacities, menteeCount: n, scores } = problem;
  const mentorCount = capacities.length;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`menteeCount must be a whole number >= 0, got ${n}`);
  if (scores.length !== mentorCount * n) {
    throw new RangeError(`scores must hold ${mentorCount} x ${n} = ${mentorCount * n} values, got ${scores.length}`);
  }

  // One pass over the matrix in its own (mentor-major) order: checks, each mentee's best pairs
  // (lowest mentor index on ties), the top score. Capacity beyond the number of mentees is
  // useless; mentors with no room or no allowed pair are left out of the search entirely.
  const active: number[] = [];
  const caps: number[] = [];
  const best = new BestPairs(n, Math.max(1, Math.min(tuning.candidates, mentorCount)));
  const bar = best.bar;
  let maxScore = 0;
  let slots = 0;
  for (let m = 0; m < mentorCount; m++) {
    const c = capacities[m] as number;
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`capacities[${m}] must be a whole number >= 0, got ${c}`);
    const j = active.length;
    let allowed = 0;
    for (let k = 0, at = m * n; k < n; k++, at++) {
      const s = scores[at]!;
      if (s !== s) continue; // NaN: forbidden
      if (!(s >= 0 && s < Infinity)) throw new RangeError(`scores[${at}] must be >= 0 and finite, or NaN, got ${s}`);
      allowed++;
      if (s > maxScore) maxScore = s;
      if (c > 0 && -s < bar[k]!) best.offer(k, -s, j);
    }
    if (c > 0 && allowed > 0) {
      active.push(m);
      caps.push(Math.min(c, n));
      slots += Math.min(c, n);
    }
  }
  const bonus = 1 + maxScore * Math.min(n, slots);
  const matrix: Matrix = { scores, active: Int32Array.from(active), n };
  const cap = Int32Array.from(caps);
  const bestScore = new Float64Array(n);
  const bestMentor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    if (best.count[k] === 0) continue;
    bestScore[k] = -best.key[k * best.width]!;
    bestMentor[k] = best.mentor[k * best.width]!;
  }
  const start = (): FlowState => {
    const state = newState(n, cap, bonus);
    placeBestFirst(state, bestScore, bestMentor);
    return state;
  };

  // Every pair is a candidate when each mentee's list holds all mentors: nothing to check.
  const complete = active.length <= best.width;
  let graph = buildGraph(matrix, best);
  for (let round = 0; round <= tuning.rounds; round++) {
    const state = start();
    solveSparse(state, graph);
    if (complete) return readOut(problem, state, active, bonus);
    if (round === tuning.rounds) break;
    const failed = uncovered(matrix, best, state, Math.max(1, tuning.added), 1e-9 * (1 + maxScore));
    if (!failed) return readOut(problem, state, active, bonus);
    graph = buildGraph(matrix, best, graph, failed);
  }
  const state = start();
  solveDense(state, matrix);
  return readOut(problem, state, active, bonus);
}

function readOut(problem: AssignmentProblem, s: FlowState, active: number[], bonus: number): Assignment {
  const { menteeCount: n, scores, capacities } = problem;
  const mentorCount = capacities.length;
  const mentorOf = new Int32Array(n).fill(-1);
  const mentee = new Float64Array(n);
  const mentor = new Float64Array(mentorCount);
  let matched = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const slot = s.slotOf[k]!;
    mentee[k] = bonus - s.u[k]!;
    if (slot < 0) continue;
    const m = active[s.slotMentor[slot]!]!;
    mentorOf[k] = m;
    matched++;
    total += scores[m * n + k]!;
  }
  for (let j = 0; j < s.M; j++) {
    const m = active[j]!;
    let price = s.w[j]!;
    // Full only at the shrunk capacity (every mentee taken): not full for the real one, so its
    // price moves onto its mentees, which keeps their pairs tight and every other pair feasible.
    if (price > 0 && s.load[j]! < (capacities[m] as number)) {
      for (let slot = s.slotStart[j]!; slot < s.slotStart[j + 1]!; slot++) mentee[s.slotRow[slot]!]! += price;
      price = 0;
    }
    mentor[m] = price;
  }
  // Mentors left out of the search: with room, no allowed pair, so 0; without room, any price
  // >= 0 is allowed, so the least one that covers their pairs.
  for (let m = 0, j = 0; m < mentorCount; m++) {
    if (active[j] === m) {
      j++;
      continue;
    }
    if ((capacities[m] as number) > 0) continue;
    let price = 0;
    for (let k = 0, at = m * n; k < n; k++, at++) {
      const need = scores[at]! + bonus - mentee[k]!;
      if (need > price) price = need;
    }
    mentor[m] = price;
  }
  return { mentorOf, matched, total, duals: { mentor, mentee } };
}
