import { describe, expect, it } from 'vitest';
import { pseudonymiser } from '../../src/domain/evaluation/pseudonyms.js';
import { textScrubber } from '../../src/domain/evaluation/scrub-text.js';
import { suppressSmallCategories } from '../../src/domain/evaluation/suppress.js';

describe('scrubbing typed answers', () => {
  const scrub = textScrubber(['Zoë Martín', 'U024BE7LH', 'Al', 'amara-osei']);

  it('replaces emails, links, mentions and phone numbers', () => {
    expect(scrub('mail me at zoe.m+x@example.co.uk or see https://x.example/p?q=1')).toBe('mail me at [email] or see [link]');
    expect(scrub('ask <@U024BE7LH>, <@!80351110224678912>, <#C123|general> or @sam.k')).toBe('ask [mention], [mention], [mention] or [mention]');
    expect(scrub('call +44 (0)20 7946 0958 or 555-123-4567, not 12 or 2026')).toBe('call [phone] or [phone], not 12 or 2026');
  });

  it('replaces known names as whole words, in any case and with or without accents, keeping other accents', () => {
    expect(scrub('zoe and MARTIN met Zoë; Zoey did not')).toBe('[name] and [name] met [name]; Zoey did not');
    expect(scrub('Café with Martín')).toBe('Café with [name]');
    expect(scrub('the handle amara-osei and U024BE7LH')).toBe('the handle [name] and [name]');
    // Two letters are too common a word to take: "Al" stays in "also" and alone.
    expect(scrub('Al also came')).toBe('Al also came');
  });

  it('leaves text without names alone', () => {
    expect(textScrubber([])('A good session 🙂 — thank you')).toBe('A good session 🙂 — thank you');
  });
});

describe('suppressing rare categories', () => {
  it('replaces a value fewer than five distinct people share, counting each person once', () => {
    const rows = [
      ...['a', 'b', 'c', 'd', 'e'].map((p) => ({ p, reason: 'schedules' })),
      { p: 'f', reason: 'moved' },
      { p: 'f', reason: 'moved' },
      { p: 'g', reason: '' },
    ];
    suppressSmallCategories(rows, 'reason', (r) => [r.p as string]);
    expect(rows.map((r) => r.reason)).toEqual(['schedules', 'schedules', 'schedules', 'schedules', 'schedules', 'suppressed', 'suppressed', '']);
  });
});

describe('pseudonyms', () => {
  it('are stable under one key, differ by key and kind, and say nothing of the id', () => {
    const id = '0b8f3c52-6c1e-4f7e-9b1a-2f4d5e6a7b8c';
    const p = pseudonymiser('key one');
    expect(p('P', id)).toMatch(/^P-[0-9a-f]{12}$/);
    expect(p('P', id)).toBe(pseudonymiser('key one')('P', id));
    expect(p('P', id)).not.toBe(pseudonymiser('key two')('P', id));
    expect(p('M', id).slice(2)).not.toBe(p('P', id).slice(2));
    expect(p('P', null)).toBe('');
  });
});
