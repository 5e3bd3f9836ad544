import { describe, expect, it } from 'vitest';
import { contactDueDates, contactStatus } from '../../src/domain/checkins/contact-schedule.js';
import { DEFAULT_CONTACT_SCHEDULE } from '../../src/domain/programs/definition.js';

const SUPPORT = { contactSchedule: DEFAULT_CONTACT_SCHEDULE, thenEvery: { months: 3 } };

describe('the coordinator contact schedule', () => {
  it('by default: within 2 days, twice in the first month, monthly to month 12, then quarterly', () => {
    const dates = contactDueDates('2026-01-01', SUPPORT, '2027-06-01');
    // 29 days from the 3rd to 1 February, halved and rounded.
    expect(dates.slice(0, 3)).toEqual(['2026-01-03', '2026-01-18', '2026-02-01']);
    // Eleven more, about a month apart, the last on the first anniversary.
    expect(dates.slice(3, 14)).toHaveLength(11);
    expect(dates[13]).toBe('2027-01-01');
    expect(dates.slice(14, 16)).toEqual(['2027-04-01', '2027-07-01']);
    for (let i = 1; i < dates.length; i++) expect(dates[i]! > dates[i - 1]!).toBe(true);
  });

  it('stops one date past the horizon', () => {
    expect(contactDueDates('2026-01-01', SUPPORT, '2026-01-10')).toEqual(['2026-01-03', '2026-01-18']);
  });

  it('with no contact, the first is due within 2 days and then overdue', () => {
    expect(contactStatus('2026-01-01', SUPPORT, [], '2026-01-02')).toEqual({ due: '2026-01-03', daysOverdue: -1, lastContact: null });
    expect(contactStatus('2026-01-01', SUPPORT, [], '2026-01-08')).toMatchObject({ due: '2026-01-03', daysOverdue: 5 });
  });

  it('a contact in a window makes the next window’s end the due date', () => {
    expect(contactStatus('2026-01-01', SUPPORT, ['2026-01-02'], '2026-01-10')).toMatchObject({ due: '2026-01-18', daysOverdue: -8, lastContact: '2026-01-02' });
  });

  it('a late contact clears what was overdue and the schedule carries on from it', () => {
    // Overdue since 3 January; a call on the 8th falls in the second window, so the third is next.
    expect(contactStatus('2026-01-01', SUPPORT, ['2026-01-08'], '2026-01-09')).toMatchObject({ due: '2026-02-01', daysOverdue: -23 });
  });

  it('ignores contacts from before the match started', () => {
    expect(contactStatus('2026-01-01', SUPPORT, ['2025-12-20'], '2026-01-05')).toMatchObject({ due: '2026-01-03', lastContact: null, daysOverdue: 2 });
  });
});
