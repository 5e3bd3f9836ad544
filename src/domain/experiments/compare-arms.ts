import { mean } from './describe-sample.js';
import { bootstrapInterval, cohensH, hedgesG, minimumDetectableEffect, type Interval } from './effect-size.js';
import { permutationTest, type PermutationResult } from './permutation.js';
import { seedFrom } from './prng.js';

/** Below this many in either arm nothing is concluded, whatever p says. */
export const MIN_PER_ARM = 5;
/**
 * Above this minimum detectable effect (in standard deviations) nothing is concluded either:
 * only an effect larger than training has been found to have could show, so a "no difference"
 * would mislead and a "difference" would most likely be an overestimate. 1.2 needs about 11
 * mentors an arm.
 */
export const MAX_USEFUL_MDE = 1.2;
export const ALPHA = 0.05;

export type Verdict = 'too_small' | 'difference' | 'no_difference';

export interface Comparison {
  kind: 'numeric' | 'binary';
  n: [number, number];
  means: [number, number];
  /** Mean (or proportion) of arm a − arm b. */
  difference: number;
  test: PermutationResult | null;
  /** Hedges' g (numeric) or Cohen's h (binary); null when undefined. */
  effect: number | null;
  interval: Interval | null;
  mde: number;
  verdict: Verdict;
}

/**
 * Compares two arms on one outcome: difference, permutation p, standardised effect with its
 * bootstrap interval, the minimum detectable effect, and a verdict. `seed` and `label` make
 * the resampling reproducible and different for each outcome.
 */
export function compareArms(a: readonly number[], b: readonly number[], options: { kind: 'numeric' | 'binary'; seed: number; label: string }): Comparison {
  const n: [number, number] = [a.length, b.length];
  const mde = minimumDetectableEffect(a.length, b.length);
  const empty = a.length === 0 || b.length === 0;
  const effectOf = options.kind === 'binary' ? cohensH : hedgesG;
  const test = empty ? null : permutationTest(a, b, seedFrom(options.seed, `${options.label}:p`));
  const verdict: Verdict =
    empty || a.length < MIN_PER_ARM || b.length < MIN_PER_ARM || mde > MAX_USEFUL_MDE ? 'too_small' : test!.p < ALPHA ? 'difference' : 'no_difference';
  return {
    kind: options.kind,
    n,
    means: [a.length ? mean(a) : NaN, b.length ? mean(b) : NaN],
    difference: test?.difference ?? NaN,
    test,
    effect: empty ? null : effectOf(a, b),
    // Under MIN_PER_ARM a bootstrap has a handful of distinct resamples, and an interval from them
    // (a resample with almost no spread gives a huge g) would look more precise than it is.
    interval: a.length < MIN_PER_ARM || b.length < MIN_PER_ARM ? null : bootstrapInterval(a, b, effectOf, seedFrom(options.seed, `${options.label}:ci`)),
    mde,
    verdict,
  };
}
