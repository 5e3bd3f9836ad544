import { describe, expect, it } from 'vitest';
import { SeenInteractions } from '../../adapters/discord/seen-interactions.js';

describe('SeenInteractions', () => {
  it('claims an id once within the token lifetime, and again once it has expired', () => {
    let now = 0;
    const seen = new SeenInteractions(() => now);
    expect(seen.claim('1')).toBe(true);
    expect(seen.claim('1')).toBe(false);
    expect(seen.claim('2')).toBe(true);
    now += 15 * 60_000;
    expect(seen.claim('1')).toBe(true);
    expect(seen.claim('1')).toBe(false);
  });

  it('stays bounded however many interactions arrive', () => {
    const seen = new SeenInteractions(() => 0);
    for (let i = 0; i < 20_000; i++) seen.claim(String(i));
    expect(seen.claim('19999')).toBe(false);
    expect(seen.claim('0')).toBe(true);
  });
});
