import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { firstDueAt, WEEKDAYS } from '../../src/jobs/recurring.js';

const t = (iso: string) => new Date(iso);
const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');

describe('first due time of a weekly slot', () => {
  it('is the next such weekday at that local time, in the zone given', () => {
    // Friday 28 March 2025, London still on GMT; Monday 31 March is BST (UTC+1).
    const london = firstDueAt({ weekday: WEEKDAYS.monday, time: '10:00', zone: 'Europe/London', after: t('2025-03-28T12:00:00Z') });
    expect(london.toISOString()).toBe('2025-03-31T09:00:00.000Z');
    // Toronto moved to EDT (UTC-4) on Sunday 9 March.
    const toronto = firstDueAt({ weekday: WEEKDAYS.monday, time: '10:00', zone: 'America/Toronto', after: t('2025-03-09T12:00:00Z') });
    expect(toronto.toISOString()).toBe('2025-03-10T14:00:00.000Z');
    expect(local(toronto, 'America/Toronto')).toBe('Mon 2025-03-10 10:00');
  });

  it('is strictly after the date: later the same day, or a week on', () => {
    const zone = 'Europe/London';
    expect(firstDueAt({ weekday: 1, time: '10:00', zone, after: t('2025-03-31T07:00:00Z') }).toISOString()).toBe('2025-03-31T09:00:00.000Z');
    expect(firstDueAt({ weekday: 1, time: '10:00', zone, after: t('2025-03-31T09:00:00Z') }).toISOString()).toBe('2025-04-07T09:00:00.000Z');
    // Monday 10:00 in Sydney (AEST, UTC+10) is midnight UTC: the zone, not UTC, decides the day.
    expect(firstDueAt({ weekday: 1, time: '10:00', zone: 'Australia/Sydney', after: t('2025-06-01T12:00:00Z') }).toISOString()).toBe(
      '2025-06-02T00:00:00.000Z',
    );
  });

  it('refuses what it cannot place', () => {
    const after = t('2025-01-01T00:00:00Z');
    expect(() => firstDueAt({ weekday: 0, time: '10:00', zone: 'UTC', after })).toThrow(/weekday/);
    expect(() => firstDueAt({ weekday: 1, time: '25:00', zone: 'UTC', after })).toThrow(/HH:mm/);
    expect(() => firstDueAt({ weekday: 1, time: '10:00', zone: 'Mars/Olympus', after })).toThrow(/time zone/);
  });
});
