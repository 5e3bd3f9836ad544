import { and, count, eq, isNull } from 'drizzle-orm';
import { queryRows, sql } from '../../db/client.js';
import { matchAlerts } from '../../db/schema/index.js';
import type { HomeSection } from '../capability.js';
import { openMatchesOf, programDay } from '../matching/create-match.js';
import { lastMeeting } from './checkin-commands.js';
import { CHECKIN } from './checkin-questionnaire.js';
import { DUE_SOON_DAYS, memberContacts } from './contacts.js';
import { countHealth, matchHealth } from './match-health.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A member's own: their last meeting and next check-in. */
export const memberCheckinSection: HomeSection = {
  order: 25,
  async describe({ db, principal, programId }) {
    const active = (await openMatchesOf(db, programId, principal.personId)).filter((m) => m.state === 'active');
    if (active.length === 0) return null;
    const met = await Promise.all(active.map((m) => lastMeeting(db, m.id)));
    const [next] = await queryRows<{ due: string | null }>(
      db,
      sql`select to_char(min(next_due_at) at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due from schedules where kind = ${CHECKIN} and person_id = ${principal.personId}::uuid`,
    );
    const lines = [`Last meeting: ${met.filter(Boolean).sort().at(-1) ?? 'none recorded yet (`/mentor met` records one)'}.`];
    if (next?.due) lines.push(`Next check-in: ${next.due} UTC.`);
    return { title: 'Check-ins', text: lines.join(' ') };
  },
};

/** A coordinator's: how the program's matches are doing, open alerts, contacts due. */
export const coordinatorSupportSection: HomeSection = {
  order: 15,
  async describe({ db, principal, program, programId, now }) {
    if (!principal.roles.has('coordinator')) return null;
    const health = await matchHealth(db, program, programId, now);
    if (health.size === 0) return null;
    const counts = countHealth(health);
    const [alerts] = await db.select({ n: count() }).from(matchAlerts).where(and(eq(matchAlerts.programId, programId), isNull(matchAlerts.resolvedAt)));
    const today = programDay(program, now).toISODate()!;
    const due = (await memberContacts(db, program, programId, today)).filter((c) => c.daysOverdue > -DUE_SOON_DAYS);
    const overdue = due.filter((c) => c.daysOverdue > 0).length;
    const lines = [
      `${plural(health.size, 'active match', 'active matches')}: ${counts['on track']} on track, ${counts['needs attention']} need${counts['needs attention'] === 1 ? 's' : ''} attention, ${counts['too early to tell']} too early to tell (\`/mentor match list\`).`,
      `${plural(alerts?.n ?? 0, 'open alert')} (\`/mentor alert list\`); ${plural(due.length, 'contact')} due, ${overdue} overdue (\`/mentor contact due\`).`,
    ];
    return { title: 'Match support', text: lines.join('\n') };
  },
};
