import { mean, quantile, variance } from './describe-sample.js';
import { mulberry32, randomInt, type Random } from './prng.js';

/** Bootstrap resamples of each interval: enough for a stable 2.5th and 97.5th percentile. */
export const BOOTSTRAP_RESAMPLES = 2_000;

/**
 * Hedges' g: the difference in means over the pooled standard deviation, times the small-sample
 * correction J = 1 − 3 / (4(n1 + n2) − 9) (Cohen's d overstates effects in small groups, which
 * is all a single program will ever have). Null when it is undefined: fewer than two values in
 * an arm, or no spread at all.
 */
export function hedgesG(a: readonly number[], b: readonly number[]): number | null {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 < 2 || n2 < 2) return null;
  const pooled = Math.sqrt(((n1 - 1) * variance(a) + (n2 - 1) * variance(b)) / (n1 + n2 - 2));
  if (!(pooled > 0)) return null;
  const j = 1 - 3 / (4 * (n1 + n2) - 9);
  return (j * (mean(a) - mean(b))) / pooled;
}

/**
 * Cohen's h for two proportions of 0/1 outcomes: 2·asin√p1 − 2·asin√p2. The standardised effect
 * for a binary outcome, defined even when one arm has no events, and on the same scale as the
 * minimum detectable effect (its variance is ≈ 1/n1 + 1/n2).
 */
export function cohensH(a: readonly number[], b: readonly number[]): number | null {
  if (a.length === 0 || b.length === 0) return null;
  return 2 * Math.asin(Math.sqrt(mean(a))) - 2 * Math.asin(Math.sqrt(mean(b)));
}

export interface Interval {
  low: number;
  high: number;
  /** Resamples whose effect was defined (a resample with no spread has none). */
  resamples: number;
}

/**
 * A percentile bootstrap 95% interval of an effect: each arm resampled with replacement on its
 * own (the arms' sizes are fixed by design), the effect computed each time, the 2.5th and 97.5th
 * percentiles taken. Null when fewer than half the resamples gave an effect.
 */
export function bootstrapInterval(
  a: readonly number[],
  b: readonly number[],
  effect: (a: readonly number[], b: readonly number[]) => number | null,
  seed: number,
  resamples = BOOTSTRAP_RESAMPLES,
): Interval | null {
  if (a.length === 0 || b.length === 0) return null;
  const random = mulberry32(seed);
  const values: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const e = effect(resample(a, random), resample(b, random));
    if (e !== null && Number.isFinite(e)) values.push(e);
  }
  if (values.length < resamples / 2) return null;
  values.sort((x, y) => x - y);
  return { low: quantile(values, 0.025), high: quantile(values, 0.975), resamples: values.length };
}

const resample = (xs: readonly number[], random: Random): number[] => xs.map(() => xs[randomInt(random, xs.length)]!);

/** z for a two-sided α of 0.05 and for 80% power (normal quantiles 0.975 and 0.8). */
export const Z_975 = 1.959963984540054;
export const Z_80 = 0.8416212335729143;

/**
 * The minimum detectable effect, standardised: the true effect (in standard deviations, or
 * Cohen's h for a proportion) these arms' sizes would detect 80% of the time at α = 0.05
 * two-sided, by the normal approximation (z_0.975 + z_0.8)·√(1/n1 + 1/n2). Infinite with an
 * empty arm.
 */
export function minimumDetectableEffect(n1: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return Infinity;
  return (Z_975 + Z_80) * Math.sqrt(1 / n1 + 1 / n2);
}
