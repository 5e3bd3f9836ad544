import { DateTime } from 'luxon';
import type { ProgramDefinition } from '../programs/definition.js';

type Support = ProgramDefinition['support'];

/**
 * The dates by which a coordinator should have been in touch with a member, from the match
 * start: each step spreads its `times` contacts evenly up to its `until`, then one every
 * `thenEvery`. Dates up to `horizon`, plus the first one after it.
 */
export function contactDueDates(start: string, support: Pick<Support, 'contactSchedule' | 'thenEvery'>, horizon: string): string[] {
  const begin = DateTime.fromISO(start, { zone: 'UTC' });
  const end = DateTime.fromISO(horizon, { zone: 'UTC' });
  const out: string[] = [];
  let from = begin;
  for (const step of support.contactSchedule) {
    const until = begin.plus(step.until);
    const span = Math.max(0, Math.round(until.diff(from, 'days').days));
    for (let k = 1; k <= step.times; k++) {
      const due = from.plus({ days: Math.round((span * k) / step.times) });
      out.push(due.toISODate()!);
      if (due > end) return out;
    }
    from = until;
  }
  for (let due = from.plus(support.thenEvery); ; due = due.plus(support.thenEvery)) {
    out.push(due.toISODate()!);
    if (due > end) return out;
  }
}

export interface ContactStatus {
  /** The date the next contact is due by. */
  due: string;
  /** Whole days past it (0 or less: not overdue). */
  daysOverdue: number;
  lastContact: string | null;
}

/**
 * Where a member stands: contacts fill the schedule's windows (start, d1], (d1, d2], ...; the
 * next contact is due by the end of the window after the last contact's (the first window's,
 * with none), so a late contact clears what was overdue and the schedule carries on from it.
 */
export function contactStatus(start: string, support: Pick<Support, 'contactSchedule' | 'thenEvery'>, contacts: readonly string[], today: string): ContactStatus {
  const last = contacts.filter((c) => c >= start).sort().at(-1) ?? null;
  // Far enough past both that the window after the last contact's is always there.
  const horizon = DateTime.fromISO([today, last ?? start].sort().at(-1)!, { zone: 'UTC' }).plus({ years: 2 }).toISODate()!;
  const dates = contactDueDates(start, support, horizon);
  // The window of the last contact is the first due date on or after it.
  const window = last === null ? -1 : dates.findIndex((d) => d >= last);
  const due = dates[window + 1]!;
  const daysOverdue = Math.floor(DateTime.fromISO(today, { zone: 'UTC' }).diff(DateTime.fromISO(due, { zone: 'UTC' }), 'days').days);
  return { due, daysOverdue, lastContact: last };
}
