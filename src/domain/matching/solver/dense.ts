/**
 * The exhaustive search: every step scans a mentee's whole row, every mentor, so it needs no
 * candidate lists and no check afterwards. Used when the candidate search (sparse.ts) cannot
 * prove its answer within a few rounds. Invariants: see state.ts.
 */
import { applyPath, newSearch, type FlowState, type Search } from './state.js';

/** The caller's matrix (mentor-major) and the mentors taking part, as indices into it. */
export interface Matrix {
  scores: Float64Array;
  active: Int32Array;
  n: number;
}

/**
 * A search scans mentee rows while the matrix is stored by mentor: a full transposed copy would
 * cost as much memory as the input and most of the time (page faults) while typically under half
 * the rows are ever scanned, so rows are copied on first use, in chunks to avoid regrowing.
 */
class RowCache {
  static readonly CHUNK = 32;
  readonly chunks: Float64Array[] = [];
  /** Per mentee: its row's position in the cache, -1 until gathered. */
  readonly at: Int32Array;
  private used = 0;

  constructor(private readonly matrix: Matrix) {
    this.at = new Int32Array(matrix.n).fill(-1);
  }

  gather(k: number): number {
    const { n, scores, active } = this.matrix;
    const M = active.length;
    const i = this.used++;
    if (i % RowCache.CHUNK === 0) this.chunks.push(new Float64Array(RowCache.CHUNK * M));
    const chunk = this.chunks[this.chunks.length - 1]!;
    const off = (i % RowCache.CHUNK) * M;
    for (let j = 0; j < M; j++) chunk[off + j] = -scores[active[j]! * n + k]!;
    this.at[k] = i;
    return i;
  }
}

/** Places every mentee not placed yet, in index order. */
export function solveDense(s: FlowState, matrix: Matrix): void {
  const rows = new RowCache(matrix);
  const q = newSearch(s.n, s.M);
  const remaining = new Int32Array(s.M);
  for (let k = 0; k < s.n; k++) if (s.slotOf[k] === -2) step(s, rows, q, remaining, k);
}

function step(s: FlowState, rows: RowCache, q: Search, remaining: Int32Array, r: number): void {
  const { M, bonus, slotStart, load, slotRow, u, w } = s;
  const { dist, pred, visited, scanRow, scanDist } = q;
  const CHUNK = RowCache.CHUNK;
  for (let j = 0; j < M; j++) {
    remaining[j] = j;
    dist[j] = Infinity;
  }
  let nRemaining = M;
  let nScanned = 0;
  let nVisited = 0;
  let exitDist = Infinity;
  let exitRow = -1;
  let sink = -1;
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
      if (row < 0) row = rows.gather(k);
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
  q.nScanned = nScanned;
  q.nVisited = nVisited;
  applyPath(s, q, r, D, sink, exitRow);
}
