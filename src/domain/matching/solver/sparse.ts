/**
 * The candidate search. Most mentees end up with one of their best few mentors, so the search
 * first runs on a small graph: each mentee's best pairs, found during the first pass over the
 * matrix, with a heap in place of full row scans, and no column reads at all (the matrix is
 * stored by mentor, a search reads by mentee). Its answer is optimal for the whole matrix when its
 * potentials also cover every pair left out (reduced cost >= 0): one sequential pass over the
 * matrix checks that, and the pairs that fail join the graph for another round.
 * Invariants: see state.ts, for the pairs in the graph.
 */
import { applyPath, hasRoom, newSearch, type FlowState } from './state.js';
import type { Matrix } from './dense.js';

/** Per mentee, up to `width` (mentor, key) pairs with the lowest keys; on equal keys the first offered stays. */
export class BestPairs {
  readonly count: Int32Array;
  readonly key: Float64Array;
  readonly mentor: Int32Array;
  /** Offers at or above this are not kept: Infinity until a mentee's list is full. */
  readonly bar: Float64Array;

  constructor(
    n: number,
    readonly width: number,
  ) {
    this.count = new Int32Array(n);
    this.key = new Float64Array(n * width);
    this.mentor = new Int32Array(n * width);
    this.bar = new Float64Array(n).fill(Infinity);
  }

  offer(k: number, key: number, j: number): void {
    const { width, key: keys, mentor: mentors } = this;
    const base = k * width;
    let c = this.count[k]!;
    if (c < width) this.count[k] = ++c;
    let i = base + c - 1;
    for (; i > base && keys[i - 1]! > key; i--) {
      keys[i] = keys[i - 1]!;
      mentors[i] = mentors[i - 1]!;
    }
    keys[i] = key;
    mentors[i] = j;
    if (c === width) this.bar[k] = keys[base + width - 1]!;
  }
}

/** Per mentee, its pairs in the graph: mentor and cost (-score). */
export interface Graph {
  start: Int32Array;
  mentor: Int32Array;
  cost: Float64Array;
}

/** The graph of the best pairs (keys are costs), plus `extra` pairs (keys are reduced costs). */
export function buildGraph(matrix: Matrix, best: BestPairs, old?: Graph, extra?: BestPairs): Graph {
  const n = matrix.n;
  const start = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    const had = old ? old.start[k + 1]! - old.start[k]! : best.count[k]!;
    start[k + 1] = start[k]! + had + (extra ? extra.count[k]! : 0);
  }
  const mentor = new Int32Array(start[n]!);
  const cost = new Float64Array(start[n]!);
  for (let k = 0; k < n; k++) {
    let at = start[k]!;
    if (old) {
      for (let e = old.start[k]!; e < old.start[k + 1]!; e++, at++) {
        mentor[at] = old.mentor[e]!;
        cost[at] = old.cost[e]!;
      }
    } else {
      for (let i = k * best.width, end = i + best.count[k]!; i < end; i++, at++) {
        mentor[at] = best.mentor[i]!;
        cost[at] = best.key[i]!;
      }
    }
    if (!extra) continue;
    for (let i = k * extra.width, end = i + extra.count[k]!; i < end; i++, at++) {
      const j = extra.mentor[i]!;
      mentor[at] = j;
      cost[at] = -matrix.scores[matrix.active[j]! * n + k]!;
    }
  }
  return { start, mentor, cost };
}

/**
 * The certificate check: pairs whose reduced cost is below -tolerance, the worst `width` of each
 * mentee kept. Pairs in the graph never fail (up to rounding, which the tolerance absorbs). A pair
 * left out costs at least its mentee's bar (the worst candidate kept) and w >= 0, so a mentee
 * with u[k] <= bar[k] is covered without reading its row; only the others are read, one by one
 * when few, else in one pass over the matrix in its own order.
 */
export function uncovered(matrix: Matrix, best: BestPairs, s: FlowState, width: number, tolerance: number): BestPairs | undefined {
  const { n, scores, active } = matrix;
  const { u, w } = s;
  const bar = best.bar;
  const doubtful: number[] = [];
  for (let k = 0; k < n; k++) if (u[k]! > bar[k]! + tolerance) doubtful.push(k);
  if (doubtful.length === 0) return undefined;
  let found: BestPairs | undefined;
  const test = (k: number, j: number, at: number): void => {
    const rc = w[j]! - scores[at]! - u[k]!; // NaN (forbidden) fails the test
    if (rc < -tolerance) {
      found ??= new BestPairs(n, width);
      if (rc < found.bar[k]!) found.offer(k, rc, j);
    }
  };
  if (doubtful.length * 8 < n) {
    for (const k of doubtful) for (let j = 0; j < active.length; j++) test(k, j, active[j]! * n + k);
    return found;
  }
  const flag = new Uint8Array(n);
  for (const k of doubtful) flag[k] = 1;
  for (let j = 0; j < active.length; j++) {
    for (let k = 0, at = active[j]! * n; k < n; k++, at++) if (flag[k]) test(k, j, at);
  }
  return found;
}

/** Places every mentee not placed yet, in index order, using only the pairs in the graph. */
export function solveSparse(s: FlowState, g: Graph): void {
  const q = newSearch(s.n, s.M);
  const { M, bonus, slotStart, load, slotRow, u, w } = s;
  const { dist, pred, visited, scanRow, scanDist } = q;
  const { start, mentor, cost } = g;
  const done = new Uint8Array(M);
  const touched = new Int32Array(M);
  // A binary heap of (distance, mentor), stale entries skipped when popped; ordered like the
  // dense search: nearer, then with room, then lower index.
  const heapKey = new Float64Array(mentor.length + 1);
  const heapId = new Int32Array(mentor.length + 1);
  const before = (ka: number, a: number, kb: number, b: number): boolean => {
    if (ka !== kb) return ka < kb;
    const ra = hasRoom(s, a);
    return ra !== hasRoom(s, b) ? ra : a < b;
  };
  let nTouched = 0;

  for (let r = 0; r < s.n; r++) {
    if (s.slotOf[r] !== -2) continue;
    for (let i = 0; i < nTouched; i++) {
      dist[touched[i]!] = Infinity;
      done[touched[i]!] = 0;
    }
    nTouched = 0;
    let size = 0;
    let nScanned = 0;
    let nVisited = 0;
    let exitDist = Infinity;
    let exitRow = -1;
    let sink = -1;
    let D: number;
    let at = 0;
    let from = -1;
    let to = 0;
    for (;;) {
      for (let i = from; i < to; i++) {
        const k = i < 0 ? r : slotRow[i]!;
        scanRow[nScanned] = k;
        scanDist[nScanned++] = at;
        const uk = u[k]!;
        if (at + bonus - uk < exitDist) {
          exitDist = at + bonus - uk;
          exitRow = k;
        }
        const base = at - uk;
        for (let e = start[k]!; e < start[k + 1]!; e++) {
          const j = mentor[e]!;
          if (done[j]) continue;
          const d = base + cost[e]! + w[j]!;
          if (!(d < dist[j]!)) continue;
          if (dist[j] === Infinity) touched[nTouched++] = j;
          dist[j] = d;
          pred[j] = k;
          // Sift up.
          let c = size++;
          while (c > 0) {
            const p = (c - 1) >> 1;
            if (!before(d, j, heapKey[p]!, heapId[p]!)) break;
            heapKey[c] = heapKey[p]!;
            heapId[c] = heapId[p]!;
            c = p;
          }
          heapKey[c] = d;
          heapId[c] = j;
        }
      }
      // Drop stale tops, then take the nearest mentor.
      let j = -1;
      while (size > 0) {
        const top = heapId[0]!;
        const fresh = !done[top] && heapKey[0] === dist[top];
        const lastKey = heapKey[--size]!;
        const lastId = heapId[size]!;
        let c = 0;
        for (;;) {
          let m = 2 * c + 1;
          if (m >= size) break;
          if (m + 1 < size && before(heapKey[m + 1]!, heapId[m + 1]!, heapKey[m]!, heapId[m]!)) m++;
          if (!before(heapKey[m]!, heapId[m]!, lastKey, lastId)) break;
          heapKey[c] = heapKey[m]!;
          heapId[c] = heapId[m]!;
          c = m;
        }
        heapKey[c] = lastKey;
        heapId[c] = lastId;
        if (fresh) {
          j = top;
          break;
        }
      }
      const best = j < 0 ? Infinity : dist[j]!;
      const free = j >= 0 && hasRoom(s, j);
      // Same tie rules as the dense search: room beats an exit, an exit beats a full mentor.
      if (j < 0 || exitDist < best || (exitDist === best && !free)) {
        D = exitDist;
        break;
      }
      done[j] = 1;
      if (free) {
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
}
