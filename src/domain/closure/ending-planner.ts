import { DateTime } from 'luxon';
import { mention, message, rich } from '../../core/render.js';
import { queryRows, sql } from '../../db/client.js';
import { enqueueDirect } from '../../jobs/enqueue.js';
import { toDate, type Planner, type PlannerContext } from '../../jobs/planner.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { userOf } from '../matching/create-match.js';

/** Before a planned end: four weeks, then one week (seed 002: "preparing for endings"). */
export const ENDING_NOTICES = [
  { days: 28, label: '4w', words: 'four weeks' },
  { days: 7, label: '1w', words: 'one week' },
] as const;
/** The hour, in the program's zone, a notice is due on its day. */
const HOUR = 10;

/** When a notice of a match ending on `end` is due. */
export function noticeDue(end: string, days: number, zone: string): Date {
  return DateTime.fromISO(end, { zone }).minus({ days }).set({ hour: HOUR }).toJSDate();
}

const zoneOf = (catalog: ProgramCatalog, slug: string) => catalog.get(slug)?.timezone ?? 'UTC';
const isoDay = (at: Date, plusDays: number) => DateTime.fromJSDate(at, { zone: 'UTC' }).plus({ days: plusDays }).toISODate()!;

/**
 * Tells both members of each active match that it ends soon, with the program's guidance on
 * endings. One statement finds the members whose notice is due and not yet queued: matches
 * ending within the next 29 days (the state index, then a date range), each notice's due time
 * worked out in SQL in the program's zone, and `match_members.ending_notice_days` saying which
 * went, so a tick reads nothing it already did. A notice is keyed
 * `closure-ending:<notice>:<match>:<person>` besides. When both are due (a match planned
 * shorter than four weeks ahead), only the nearer one goes.
 */
export const endingPlanner: Planner = {
  name: 'closure-endings',

  async plan({ db, catalog }: PlannerContext, slot: Date): Promise<number> {
    const zones = sql.join(
      catalog.all().map(({ definition: d }) => sql`(${d.slug}, ${d.timezone ?? 'UTC'})`),
      sql`, `,
    );
    const days = sql.join(
      ENDING_NOTICES.map((n) => sql`(${n.days}::int)`),
      sql`, `,
    );
    const at = sql`${slot.toISOString()}::timestamptz`;
    const rows = await queryRows<{ id: string; number: number; program_id: string; end: string; slug: string; person_id: string; partner: string; days: number }>(
      db,
      sql`with zones(slug, zone) as (values ${zones})
          select m.id, m.number, m.program_id, to_char(m.planned_end_on, 'YYYY-MM-DD') as "end", p.slug, mm.person_id,
            case when mm.person_id = m.mentor_id then m.mentee_id else m.mentor_id end as partner, d.days
          from matches m join programs p on p.id = m.program_id join zones z on z.slug = p.slug join match_members mm on mm.match_id = m.id
          cross join lateral (
            select min(n.days) as days from (values ${days}) n(days)
            where ((m.planned_end_on - n.days) + make_time(${HOUR}::int, 0, 0)) at time zone z.zone <= ${at}
          ) d
          where m.state = 'active' and m.planned_end_on between ${isoDay(slot, -1)}::date and ${isoDay(slot, 29)}::date
            and (m.planned_end_on + time '23:59:59') at time zone 'UTC' >= ${at}
            and d.days is not null and (mm.ending_notice_days is null or d.days < mm.ending_notice_days)`,
    );
    let planned = 0;
    for (const r of rows) {
      const program = catalog.require(r.slug);
      const due = ENDING_NOTICES.find((n) => n.days === Number(r.days))!;
      const text = rich`Your match with ${mention(await userOf(db, r.partner))} in ${program.name} is planned to end on ${r.end}, in about ${due.words}.`;
      const sent = await enqueueDirect(db, {
        key: `closure-ending:${due.label}:${r.id}:${r.person_id}`,
        personId: r.person_id,
        programId: r.program_id,
        at: slot,
        message: message(text, { sections: [{ title: 'Preparing for the end', text: program.closure.endingGuidance }] }),
      });
      await db.execute(sql`update match_members set ending_notice_days = ${due.days} where match_id = ${r.id}::uuid and person_id = ${r.person_id}::uuid`);
      if (sent) planned++;
    }
    return planned;
  },

  async nextDueAt({ db, catalog }: PlannerContext, after: Date): Promise<Date | null> {
    let next: Date | null = null;
    for (const n of ENDING_NOTICES) {
      // The nearest planned ends whose notice may still come; zones move a due time by under a day.
      const rows = await queryRows<{ end: string; slug: string }>(
        db,
        sql`select distinct to_char(m.planned_end_on, 'YYYY-MM-DD') as "end", p.slug from matches m join programs p on p.id = m.program_id
            where m.state = 'active' and m.planned_end_on - ${n.days}::int >= ${isoDay(after, -1)}::date
            order by 1 limit 20`,
      );
      for (const r of rows) {
        const due = noticeDue(r.end, n.days, zoneOf(catalog, r.slug));
        if (due > after && (!next || due < next)) next = due;
      }
    }
    return toDate(next);
  },
};
