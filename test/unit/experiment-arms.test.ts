import { describe, expect, it } from 'vitest';
import { armForPosition, checkBlockSize, parseArms } from '../../src/domain/experiments/arms.js';

const modules = new Set(['coaching', 'boundaries']);

describe('experiment arms', () => {
  it('reads bare arms, hours and modules', () => {
    expect(parseArms('Control, booster:4h ,extra:coaching+boundaries', modules)).toEqual([
      { id: 'control', label: 'control', modules: [], hours: null },
      { id: 'booster', label: 'booster', modules: [], hours: 4 },
      { id: 'extra', label: 'extra', modules: ['coaching', 'boundaries'], hours: null },
    ]);
  });

  it('refuses one arm, a repeated arm, a bad name, an unknown module, more than six', () => {
    expect(() => parseArms('control', modules)).toThrow(/at least two arms/);
    expect(() => parseArms('a,a', modules)).toThrow(/same name/);
    expect(() => parseArms('1a,b', modules)).toThrow(/not an arm name/);
    expect(() => parseArms('a,b:cooking', modules)).toThrow(/“cooking” is not a training module/);
    expect(() => parseArms('a,b,c,d,e,f,g', modules)).toThrow(/At most 6/);
  });

  it('takes a block size that is a multiple of the arms, defaulting to twice their number', () => {
    expect(checkBlockSize(undefined, 3)).toBe(6);
    expect(checkBlockSize(9, 3)).toBe(9);
    expect(() => checkBlockSize(4, 3)).toThrow(/multiple/);
    expect(() => checkBlockSize(2.5, 2)).toThrow(/multiple/);
  });

  it('balances every block, reproduces from the seed, and differs between seeds and blocks', () => {
    const arms = parseArms('a,b,c', modules);
    const sequence = (seed: number) => Array.from({ length: 60 }, (_, i) => armForPosition(arms, 6, seed, i));
    const s = sequence(11);
    for (let block = 0; block < 10; block++) {
      const ids = s.filter((x) => x.block === block).map((x) => x.armId).sort();
      expect(ids).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
    }
    expect(sequence(11)).toEqual(s);
    expect(sequence(12).map((x) => x.armId)).not.toEqual(s.map((x) => x.armId));
    const blocks = new Set(Array.from({ length: 10 }, (_, b) => s.slice(b * 6, b * 6 + 6).map((x) => x.armId).join('')));
    expect(blocks.size).toBeGreaterThan(5);
  });
});
