import { choose, mean } from './describe-sample.js';
import { mulberry32, shuffled } from './prng.js';

/** Up to this many splits of the pooled values the test enumerates every one. */
export const EXACT_LIMIT = 20_000;
/** Random splits drawn when there are more (p's standard error ≤ 0.005). */
export const MONTE_CARLO_DRAWS = 10_000;

export interface PermutationResult {
  /** Mean of a − mean of b. */
  difference: number;
  /** Two-sided: the share of splits whose |difference| is at least the observed one. */
  p: number;
  method: 'exact' | 'monte-carlo';
  /** Splits enumerated, or random splits drawn. */
  splits: number;
}

/**
 * Two-sided permutation test of a difference in means. Under "the arm makes no difference"
 * every split of the pooled values into groups of the arms' sizes was as likely as the one
 * observed, so p is where the observed difference falls among them. Exact (every split) when
 * there are at most EXACT_LIMIT, else Monte-Carlo with a seeded generator, counting the observed
 * split too ((hits + 1) / (draws + 1)) so p is never 0.
 */
export function permutationTest(a: readonly number[], b: readonly number[], seed = 1): PermutationResult {
  if (a.length === 0 || b.length === 0) throw new Error('permutationTest needs values in both groups');
  const pooled = [...a, ...b];
  const total = pooled.reduce((s, x) => s + x, 0);
  const n1 = a.length;
  const n2 = b.length;
  const diffOf = (sum1: number) => sum1 / n1 - (total - sum1) / n2;
  const observed = mean(a) - mean(b);
  // Floating sums of the same values in another order may differ in the last bits: a split as
  // extreme as the observed one must count even then.
  const threshold = Math.abs(observed) - 1e-9 * Math.max(1, Math.abs(observed));
  const splits = choose(n1 + n2, n1);
  if (splits <= EXACT_LIMIT) {
    const hits = countExact(pooled, n1, (sum1) => Math.abs(diffOf(sum1)) >= threshold);
    return { difference: observed, p: hits / splits, method: 'exact', splits };
  }
  const random = mulberry32(seed);
  let hits = 0;
  for (let i = 0; i < MONTE_CARLO_DRAWS; i++) {
    const order = shuffled(pooled, random);
    let sum1 = 0;
    for (let j = 0; j < n1; j++) sum1 += order[j]!;
    if (Math.abs(diffOf(sum1)) >= threshold) hits++;
  }
  return { difference: observed, p: (hits + 1) / (MONTE_CARLO_DRAWS + 1), method: 'monte-carlo', splits: MONTE_CARLO_DRAWS };
}

/** How many of the C(n, k) choices of k values satisfy `hit` on their sum (indices in lexicographic order). */
function countExact(values: readonly number[], k: number, hit: (sum: number) => boolean): number {
  const n = values.length;
  const idx = Array.from({ length: k }, (_, i) => i);
  let hits = 0;
  for (;;) {
    let sum = 0;
    for (const i of idx) sum += values[i]!;
    if (hit(sum)) hits++;
    // Next combination: move the rightmost index that can still move, reset the ones after it.
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return hits;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}
