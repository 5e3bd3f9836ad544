import { UserError } from '../../core/errors.js';
import type { ExperimentArm } from '../../db/schema/index.js';
import { mulberry32, seedFrom, shuffled } from './prng.js';

const ARM_ID = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * Arms as a coordinator types them, comma-separated: `control,booster:4h` or
 * `standard,extra:coaching+boundaries`. A bare id gets no post-match training; `:<n>h` an amount
 * of hours; `:<module>+<module>` modules of the program (checked against `modules`).
 */
export function parseArms(text: string, modules: ReadonlySet<string>): ExperimentArm[] {
  const parts = text.toLowerCase().split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2) throw new UserError('An experiment needs at least two arms, separated by commas, like `control,booster:4h`.', 'bad_argument');
  const arms = parts.map((part) => {
    const [id = '', spec] = part.split(':', 2);
    if (!ARM_ID.test(id)) throw new UserError(`“${id}” is not an arm name: start with a letter, then letters, digits, - or _ (32 at most).`, 'bad_argument');
    if (spec === undefined || spec === '') return { id, label: id, modules: [], hours: null };
    const hours = /^(\d+(?:\.\d+)?)h$/.exec(spec);
    if (hours) return { id, label: id, modules: [], hours: Number(hours[1]) };
    const wanted = spec.split('+');
    const unknown = wanted.filter((m) => !modules.has(m));
    if (unknown.length) throw new UserError(`Arm “${id}”: ${unknown.map((m) => `“${m}”`).join(', ')} is not a training module of this program (modules: ${[...modules].join(', ') || 'none'}), nor hours like 4h.`, 'bad_argument');
    return { id, label: id, modules: wanted, hours: null };
  });
  const ids = arms.map((a) => a.id);
  if (new Set(ids).size !== ids.length) throw new UserError('Two arms have the same name.', 'bad_argument');
  if (arms.length > 6) throw new UserError('At most 6 arms: with the mentors a program has, more would leave each arm too small to compare.', 'bad_argument');
  return arms;
}

/** The block size: given, else twice the number of arms (long enough that the next arm is hard to guess). */
export function checkBlockSize(given: number | undefined, arms: number): number {
  const size = given ?? arms * 2;
  if (!Number.isInteger(size) || size < arms || size % arms !== 0 || size > 60) {
    throw new UserError(`The block size must be a multiple of the number of arms (${arms}), at most 60.`, 'bad_argument');
  }
  return size;
}

/**
 * The arm of the mentor in `position` (0, 1, 2, … in order of approval): permuted blocks, each
 * holding every arm block/arms times in an order shuffled with the block's own seed, so the arms
 * stay balanced after every block however recruitment stops, and the sequence can be recomputed
 * from the seed alone (an auditor can check every assignment).
 */
export function armForPosition(arms: readonly ExperimentArm[], blockSize: number, seed: number, position: number): { armId: string; block: number } {
  const block = Math.floor(position / blockSize);
  const slots = Array.from({ length: blockSize }, (_, i) => arms[i % arms.length]!.id);
  const order = shuffled(slots, mulberry32(seedFrom(seed, `block:${block}`)));
  return { armId: order[position % blockSize]!, block };
}

/** An arm as people read it: its name and what it gets. */
export function describeArm(arm: ExperimentArm, titles: ReadonlyMap<string, string>): string {
  const what = arm.hours !== null ? `${arm.hours} h of post-match training` : arm.modules.length ? arm.modules.map((m) => titles.get(m) ?? m).join(', ') : 'no post-match training';
  return `“${arm.label}” (${what})`;
}
