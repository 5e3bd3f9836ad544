import { DateTime } from 'luxon';
import { queryRows, sql, type Db } from '../../db/client.js';
import type { ProgramDefinition } from '../programs/definition.js';

/** Before this many days a match with no alert is too early to tell. */
const EARLY_DAYS = 14;

export interface MatchHealth {
  state: 'on track' | 'needs attention' | 'too early to tell';
  why: string | null;
  lastMet: string | null;
  lastCheckin: string | null;
  nextCheckin: string | null;
}

/**
 * How each active match is doing, from what the pair and the check-ins recorded: an open alert,
 * or no meeting for the program's `contactOverdueDays`, needs attention; a match younger than two
 * weeks is too early to tell; otherwise it is on track. One query for all of a program's matches.
 */
export async function matchHealth(db: Db, program: ProgramDefinition, programId: string, now: Date): Promise<Map<number, MatchHealth>> {
  const rows = await queryRows<{ number: number; started_on: string | null; alerts: number; last_met: string | null; last_checkin: string | null; next_checkin: string | null }>(
    db,
    sql`select m.number, m.started_on::text,
          (select count(*)::int from match_alerts a where a.match_id = m.id and a.resolved_at is null) as alerts,
          (select max(x.met_on)::text from match_meetings x where x.match_id = m.id) as last_met,
          (select to_char(max(r.updated_at) at time zone 'UTC', 'YYYY-MM-DD') from questionnaire_runs r
            where r.kind = 'checkin' and r.subject_id = m.id and r.status = 'done') as last_checkin,
          (select to_char(min(s.next_due_at) at time zone 'UTC', 'YYYY-MM-DD') from schedules s where s.kind = 'checkin' and s.subject_id = m.id) as next_checkin
        from matches m where m.program_id = ${programId}::uuid and m.state = 'active'`,
  );
  const today = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('day');
  const overdueDays = program.checkins?.contactOverdueDays ?? 21;
  const out = new Map<number, MatchHealth>();
  for (const r of rows) {
    const age = r.started_on ? today.diff(DateTime.fromISO(r.started_on, { zone: 'UTC' }), 'days').days : 0;
    const sinceMet = r.last_met ? today.diff(DateTime.fromISO(r.last_met, { zone: 'UTC' }), 'days').days : age;
    const facts = { lastMet: r.last_met, lastCheckin: r.last_checkin, nextCheckin: r.next_checkin };
    if (r.alerts > 0) out.set(r.number, { state: 'needs attention', why: `${r.alerts} open alert${r.alerts === 1 ? '' : 's'}`, ...facts });
    else if (sinceMet >= overdueDays) out.set(r.number, { state: 'needs attention', why: `no meeting recorded for ${Math.floor(sinceMet)} days`, ...facts });
    else if (age < EARLY_DAYS) out.set(r.number, { state: 'too early to tell', why: null, ...facts });
    else out.set(r.number, { state: 'on track', why: null, ...facts });
  }
  return out;
}

/** "needs attention (1 open alert); last met 2026-12-01; last check-in 2026-12-02; next check-in 2026-12-09". */
export function describeHealth(h: MatchHealth | undefined): string {
  if (!h) return '';
  const parts = [`${h.state}${h.why ? ` (${h.why})` : ''}`, `last met ${h.lastMet ?? 'not recorded'}`];
  if (h.lastCheckin) parts.push(`last check-in ${h.lastCheckin}`);
  if (h.nextCheckin) parts.push(`next check-in ${h.nextCheckin}`);
  return `: ${parts.join('; ')}`;
}
