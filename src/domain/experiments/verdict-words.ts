import { ALPHA, MAX_USEFUL_MDE, MIN_PER_ARM, type Comparison } from './compare-arms.js';

/** How an outcome is named and its values written, for the sentence about it. */
export interface OutcomeWords {
  /** "match length", "early closure". */
  name: string;
  /** Writes a mean (or, for a binary outcome, a proportion). */
  format(value: number): string;
  /** Writes a difference, where its unit differs (percentage points, points of a scale); else `format`. */
  formatDifference?(value: number): string;
}

const round2 = (x: number): string => String(Math.round(x * 100) / 100);
export const formatP = (p: number): string => (p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`);

/** The figures of one comparison on one line: arms' means, difference, p, effect, interval, MDE. */
export function comparisonFigures(c: Comparison, words: OutcomeWords, labels: [string, string]): string {
  if (c.n[0] === 0 || c.n[1] === 0) return `${labels[0]} n=${c.n[0]}, ${labels[1]} n=${c.n[1]}: no values to compare.`;
  const effectName = c.kind === 'binary' ? 'h' : 'g';
  const effect = c.effect === null ? `${effectName} undefined (no spread)` : `${effectName} = ${round2(c.effect)}`;
  const interval = c.interval ? ` [95% CI ${round2(c.interval.low)} to ${round2(c.interval.high)}]` : '';
  const test = c.test ? `p ${formatP(c.test.p)} (${c.test.method === 'exact' ? 'exact' : `${c.test.splits} random splits`})` : '';
  return (
    `${labels[0]} ${words.format(c.means[0])} (n=${c.n[0]}), ${labels[1]} ${words.format(c.means[1])} (n=${c.n[1]}); ` +
    `difference ${c.difference >= 0 ? '+' : ''}${(words.formatDifference ?? words.format)(c.difference)}, ${test}, ${effect}${interval}, smallest detectable effect ${round2(c.mde)}`
  );
}

/**
 * The verdict in plain words. Too small: either arm under MIN_PER_ARM, or a minimum detectable
 * effect over MAX_USEFUL_MDE standard deviations. Otherwise whether the difference is
 * distinguishable from none at α = 0.05, and when it is not, how large an effect could still
 * have been missed: "no difference found" is not "no difference".
 */
export function verdictWords(c: Comparison, words: OutcomeWords, labels: [string, string]): string {
  if (c.verdict === 'too_small') {
    const small = labels.filter((_, i) => c.n[i]! < MIN_PER_ARM);
    const why =
      small.length > 0
        ? `fewer than ${MIN_PER_ARM} mentors with a value in ${small.length === 2 ? 'either arm' : small[0]}`
        : `only an effect over ${round2(c.mde)} ${units(c)} could show (more than ${MAX_USEFUL_MDE} is more than training is likely to do)`;
    return `Too small to conclude anything about ${words.name}: ${why}.`;
  }
  if (c.verdict === 'difference') {
    const direction = c.difference > 0 ? 'higher' : 'lower';
    return `${capitalise(words.name)} was ${direction} in ${labels[0]} than in ${labels[1]}, and a difference this large would rarely arise by chance alone (p ${formatP(c.test!.p)}, below ${ALPHA}).`;
  }
  return `No difference in ${words.name} distinguishable from none (p ${formatP(c.test!.p)}); an effect smaller than ${round2(c.mde)} ${units(c)} could still have been missed.`;
}

/** The units of a standardised effect: standard deviations, or Cohen's h for a proportion. */
const units = (c: Comparison): string => (c.kind === 'binary' ? '(Cohen’s h, where 0.2 is small and 0.8 large)' : 'standard deviations');

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
