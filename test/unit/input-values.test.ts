import { describe, expect, it } from 'vitest';
import { cleanEvent, MAX_FIELD_LENGTH } from '../../src/core/clean-input.js';
import type { InboundEvent } from '../../src/core/chat.js';
import { UserError } from '../../src/core/errors.js';
import { typedAnswer } from '../../src/core/typed-answer.js';
import { checkDate, parseDecimal } from '../../src/core/values.js';
import { findTimeZone, nearestTimeZones } from '../../src/domain/questionnaires/time-zones.js';

describe('time zones as people write them', () => {
  it('accepts every IANA name and alias, in any case, and cities with or without accents', () => {
    const cases: [string, string][] = [
      ['Asia/Kolkata', 'Asia/Kolkata'],
      ['Europe/Kyiv', 'Europe/Kyiv'],
      ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
      ['Asia/Kathmandu', 'Asia/Kathmandu'],
      ['Asia/Yangon', 'Asia/Yangon'],
      ['America/Nuuk', 'America/Nuuk'],
      ['Kolkata', 'Asia/Kolkata'],
      ['Kyiv', 'Europe/Kyiv'],
      ['Ho Chi Minh', 'Asia/Ho_Chi_Minh'],
      ['São Paulo', 'America/Sao_Paulo'],
      ['sao paulo', 'America/Sao_Paulo'],
      ['EST', 'EST'],
      ['CET', 'CET'],
      ['Calcutta', 'Asia/Calcutta'],
      ['europe/london', 'Europe/London'],
      ['New York', 'America/New_York'],
      ['America/Port-au-Prince', 'America/Port-au-Prince'],
      ['Etc/GMT+5', 'Etc/GMT+5'],
      ['utc', 'UTC'],
    ];
    for (const [input, zone] of cases) expect(findTimeZone(input), input).toBe(zone);
  });

  it('refuses what is not a zone, suggests the nearest, and never searches a huge input', () => {
    expect(findTimeZone('Londn')).toBeNull();
    expect(nearestTimeZones('Londn')).toContain('Europe/London');
    expect(findTimeZone('Mars/Olympus')).toBeNull();
    const huge = 'x'.repeat(100_000);
    expect(findTimeZone(huge)).toBeNull();
    expect(nearestTimeZones(huge)).toEqual([]);
  });
});

describe('numbers and dates', () => {
  it('reads plain decimals only', () => {
    expect(parseDecimal('12')).toBe(12);
    expect(parseDecimal('4,5')).toBe(4.5);
    expect(parseDecimal('-3')).toBe(-3);
    for (const bad of ['1e1', '0x10', '', ' ', 'Infinity', '1_000', '٣']) expect(parseDecimal(bad), bad).toBeNull();
  });

  it('refuses impossible dates with the reason', () => {
    expect(checkDate('2027-02-28')).toEqual({ ok: true, date: '2027-02-28' });
    expect(checkDate('2027-02-31')).toEqual({ ok: false, why: 'February 2027 has 28 days, so 2027-02-31 is not a date.' });
    expect(checkDate('2027-13-01')).toEqual({ ok: false, why: 'There is no month 13: months go from 01 to 12.' });
    expect(checkDate('31/01/2027')).toMatchObject({ ok: false });
  });
});

describe('typed confirmations', () => {
  const leave = { kind: 'choice' as const, question: 'Leave?', choices: [{ value: 'leave', label: 'Yes, leave' }, { value: 'stay', label: 'No, stay' }] };
  it('takes yes and no, the label and the number alike', () => {
    for (const typed of ['yes', 'Yes', 'y', '1', 'Yes, leave', 'leave']) expect(typedAnswer(leave, typed), typed).toBe('leave');
    for (const typed of ['no', 'N', '2', 'No, stay']) expect(typedAnswer(leave, typed), typed).toBe('stay');
    expect(() => typedAnswer(leave, 'maybe')).toThrow(UserError);
  });
});

describe('input cleaned where it enters', () => {
  const message = (text: string): InboundEvent => ({ type: 'message', id: 'm', text, actor: { platform: 'terminal', workspace: 'w', user: 'u' }, where: { kind: 'dm' } });
  it('drops NUL and other control characters but keeps newlines and tabs', () => {
    expect(cleanEvent(message('a\u0000b\u0007c\td\ne\u202E'))).toMatchObject({ text: 'abc\td\ne\u202E' });
  });
  it('refuses a field over the limit, saying the limit', () => {
    expect(() => cleanEvent(message('x'.repeat(MAX_FIELD_LENGTH + 1)))).toThrow(`the limit is ${MAX_FIELD_LENGTH}`);
  });
});
