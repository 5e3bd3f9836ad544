import { ALPHA, MAX_USEFUL_MDE, MIN_PER_ARM, type Comparison } from './compare-arms.js';

/** How an outcome is named and its values written, for the sentence about it. */
export interface OutcomeWords {
  /** "match length", "early closure". */
  name: string;
  /** Writes a mean (or, for a binary outcome, a proportion). */
  format(value: number): string;
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
    `difference ${c.difference >= 0 ? '+' : ''}${words.format(c.difference)}, ${test}, ${effect}${interval}, smallest detectable effect ${round2(c.mde)}`
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
    const why =
      Math.min(...c.n) < MIN_PER_ARM
        ? `fewer than ${MIN_PER_ARM} mentors with a value in ${c.n[0] < MIN_PER_ARM ? labels[0] : labels[1]}`
        : `only an effect over ${round2(c.mde)} standard deviations could show (more than ${MAX_USEFUL_MDE} is more than training is likely to do)`;
    return `Too small to conclude anything about ${words.name}: ${why}.`;
  }
  if (c.verdict === 'difference') {
    const direction = c.difference > 0 ? 'higher' : 'lower';
    return `${capitalise(words.name)} was ${direction} in ${labels[0]} than in ${labels[1]}, and a difference this large would rarely arise by chance alone (p ${formatP(c.test!.p)}, below ${ALPHA}).`;
  }
  return `No difference in ${words.name} distinguishable from none (p ${formatP(c.test!.p)}); an effect smaller than ${round2(c.mde)} standard deviations could still have been missed.`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
