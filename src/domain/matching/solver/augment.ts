/**
 * One successive-shortest-path step: place mentee r along a cheapest augmenting path.
 *
 * Graph: mentee k -> mentor m costs cost[k][m] (= -score); a matched pair can be undone (mentor
 * back to its mentee, cost +score); a mentor with room ends the path; so does "leave mentee k
 * unmatched" at cost `bonus`. Potentials u (mentees) and w (mentors) keep the invariants
 *   cost[k][m] - u[k] + w[m] >= 0 for every allowed pair, = 0 for matched pairs;
 *   u[k] <= bonus, = bonus for an unmatched mentee; w[m] >= 0, > 0 only for full mentors;
 * so Dijkstra runs on non-negative reduced costs, and after each step the matching is optimal
 * for the mentees placed so far (dual feasibility + complementary slackness).
 * Because matched pairs stay tight, reaching a full mentor at distance d reaches every one of its
 * mentees at d too: they are scanned at once, with no priority queue for mentees.
 */

export interface FlowState {
  n: number;
  /** Mentors taking part (those with room and an allowed pair); indices below are into these. */
  M: number;
  /** The caller's matrix (mentor-major), and the mentors taking part as indices into it. */
  scores: Float64Array;
  active: Int32Array;
  /** Mentee-major cost rows (-score, NaN when forbidden), gathered when first scanned. */
  rows: RowCache;
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

/**
 * A search scans mentee rows, the matrix is stored by mentor: a full transposed copy would cost
 * as much memory as the input and most of the time (page faults) while typically under half the
 * rows are ever scanned, so rows are copied on first use, in chunks to avoid regrowing.
 */
export class RowCache {
  static readonly CHUNK = 32;
  readonly chunks: Float64Array[] = [];
  /** Per mentee: its row's position in the cache, -1 until gathered. */
  readonly at: Int32Array;
  private used = 0;

  constructor(n: number) {
    this.at = new Int32Array(n).fill(-1);
  }

  gather(s: FlowState, k: number): number {
    const { M, n, scores, active } = s;
    const i = this.used++;
    if (i % RowCache.CHUNK === 0) this.chunks.push(new Float64Array(RowCache.CHUNK * M));
    const chunk = this.chunks[this.chunks.length - 1]!;
    const off = (i % RowCache.CHUNK) * M;
    for (let j = 0; j < M; j++) chunk[off + j] = -scores[active[j]! * n + k]!;
    this.at[k] = i;
    return i;
  }
}

/** Scratch arrays reused by every step, so a step allocates nothing. */
export interface Workspace {
  dist: Float64Array;
  pred: Int32Array;
  remaining: Int32Array;
  visited: Int32Array;
  scanRow: Int32Array;
  scanDist: Float64Array;
}

export function newWorkspace(s: FlowState): Workspace {
  return {
    dist: new Float64Array(s.M),
    pred: new Int32Array(s.M),
    remaining: new Int32Array(s.M),
    visited: new Int32Array(s.M),
    scanRow: new Int32Array(s.n),
    scanDist: new Float64Array(s.n),
  };
}

export function augment(s: FlowState, r: number, ws: Workspace): void {
  const { M, bonus, slotStart, load, slotRow, u, w, rows } = s;
  const CHUNK = RowCache.CHUNK;
  const { dist, pred, remaining, visited, scanRow, scanDist } = ws;
  for (let j = 0; j < M; j++) {
    remaining[j] = j;
    dist[j] = Infinity;
  }
  let nRemaining = M;
  let nScanned = 0;
  let nVisited = 0;
  let exitDist = Infinity;
  let exitRow = -1;
  let sink = -1; // the mentor with room that ends the path, or -1 for an exit
  let D: number;
  // Mentees to scan at distance `at`: first r alone, then the mentees of the mentor just reached.
  let at = 0;
  let from = -1;
  let to = 0;
  for (;;) {
    for (let i = from; i < to; i++) {
      const k = i < 0 ? r : slotRow[i]!;
      scanRow[nScanned] = k;
      scanDist[nScanned++] = at;
      const uk = u[k]!;
      // Strict: on a tie the earliest-scanned mentee (the newcomer first) is the one left out.
      if (at + bonus - uk < exitDist) {
        exitDist = at + bonus - uk;
        exitRow = k;
      }
      const base = at - uk;
      let row = rows.at[k]!;
      if (row < 0) row = rows.gather(s, k);
      const cost = rows.chunks[(row / CHUNK) | 0]!;
      const off = (row % CHUNK) * M;
      for (let i2 = 0; i2 < nRemaining; i2++) {
        const j = remaining[i2]!;
        const d = base + cost[off + j]! + w[j]!; // NaN for a forbidden pair: never < dist
        if (d < dist[j]!) {
          dist[j] = d;
          pred[j] = k;
        }
      }
    }
    let best = Infinity;
    let bestAt = -1;
    let bestFree = false;
    for (let i = 0; i < nRemaining; i++) {
      const j = remaining[i]!;
      const d = dist[j]!;
      if (d > best || d === Infinity) continue; // farther, or not reached
      const free = load[j]! < slotStart[j + 1]! - slotStart[j]!;
      if (d < best || (free && !bestFree) || (free === bestFree && j < remaining[bestAt]!)) {
        best = d;
        bestAt = i;
        bestFree = free;
      }
    }
    // A mentor with room wins a tie with an exit (one more matched); an exit wins a tie with a
    // full mentor (no one displaced).
    if (bestAt < 0 || exitDist < best || (exitDist === best && !bestFree)) {
      D = exitDist;
      break;
    }
    const j = remaining[bestAt]!;
    remaining[bestAt] = remaining[--nRemaining]!;
    if (bestFree) {
      sink = j;
      D = best;
      break;
    }
    visited[nVisited++] = j;
    at = best;
    from = slotStart[j]!;
    to = from + load[j]!;
  }

  for (let i = 0; i < nScanned; i++) u[scanRow[i]!]! += D - scanDist[i]!;
  for (let i = 0; i < nVisited; i++) {
    const j = visited[i]!;
    w[j]! += D - dist[j]!;
  }

  // Walk the path back: each mentor takes its predecessor, who leaves its old slot to the next.
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
    const old = s.slotOf[k]!;
    s.slotOf[k] = slot;
    if (slot >= 0) slotRow[slot] = k;
    if (k === r) return;
    slot = old;
    k = pred[s.slotMentor[old]!]!;
  }
}
