import { eq } from 'drizzle-orm';
import { queryRows, sql, type Db } from '../../db/client.js';
import { matchAlerts } from '../../db/schema/index.js';
import { enqueueToCoordinators } from '../../jobs/enqueue.js';
import { toDate, type Planner, type PlannerContext } from '../../jobs/planner.js';
import { alertMessage, raiseAlert } from './alerts.js';

/** The settings read in SQL from each program's stored definition, with the format's defaults. */
const OVERDUE_DAYS = sql.raw(`coalesce((p.definition->'checkins'->>'contactOverdueDays')::int, 21)`);
const ESCALATE_DAYS = sql.raw(`coalesce((p.definition->'support'->'alerts'->>'escalateAfterDays')::int, 2)`);

/** Since when a match has had no meeting: its last one, else its start. */
const SINCE = sql.raw(`coalesce((select max(x.met_on) from match_meetings x where x.match_id = m.id), m.started_on)`);

/** Active matches of programs with check-ins whose last meeting is `contactOverdueDays` old, not yet alerted for that gap. */
function quietMatches(at: string, limit: number) {
  return sql`select m.id, m.number, m.program_id, (${SINCE})::text as since, ${OVERDUE_DAYS} as days
    from matches m join programs p on p.id = m.program_id
    where m.state = 'active' and m.started_on is not null and p.definition ? 'checkins'
      and (${SINCE}) + ${OVERDUE_DAYS} <= (${at}::timestamptz at time zone 'UTC')::date
      and not exists (select 1 from match_alerts a where a.cause = 'no_meeting:' || m.id || ':' || (${SINCE})::text)
    order by m.id limit ${limit}`;
}

const BATCH = 500;

/** Alerts nobody acknowledged within the program's `escalateAfterDays`, not yet escalated. */
function unacknowledged(at: string) {
  return sql`select a.id from match_alerts a join programs p on p.id = a.program_id
    where a.acknowledged_at is null and a.resolved_at is null and a.escalated_at is null
      and a.raised_at + make_interval(days => ${ESCALATE_DAYS}) <= ${at}::timestamptz
    order by a.raised_at limit ${BATCH}`;
}

async function raiseNoMeeting(db: Db, slot: Date): Promise<number> {
  const rows = await queryRows<{ id: string; number: number; program_id: string; since: string; days: number }>(db, quietMatches(slot.toISOString(), BATCH));
  let raised = 0;
  for (const r of rows) {
    const ok = await db.transaction((tx) =>
      raiseAlert(tx as unknown as Db, {
        programId: r.program_id,
        matchId: r.id,
        personId: null,
        rule: 'no_meeting',
        // One alert per quiet spell: a meeting starts a new one.
        cause: `no_meeting:${r.id}:${r.since}`,
        detail: `Match ${r.number} has no meeting recorded since ${r.since} (${r.days} days or more): \`/mentor match list\` shows it.`,
        now: slot,
      }),
    );
    if (ok) raised++;
  }
  return raised;
}

async function escalate(db: Db, slot: Date): Promise<number> {
  const rows = await queryRows<{ id: string }>(db, unacknowledged(slot.toISOString()));
  let sent = 0;
  for (const { id } of rows) {
    sent += await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const [alert] = await t.update(matchAlerts).set({ escalatedAt: slot }).where(eq(matchAlerts.id, id)).returning();
      if (!alert) return 0;
      return enqueueToCoordinators(t, {
        programId: alert.programId,
        keyPrefix: `alert-escalated:${alert.id}`,
        at: slot,
        alert: true,
        message: await alertMessage(t, alert, `Nobody has acknowledged alert ${alert.number}, raised ${alert.raisedAt.toISOString().slice(0, 10)}: `),
      });
    });
  }
  return sent;
}

/**
 * Match support on each tick: a match with no meeting for the program's `contactOverdueDays`
 * raises one `no_meeting` alert per quiet spell, and an alert nobody acknowledged within
 * `escalateAfterDays` goes to every coordinator. Few rows are due at a time, so each alert is
 * raised in its own transaction with its messages.
 */
export const supportPlanner: Planner = {
  name: 'match-support',
  async plan({ db }: PlannerContext, slot: Date) {
    return (await raiseNoMeeting(db, slot)) + (await escalate(db, slot));
  },
  async nextDueAt({ db }: PlannerContext, after: Date) {
    const [row] = await queryRows<{ due: Date | string | null }>(
      db,
      sql`select least(
            (select min(((${SINCE}) + ${OVERDUE_DAYS})::timestamp at time zone 'UTC')
               from matches m join programs p on p.id = m.program_id
               where m.state = 'active' and m.started_on is not null and p.definition ? 'checkins'
                 and not exists (select 1 from match_alerts a where a.cause = 'no_meeting:' || m.id || ':' || (${SINCE})::text)),
            (select min(a.raised_at + make_interval(days => ${ESCALATE_DAYS}))
               from match_alerts a join programs p on p.id = a.program_id
               where a.acknowledged_at is null and a.resolved_at is null and a.escalated_at is null)) as due`,
    );
    const due = toDate(row?.due);
    // Work already due (a batch left over) is for the very next tick.
    return due && due <= after ? new Date(after.getTime() + 60_000) : due;
  },
};
