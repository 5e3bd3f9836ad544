import { describe, expect, it } from 'vitest';
import { choose, mean, quantile, variance } from '../../src/domain/experiments/describe-sample.js';
import { bootstrapInterval, cohensH, hedgesG, minimumDetectableEffect } from '../../src/domain/experiments/effect-size.js';
import { MONTE_CARLO_DRAWS, permutationTest } from '../../src/domain/experiments/permutation.js';
import { mulberry32, seedFrom, shuffled } from '../../src/domain/experiments/prng.js';

describe('seeded generator', () => {
  it('repeats its sequence for a seed, differs between seeds, stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // Roughly uniform: each tenth holds about a tenth.
    for (let d = 0; d < 10; d++) expect(xs.filter((x) => Math.floor(x * 10) === d).length).toBeGreaterThan(60);
  });

  it('shuffles into a permutation, each position taking every value over many shuffles', () => {
    const random = mulberry32(7);
    const firsts = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const s = shuffled([1, 2, 3, 4], random);
      expect([...s].sort()).toEqual([1, 2, 3, 4]);
      firsts.add(s[0]!);
    }
    expect(firsts.size).toBe(4);
  });

  it('derives distinct seeds from labels', () => {
    expect(seedFrom(1, 'a')).toBe(seedFrom(1, 'a'));
    expect(seedFrom(1, 'a')).not.toBe(seedFrom(1, 'b'));
    expect(seedFrom(1, 'a')).not.toBe(seedFrom(2, 'a'));
  });
});

describe('sample figures', () => {
  it('computes by hand-checked values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(variance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 12);
    expect(variance([3])).toBeNaN();
    expect(choose(6, 3)).toBe(20);
    expect(choose(20, 10)).toBe(184_756);
    expect(choose(30, 15)).toBe(155_117_520);
    expect(choose(4, 5)).toBe(0);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
  });
});

describe('permutation test', () => {
  it('is exact on small groups: [1,2,3] vs [4,5,6] splits 20 ways, 2 as extreme', () => {
    const r = permutationTest([1, 2, 3], [4, 5, 6]);
    expect(r).toMatchObject({ method: 'exact', splits: 20, difference: -3 });
    expect(r.p).toBeCloseTo(2 / 20, 12);
    expect(permutationTest([1, 2], [3, 4]).p).toBeCloseTo(2 / 6, 12);
  });

  it('gives p = 1 when the arms cannot differ', () => {
    expect(permutationTest([5, 5, 5], [5, 5, 5, 5]).p).toBe(1);
    expect(permutationTest([1, 2], [1, 2]).p).toBe(1);
  });

  it('agrees with scipy.stats.permutation_test (exact) on small cases', () => {
    // scipy 1.17, permutation_type='independent', n_resamples=inf. Our two-sided p counts splits
    // with |difference| at least the observed one: scipy's statistic |mean(a) − mean(b)| with
    // alternative='greater' gives 6/462. (scipy's own 'two-sided' doubles the smaller tail,
    // 8/462 here; the two agree when the arms are the same size, as in the second case.)
    expect(permutationTest([3.1, 4.2, 5.0, 6.3, 2.2], [5.5, 6.1, 7.4, 8.0, 6.6, 5.9]).p).toBeCloseTo(0.012987012987012988, 12);
    expect(permutationTest([1, 0, 0, 1, 0, 0, 0, 1], [1, 1, 1, 0, 1, 1, 1, 0]).p).toBeCloseTo(0.3146853146853147, 12);
  });

  it('draws seeded random splits past 20,000, close to the exact p and reproducible', () => {
    const a = [12, 15, 9, 20, 14, 11, 17, 13, 16, 10];
    const b = [18, 22, 15, 19, 24, 17, 21, 20, 16, 23];
    const r = permutationTest(a, b, 9);
    expect(r).toMatchObject({ method: 'monte-carlo', splits: MONTE_CARLO_DRAWS });
    expect(r.difference).toBeCloseTo(-5.8, 12);
    // scipy's exact p over all 184,756 splits is 0.0014938621749767261.
    expect(Math.abs(r.p - 0.0014938621749767261)).toBeLessThan(0.002);
    expect(permutationTest(a, b, 9).p).toBe(r.p);
    expect(r.p).toBeGreaterThan(0);
  });

  it('refuses an empty group', () => {
    expect(() => permutationTest([], [1])).toThrow();
  });
});

describe('effect sizes and the minimum detectable effect', () => {
  it('Hedges’ g: [4,5,6] vs [1,2,3] is d = 3 times J = 1 − 3/15', () => {
    expect(hedgesG([4, 5, 6], [1, 2, 3])).toBeCloseTo(2.4, 12);
    expect(hedgesG([1, 2, 3], [4, 5, 6])).toBeCloseTo(-2.4, 12);
    expect(hedgesG([1], [2, 3])).toBeNull();
    expect(hedgesG([2, 2], [2, 2])).toBeNull();
  });

  it('Cohen’s h of proportions', () => {
    expect(cohensH([1, 0], [0, 0])).toBeCloseTo(Math.PI / 2, 12);
    expect(cohensH([1, 1], [0, 0])).toBeCloseTo(Math.PI, 12);
    expect(cohensH([1, 0, 1, 0], [0, 1])).toBe(0);
  });

  it('the MDE is (1.96 + 0.84)·√(1/n1 + 1/n2)', () => {
    expect(minimumDetectableEffect(10, 10)).toBeCloseTo(2.8016 * Math.sqrt(0.2), 3);
    expect(minimumDetectableEffect(10, 10)).toBeCloseTo(1.2529, 4);
    expect(minimumDetectableEffect(64, 64)).toBeCloseTo(0.49525, 4);
    expect(minimumDetectableEffect(0, 5)).toBe(Infinity);
  });

  it('bootstraps a reproducible interval around the estimate', () => {
    const a = [4, 5, 6, 5, 7, 6];
    const b = [1, 2, 3, 2, 3, 1];
    const i = bootstrapInterval(a, b, hedgesG, 3)!;
    expect(bootstrapInterval(a, b, hedgesG, 3)).toEqual(i);
    expect(i.low).toBeLessThan(hedgesG(a, b)!);
    expect(i.high).toBeGreaterThan(i.low);
    expect(i.low).toBeGreaterThan(0);
    // No spread in any resample: no interval.
    expect(bootstrapInterval([1, 1], [1, 1], hedgesG, 3)).toBeNull();
  });
});
