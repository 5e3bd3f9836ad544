/**
 * The flow both searches (dense.ts, sparse.ts) work on, and what they share: the start, and
 * applying a found path.
 *
 * Graph: mentee k -> mentor j costs -score; a matched pair can be undone (mentor back to its
 * mentee, cost +score); a mentor with room ends a path; so does "leave mentee k unmatched" at
 * cost `bonus`. Potentials u (mentees) and w (mentors) keep the invariants
 *   -score(k, j) - u[k] + w[j] >= 0 for every pair in the graph, = 0 for matched pairs;
 *   u[k] <= bonus, = bonus for an unmatched mentee; w[j] >= 0, > 0 only for full mentors;
 * so Dijkstra runs on non-negative reduced costs, and after each step the matching is optimal
 * for the mentees placed so far (dual feasibility + complementary slackness).
 * Because matched pairs stay tight, reaching a full mentor at distance d reaches every one of its
 * mentees at d too: they are scanned at once, with no priority queue for mentees.
 */

export interface FlowState {
  n: number;
  /** Mentors taking part (those with room and an allowed pair); indices below are into these. */
  M: number;
  /** Cost of leaving a mentee unmatched. */
  bonus: number;
  /** Mentor j's slots are slotStart[j] .. slotStart[j+1]; the first load[j] are taken. */
  slotStart: Int32Array;
  load: Int32Array;
  slotRow: Int32Array;
  slotMentor: Int32Array;
  /** Per mentee: the slot held; -1 unmatched for good; -2 not placed yet. */
  slotOf: Int32Array;
  u: Float64Array;
  w: Float64Array;
}

/** What one search step found, in scratch arrays reused by every step (no allocation per step). */
export interface Search {
  /** Per mentor: distance reached, and the mentee it was reached from. */
  dist: Float64Array;
  pred: Int32Array;
  /** Mentors passed through (full ones), and mentees scanned with their distances. */
  visited: Int32Array;
  nVisited: number;
  scanRow: Int32Array;
  scanDist: Float64Array;
  nScanned: number;
}

export function newSearch(n: number, M: number): Search {
  return {
    dist: new Float64Array(M).fill(Infinity),
    pred: new Int32Array(M),
    visited: new Int32Array(M),
    nVisited: 0,
    scanRow: new Int32Array(n),
    scanDist: new Float64Array(n),
    nScanned: 0,
  };
}

/** Capacities are per mentor taking part, already cut to at most n. */
export function newState(n: number, caps: Int32Array, bonus: number): FlowState {
  const M = caps.length;
  const slotStart = new Int32Array(M + 1);
  for (let j = 0; j < M; j++) slotStart[j + 1] = slotStart[j]! + caps[j]!;
  const slotMentor = new Int32Array(slotStart[M]!);
  for (let j = 0; j < M; j++) slotMentor.fill(j, slotStart[j]!, slotStart[j + 1]!);
  return {
    n,
    M,
    bonus,
    slotStart,
    load: new Int32Array(M),
    slotRow: new Int32Array(slotStart[M]!).fill(-1),
    slotMentor,
    slotOf: new Int32Array(n).fill(-2),
    u: new Float64Array(n),
    w: new Float64Array(M),
  };
}

export const hasRoom = (s: FlowState, j: number): boolean => s.load[j]! < s.slotStart[j + 1]! - s.slotStart[j]!;

/**
 * Row reduction plus the obvious placements: u[k] = k's cheapest cost keeps every reduced cost
 * >= 0 with w = 0, and taking that cheapest mentor while it has room is tight, so the partial
 * matching is already optimal for the mentees it covers. A mentee with no allowed pair is
 * unmatched at once (u = bonus, the cost of that option).
 */
export function placeBestFirst(s: FlowState, bestScore: Float64Array, bestMentor: Int32Array): void {
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

/**
 * After a search from mentee r reached distance D, ending at mentor `sink` with room or, when
 * sink is -1, at the exit of mentee `exitRow`: move the potentials (which keeps the invariants
 * and makes the path tight), then walk the path back, each mentor taking its predecessor, who
 * leaves its old slot to the next.
 */
export function applyPath(s: FlowState, q: Search, r: number, D: number, sink: number, exitRow: number): void {
  const { u, w, slotStart, load, slotRow, slotOf, slotMentor } = s;
  const { dist, pred, visited, scanRow, scanDist } = q;
  for (let i = 0; i < q.nScanned; i++) u[scanRow[i]!]! += D - scanDist[i]!;
  for (let i = 0; i < q.nVisited; i++) {
    const j = visited[i]!;
    w[j]! += D - dist[j]!;
  }
  let k: number;
  let slot: number;
  if (sink >= 0) {
    k = pred[sink]!;
    slot = slotStart[sink]! + load[sink]!++;
  } else {
    k = exitRow;
    slot = -1;
  }
  for (;;) {
    const old = slotOf[k]!;
    slotOf[k] = slot;
    if (slot >= 0) slotRow[slot] = k;
    if (k === r) return;
    slot = old;
    k = pred[slotMentor[old]!]!;
  }
}
