import { describe, expect, it } from 'vitest';
import { inQuietHours, outsideQuietHours } from '../../src/jobs/quiet-hours.js';

const NIGHT = { start: '21:00', end: '08:00' };

describe('quiet hours', () => {
  it('a window crossing midnight holds the late evening and the early morning, not the day', () => {
    expect(inQuietHours(new Date('2026-03-02T21:00:00Z'), 'UTC', NIGHT)).toBe(true);
    expect(inQuietHours(new Date('2026-03-02T07:59:00Z'), 'UTC', NIGHT)).toBe(true);
    expect(inQuietHours(new Date('2026-03-02T08:00:00Z'), 'UTC', NIGHT)).toBe(false);
    expect(inQuietHours(new Date('2026-03-02T20:59:00Z'), 'UTC', NIGHT)).toBe(false);
  });

  it('reads the time in the person’s own zone', () => {
    // 10:00 UTC is 05:00 in New York (EST) and 19:00 in Tokyo.
    const at = new Date('2026-01-05T10:00:00Z');
    expect(inQuietHours(at, 'America/New_York', NIGHT)).toBe(true);
    expect(inQuietHours(at, 'Asia/Tokyo', NIGHT)).toBe(false);
  });

  it('a daytime window does not cross midnight', () => {
    const lunch = { start: '12:00', end: '13:00' };
    expect(inQuietHours(new Date('2026-03-02T12:30:00Z'), 'UTC', lunch)).toBe(true);
    expect(inQuietHours(new Date('2026-03-02T23:30:00Z'), 'UTC', lunch)).toBe(false);
  });

  it('moves a time in the window to its end, the same morning or the next one', () => {
    expect(outsideQuietHours(new Date('2026-03-02T06:30:00Z'), 'UTC', NIGHT).toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(outsideQuietHours(new Date('2026-03-02T22:15:00Z'), 'UTC', NIGHT).toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(outsideQuietHours(new Date('2026-03-02T12:00:00Z'), 'UTC', NIGHT).toISOString()).toBe('2026-03-02T12:00:00.000Z');
    // 23:00 in New York (EST) waits for 08:00 there, 13:00 UTC.
    expect(outsideQuietHours(new Date('2026-01-06T04:00:00Z'), 'America/New_York', NIGHT).toISOString()).toBe('2026-01-06T13:00:00.000Z');
  });
});
