/**
 * The matching optimiser on pools of the size the issue names: 2,000 mentors (3,922 capacity
 * slots) x 2,000 mentees, and 5,000 x 5,000. Each size runs in a fresh child process so its peak
 * RSS belongs to that solve alone (maxRSS after the first solve minus before it: the solver's own
 * allocations, not the input); greedy vs optimum on a small tight pool shows what the
 * optimiser buys.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { solveAssignment, type Assignment, type AssignmentProblem } from '../src/domain/matching/solver.js';
import type { BenchContext, BenchModule } from './index.js';

const MB = 1024 * 1024;

/** A small fast seeded generator (mulberry32): same seed, same pool. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PoolShape {
  mentors: number;
  mentees: number;
  seed: number;
  /** Capacities drawn uniformly from minCapacity..maxCapacity. */
  minCapacity: number;
  maxCapacity: number;
  /** When set, capacities are nudged (within the bounds) until they add up to this. */
  slots?: number;
  /** Share of pairs forbidden (NaN). */
  forbidden: number;
  maxScore: number;
  /** Whole-number scores (many ties) rather than continuous ones. */
  integer?: boolean;
}

export function randomPool(shape: PoolShape): AssignmentProblem {
  const next = seeded(shape.seed);
  const { mentors, mentees, minCapacity: lo, maxCapacity: hi } = shape;
  const capacities = new Int32Array(mentors);
  let sum = 0;
  for (let m = 0; m < mentors; m++) sum += capacities[m] = lo + Math.floor(next() * (hi - lo + 1));
  if (shape.slots !== undefined) {
    for (let m = 0; sum !== shape.slots && m < mentors * (hi - lo + 1); m++) {
      const i = m % mentors;
      const step = sum < shape.slots ? (capacities[i]! < hi ? 1 : 0) : capacities[i]! > lo ? -1 : 0;
      capacities[i]! += step;
      sum += step;
    }
  }
  const scores = new Float64Array(mentors * mentees);
  for (let i = 0; i < scores.length; i++) {
    const forbidden = next() < shape.forbidden;
    const s = shape.integer ? Math.floor(next() * (shape.maxScore + 1)) : next() * shape.maxScore;
    scores[i] = forbidden ? NaN : s;
  }
  return { capacities, menteeCount: mentees, scores };
}

/** The naive alternative: take the best remaining allowed pair (lowest indices on ties) while it fits. */
export function greedyAssignment(problem: AssignmentProblem): Assignment {
  const { capacities, menteeCount: n, scores } = problem;
  const pairs: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i])) pairs.push(i);
  pairs.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const room = Array.from(capacities);
  const mentorOf = new Int32Array(n).fill(-1);
  let matched = 0;
  let total = 0;
  for (const i of pairs) {
    const m = Math.floor(i / n);
    const k = i % n;
    if (mentorOf[k] !== -1 || room[m]! <= 0) continue;
    room[m]!--;
    mentorOf[k] = m;
    matched++;
    total += scores[i]!;
  }
  return { mentorOf, matched, total };
}

const SIZES: PoolShape[] = [
  { mentors: 2_000, mentees: 2_000, seed: 1, minCapacity: 1, maxCapacity: 3, slots: 3_922, forbidden: 0.1, maxScore: 100 },
  { mentors: 5_000, mentees: 5_000, seed: 2, minCapacity: 1, maxCapacity: 3, forbidden: 0.1, maxScore: 100 },
];
const RUNS = 3;

interface ChildFigures {
  ms: number[];
  /** CPU time (user + system) per run: steadier than wall time on a shared machine. */
  cpuMs: number[];
  peakGrowth: number;
  input: number;
  matched: number;
  total: number;
  slots: number;
}

/** In the child: build the pool, then solve RUNS times; maxRSS is the process's peak so far. */
function measureInChild(shape: PoolShape): ChildFigures {
  const problem = randomPool(shape);
  const before = process.resourceUsage().maxRSS * 1024;
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let result: Assignment | undefined;
  let peakGrowth = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    result = solveAssignment(problem);
    ms.push(performance.now() - started);
    const spent = process.cpuUsage(cpu);
    cpuMs.push((spent.user + spent.system) / 1000);
    if (run === 0) peakGrowth = process.resourceUsage().maxRSS * 1024 - before;
  }
  const slots = Array.from(problem.capacities).reduce((a, b) => a + b, 0);
  return { ms, cpuMs, peakGrowth, input: problem.scores.byteLength, matched: result!.matched, total: result!.total, slots };
}

function tightPool(ctx: BenchContext): void {
  // Fewer slots than mentees and many forbidden pairs: where taking the best pair first hurts.
  const problem = randomPool({ mentors: 12, mentees: 24, seed: 7, minCapacity: 1, maxCapacity: 2, forbidden: 0.6, maxScore: 10, integer: true });
  const best = solveAssignment(problem);
  const greedy = greedyAssignment(problem);
  ctx.report(
    `matching.tight 12x24: optimum ${best.matched} matched, total ${best.total}; greedy ${greedy.matched} matched, total ${greedy.total}`,
  );
}

const bench: BenchModule = {
  name: 'matching',
  async run(ctx) {
    tightPool(ctx);
    const self = fileURLToPath(import.meta.url);
    for (const shape of SIZES) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', self, JSON.stringify(shape)], { encoding: 'utf8', maxBuffer: MB });
      const f = JSON.parse(out) as ChildFigures;
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
      ctx.report(
        `matching.solve ${shape.mentors}x${shape.mentees} (${f.slots} slots): median ${median(f.ms)} ms of ` +
          `[${f.ms.map((x) => x.toFixed(0)).join(', ')}] (CPU median ${median(f.cpuMs)} ms); peak RSS growth ${Math.round(f.peakGrowth / MB)} MB ` +
          `over the ${Math.round(f.input / MB)} MB score matrix; ${f.matched} matched, total ${f.total.toFixed(1)}`,
      );
    }
  },
};
export default bench;

// Run as a child by the bench above: one pool shape as JSON in, figures as JSON out.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) {
  process.stdout.write(JSON.stringify(measureInChild(JSON.parse(process.argv[2]) as PoolShape)));
}
