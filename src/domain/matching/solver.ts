/**
 * STAND-IN, to be replaced on merge by the real solver (branch h-solver), which has this API.
 * Greedy: the best-scoring allowed pairs first, while the mentor has room. Not optimal; it only
 * lets the CLI and its tests run until the real one lands.
 */

export interface AssignmentProblem {
  capacities: ArrayLike<number>;
  menteeCount: number;
  /** Row-major mentors x mentees; NaN where the pair is forbidden. */
  scores: Float64Array;
}

export interface Assignment {
  /** Mentee -> mentor index, or -1 when unmatched. */
  mentorOf: Int32Array;
  matched: number;
  total: number;
}

export function solveAssignment(problem: AssignmentProblem): Assignment {
  const E = problem.menteeCount;
  const M = problem.capacities.length;
  const pairs: number[] = [];
  for (let i = 0; i < M * E; i++) if (!Number.isNaN(problem.scores[i])) pairs.push(i);
  pairs.sort((a, b) => problem.scores[b]! - problem.scores[a]! || a - b);
  const room = Array.from({ length: M }, (_, m) => problem.capacities[m] ?? 0);
  const mentorOf = new Int32Array(E).fill(-1);
  let matched = 0;
  let total = 0;
  for (const i of pairs) {
    const m = Math.floor(i / E);
    const e = i % E;
    if (mentorOf[e] !== -1 || room[m]! <= 0) continue;
    mentorOf[e] = m;
    room[m]!--;
    matched++;
    total += problem.scores[i]!;
  }
  return { mentorOf, matched, total };
}
