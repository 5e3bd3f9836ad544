import { describe, expect, it } from 'vitest';
import { compareArms } from '../../src/domain/experiments/compare-arms.js';
import { mulberry32, type Random } from '../../src/domain/experiments/prng.js';
import { comparisonFigures, verdictWords } from '../../src/domain/experiments/verdict-words.js';

/** A standard normal value by Box–Muller, from the seeded generator. */
const normal = (random: Random): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const sample = (random: Random, n: number, shift: number) => Array.from({ length: n }, () => 10 + 3 * (normal(random) + shift));
const words = { name: 'match length', format: (x: number) => `${Math.round(x * 10) / 10} days` };
const labels: [string, string] = ['“more”', '“less”'];

describe('comparing two arms on synthetic data', () => {
  it('finds a large known effect (1.2 SD, 30 an arm): small p, interval excluding 0, near the truth', () => {
    const random = mulberry32(2024);
    const c = compareArms(sample(random, 30, 1.2), sample(random, 30, 0), { kind: 'numeric', seed: 1, label: 'length' });
    expect(c.test!.method).toBe('monte-carlo');
    expect(c.test!.p).toBeLessThan(0.01);
    expect(c.interval!.low).toBeGreaterThan(0);
    expect(c.interval!.low).toBeLessThan(1.2);
    expect(c.interval!.high).toBeGreaterThan(1.2);
    expect(c.verdict).toBe('difference');
    expect(verdictWords(c, words, labels)).toMatch(/^Match length was higher in “more” than in “less”/);
  });

  it('finds none when there is none: large p, interval including 0', () => {
    const random = mulberry32(2025);
    const c = compareArms(sample(random, 30, 0), sample(random, 30, 0), { kind: 'numeric', seed: 1, label: 'length' });
    expect(c.test!.p).toBeGreaterThan(0.1); // 0.18 with this seed
    expect(c.interval!.low).toBeLessThan(0);
    expect(c.interval!.high).toBeGreaterThan(0);
    expect(c.verdict).toBe('no_difference');
    expect(verdictWords(c, words, labels)).toMatch(/^No difference in match length distinguishable from none .* smaller than 0\.72 standard deviations could still have been missed/);
  });

  it('holds its error rates over many seeded data sets', () => {
    let falseAlarms = 0;
    let found = 0;
    for (let s = 1; s <= 40; s++) {
      const random = mulberry32(s);
      if (compareArms(sample(random, 20, 0), sample(random, 20, 0), { kind: 'numeric', seed: s, label: 'x' }).test!.p < 0.05) falseAlarms++;
      if (compareArms(sample(random, 20, 1.2), sample(random, 20, 0), { kind: 'numeric', seed: s, label: 'x' }).test!.p < 0.05) found++;
    }
    // α = 0.05: about 2 of 40 by chance; power at 1.2 SD with 20 an arm is about 0.96.
    expect(falseAlarms).toBeLessThanOrEqual(5);
    expect(found).toBeGreaterThanOrEqual(35);
  });

  it('compares a binary outcome by proportions and Cohen’s h', () => {
    const closedEarly = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1];
    const stayed = [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0];
    const c = compareArms(closedEarly, stayed, { kind: 'binary', seed: 1, label: 'early' });
    expect(c.means[0]).toBeCloseTo(10 / 12, 12);
    expect(c.difference).toBeCloseTo(9 / 12, 12);
    expect(c.effect).toBeCloseTo(2 * Math.asin(Math.sqrt(10 / 12)) - 2 * Math.asin(Math.sqrt(1 / 12)), 12);
    expect(c.test!.method).toBe('monte-carlo'); // C(24, 12) = 2,704,156
    expect(c.test!.p).toBeLessThan(0.01);
    expect(c.verdict).toBe('difference');
  });

  it('says the sample is too small under 5 an arm, or when only a huge effect could show', () => {
    const few = compareArms([1, 2, 3, 4], [5, 6, 7, 8, 9, 10], { kind: 'numeric', seed: 1, label: 'x' });
    expect(few.verdict).toBe('too_small');
    expect(verdictWords(few, words, labels)).toBe('Too small to conclude anything about match length: fewer than 5 mentors with a value in “more”.');
    // 8 an arm: the MDE is 1.4 SD, over the 1.2 rule, even though p is tiny.
    const eight = compareArms([1, 2, 3, 4, 5, 6, 7, 8], [21, 22, 23, 24, 25, 26, 27, 28], { kind: 'numeric', seed: 1, label: 'x' });
    expect(eight.test!.p).toBeLessThan(0.001);
    expect(eight.verdict).toBe('too_small');
    expect(verdictWords(eight, words, labels)).toMatch(/only an effect over 1\.4 standard deviations could show/);
    const empty = compareArms([], [1, 2], { kind: 'numeric', seed: 1, label: 'x' });
    expect(empty).toMatchObject({ verdict: 'too_small', test: null, effect: null, interval: null, mde: Infinity });
    expect(comparisonFigures(empty, words, labels)).toBe('“more” n=0, “less” n=2: no values to compare.');
  });

  it('writes the figures on one line', () => {
    const c = compareArms([4, 5, 6], [1, 2, 3], { kind: 'numeric', seed: 1, label: 'x' });
    // Under 5 an arm there is no bootstrap interval: a handful of distinct resamples cannot give one.
    expect(comparisonFigures(c, words, labels)).toBe('“more” 5 days (n=3), “less” 2 days (n=3); difference +3 days, p = 0.100 (exact), g = 2.4, smallest detectable effect 2.29');
    expect(verdictWords(c, words, labels)).toBe('Too small to conclude anything about match length: fewer than 5 mentors with a value in either arm.');
    const binary = compareArms([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], { kind: 'binary', seed: 1, label: 'x' });
    expect(verdictWords(binary, { name: 'early closure', format: String }, labels)).toBe(
      'No difference in early closure distinguishable from none (p = 1.000); an effect smaller than 1.02 (Cohen’s h, where 0.2 is small and 0.8 large) could still have been missed.',
    );
  });
});
