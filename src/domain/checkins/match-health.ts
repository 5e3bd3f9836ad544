import { DateTime } from 'luxon';
import { queryRows, sql, type Db } from '../../db/client.js';
import { programDay } from '../matching/create-match.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { CHECKIN } from './checkin-questionnaire.js';
import { memberContacts } from './contacts.js';

/** Before this many days a match with no alert is too early to tell. */
const EARLY_DAYS = 14;

export type HealthState = 'on track' | 'needs attention' | 'too early to tell';

export interface MatchHealth {
  state: HealthState;
  why: string | null;
  lastMet: string | null;
  lastCheckin: string | null;
  nextCheckin: string | null;
  /** The earliest next coordinator contact due of its members, when none is overdue. */
  nextContact: string | null;
}

/**
 * How each active match is doing: an open alert, a member's coordinator contact overdue, or no
 * meeting for the program's `contactOverdueDays`, needs attention; a match younger than two
 * weeks is too early to tell; otherwise it is on track. Two queries for all of a program's matches.
 */
export async function matchHealth(db: Db, program: ProgramDefinition, programId: string, now: Date): Promise<Map<number, MatchHealth>> {
  const rows = await queryRows<{ number: number; started_on: string | null; alerts: number; last_met: string | null; last_checkin: string | null; next_checkin: string | null }>(
    db,
    sql`select m.number, m.started_on::text,
          (select count(*)::int from match_alerts a where a.match_id = m.id and a.resolved_at is null) as alerts,
          (select max(x.met_on)::text from match_meetings x where x.match_id = m.id) as last_met,
          (select to_char(max(r.updated_at) at time zone 'UTC', 'YYYY-MM-DD') from questionnaire_runs r
            where r.kind = ${CHECKIN} and r.subject_id = m.id and r.status = 'done') as last_checkin,
          (select to_char(min(s.next_due_at) at time zone 'UTC', 'YYYY-MM-DD') from schedules s where s.kind = ${CHECKIN} and s.subject_id = m.id) as next_checkin
        from matches m where m.program_id = ${programId}::uuid and m.state = 'active'`,
  );
  const today = programDay(program, now).toISODate()!;
  const contacts = new Map<number, { overdue: number; next: string }>();
  for (const c of await memberContacts(db, program, programId, today)) {
    const seen = contacts.get(c.matchNumber) ?? { overdue: 0, next: c.due };
    contacts.set(c.matchNumber, { overdue: seen.overdue + (c.daysOverdue > 0 ? 1 : 0), next: seen.next < c.due ? seen.next : c.due });
  }
  const day = DateTime.fromISO(today, { zone: 'UTC' });
  const overdueDays = program.checkins?.contactOverdueDays ?? 21;
  const out = new Map<number, MatchHealth>();
  for (const r of rows) {
    const age = r.started_on ? day.diff(DateTime.fromISO(r.started_on, { zone: 'UTC' }), 'days').days : 0;
    const sinceMet = r.last_met ? day.diff(DateTime.fromISO(r.last_met, { zone: 'UTC' }), 'days').days : age;
    const contact = contacts.get(r.number);
    const facts = { lastMet: r.last_met, lastCheckin: r.last_checkin, nextCheckin: r.next_checkin, nextContact: contact && contact.overdue === 0 ? contact.next : null };
    const why = [
      r.alerts > 0 ? `${r.alerts} open alert${r.alerts === 1 ? '' : 's'}` : null,
      contact && contact.overdue > 0 ? `coordinator contact overdue since ${contact.next}` : null,
      program.checkins && sinceMet >= overdueDays ? `no meeting recorded for ${Math.floor(sinceMet)} days` : null,
    ].filter((w): w is string => w !== null);
    if (why.length > 0) out.set(r.number, { state: 'needs attention', why: why.join(', '), ...facts });
    else if (age < EARLY_DAYS) out.set(r.number, { state: 'too early to tell', why: null, ...facts });
    else out.set(r.number, { state: 'on track', why: null, ...facts });
  }
  return out;
}

/** "needs attention (1 open alert); last met 2026-12-01; last check-in 2026-12-02; next check-in 2026-12-09; next contact due 2026-12-20". */
export function describeHealth(h: MatchHealth | undefined): string {
  if (!h) return '';
  const parts = [`${h.state}${h.why ? ` (${h.why})` : ''}`, `last met ${h.lastMet ?? 'not recorded'}`];
  if (h.lastCheckin) parts.push(`last check-in ${h.lastCheckin}`);
  if (h.nextCheckin) parts.push(`next check-in ${h.nextCheckin}`);
  if (h.nextContact) parts.push(`next contact due ${h.nextContact}`);
  return `: ${parts.join('; ')}`;
}

/** "12 active matches: 8 on track, 3 need attention, 1 too early to tell." */
export function countHealth(health: ReadonlyMap<number, MatchHealth>): Record<HealthState, number> {
  const counts: Record<HealthState, number> = { 'on track': 0, 'needs attention': 0, 'too early to tell': 0 };
  for (const h of health.values()) counts[h.state]++;
  return counts;
}
