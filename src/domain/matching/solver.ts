/**
 * The optimum of a matching round, as a pure function: mentors (with capacities) x mentees,
 * a score per allowed pair. Lexicographic objective: as many matched mentees as the forbidden
 * pairs and capacities allow, then the highest total score among those.
 *
 * Method: successive shortest augmenting paths (the Jonker-Volgenant / Crouse 2016 family that
 * scipy's linear_sum_assignment belongs to), written as a min-cost flow on mentor nodes rather
 * than on expanded capacity slots, so one Dijkstra step costs O(mentors), not O(slots), and
 * memory is one mentee-major copy of the matrix plus O(mentors + mentees). See
 * solver/augment.ts for the search and the invariants it keeps.
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
 * rather than displace an earlier mentee at equal cost. So with all scores equal, mentors fill
 * in index order and earlier mentees keep their places.
 *
 * Numeric safety: all sums stay within ~mentees * bonus (about 2.5e9 for 5,000 people scoring up
 * to 100), where float64 rounding is ~1e-6 at worst; scores that differ by less than that may
 * tie. Cardinality is never affected: the bonus keeps a margin of at least 1.
 */
import { augment, newWorkspace, RowCache, type FlowState } from './solver/augment.js';

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

export function solveAssignment(problem: AssignmentProblem): Assignment {
  const { capacities, menteeCount: n, scores } = problem;
  const mentorCount = capacities.length;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`menteeCount must be a whole number >= 0, got ${n}`);
  if (scores.length !== mentorCount * n) {
    throw new RangeError(`scores must hold ${mentorCount} x ${n} = ${mentorCount * n} values, got ${scores.length}`);
  }

  // One pass over the matrix in its own (mentor-major) order: checks, each mentee's best mentor
  // (lowest index on ties), the top score. Capacity beyond the number of mentees is useless;
  // mentors with no room or no allowed pair are left out of the search entirely.
  const cap = new Int32Array(mentorCount);
  const active: number[] = [];
  const bestScore = new Float64Array(n).fill(-1);
  const bestMentor = new Int32Array(n).fill(-1);
  let maxScore = 0;
  let slots = 0;
  for (let m = 0; m < mentorCount; m++) {
    const c = capacities[m] as number;
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`capacities[${m}] must be a whole number >= 0, got ${c}`);
    cap[m] = Math.min(c, n);
    let allowed = 0;
    for (let k = 0, at = m * n; k < n; k++, at++) {
      const s = scores[at]!;
      if (s !== s) continue; // NaN: forbidden
      if (!(s >= 0 && s < Infinity)) throw new RangeError(`scores[${at}] must be >= 0 and finite, or NaN, got ${s}`);
      allowed++;
      if (s > maxScore) maxScore = s;
      if (c > 0 && s > bestScore[k]!) {
        bestScore[k] = s;
        bestMentor[k] = active.length;
      }
    }
    if (c > 0 && allowed > 0) {
      active.push(m);
      slots += cap[m]!;
    }
  }
  const bonus = 1 + maxScore * Math.min(n, slots);

  const state = newState(problem, cap, Int32Array.from(active), bonus);
  placeBestFirst(state, bestScore, bestMentor);
  const work = newWorkspace(state);
  for (let k = 0; k < n; k++) if (state.slotOf[k] === -2) augment(state, k, work);
  return readOut(problem, state, active, bonus);
}

function newState(problem: AssignmentProblem, cap: Int32Array, active: Int32Array, bonus: number): FlowState {
  const n = problem.menteeCount;
  const M = active.length;
  const slotStart = new Int32Array(M + 1);
  for (let j = 0; j < M; j++) slotStart[j + 1] = slotStart[j]! + cap[active[j]!]!;
  const slotMentor = new Int32Array(slotStart[M]!);
  for (let j = 0; j < M; j++) slotMentor.fill(j, slotStart[j]!, slotStart[j + 1]!);
  return {
    n,
    M,
    scores: problem.scores,
    active,
    rows: new RowCache(n),
    bonus,
    slotStart,
    load: new Int32Array(M),
    slotRow: new Int32Array(slotStart[M]!).fill(-1),
    slotMentor,
    // -2: not placed yet; -1: unmatched (for good); otherwise the slot held.
    slotOf: new Int32Array(n).fill(-2),
    u: new Float64Array(n),
    w: new Float64Array(M),
  };
}

/**
 * Row reduction plus the obvious placements: u[k] = k's cheapest cost keeps every reduced cost
 * >= 0 with w = 0, and taking that cheapest mentor while it has room is tight, so the partial
 * matching is already optimal for the mentees it covers. A mentee with no allowed pair is
 * unmatched at once (u = bonus, the cost of that option).
 */
function placeBestFirst(s: FlowState, bestScore: Float64Array, bestMentor: Int32Array): void {
  const { n, slotStart, load, slotRow, slotOf, u } = s;
  for (let k = 0; k < n; k++) {
    const j = bestMentor[k]!;
    if (j < 0) {
      u[k] = s.bonus;
      slotOf[k] = -1;
      continue;
    }
    u[k] = -bestScore[k]!;
    if (slotStart[j]! + load[j]! < slotStart[j + 1]!) {
      const slot = slotStart[j]! + load[j]!++;
      slotRow[slot] = k;
      slotOf[k] = slot;
    }
  }
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
