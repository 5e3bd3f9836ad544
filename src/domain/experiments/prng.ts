/**
 * A small seeded pseudo-random generator (mulberry32): 32 bits of state, a full period of 2^32,
 * good enough for resampling and for shuffling a block of arms.
 *
 * Why not a library: the project keeps its dependencies few, the generator is ten lines, and
 * assignments are recorded as the seed's consequences, so the algorithm must never change under
 * us with a dependency update (a different sequence would make an experiment irreproducible).
 * Not for anything secret.
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export const randomInt = (random: Random, n: number): number => Math.floor(random() * n);

/** A Fisher–Yates shuffle of a copy (each order equally likely). */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A seed from text (FNV-1a), so each outcome of a report resamples with its own stream while
 * the whole report stays a function of the experiment's seed.
 */
export function seedFrom(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
