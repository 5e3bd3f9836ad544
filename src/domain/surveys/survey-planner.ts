import { queryRows, sql } from '../../db/client.js';
import { insertDmsSql, USER_ADDRESS_SQL } from '../../jobs/enqueue.js';
import type { Planner } from '../../jobs/planner.js';
import { inQuietHours, outsideQuietHours } from '../../jobs/quiet-hours.js';
import { pendingOccurrences, upcomingOccurrences } from './survey-occurrences.js';
import { SURVEY } from './survey-questionnaire.js';
import { surveyPlan } from './survey-timing.js';

const BATCH = 500;
const MINUTE_MS = 60_000;

/**
 * Surveys: every occurrence due at the slot and not yet queued (survey-occurrences.ts) becomes a
 * `survey` delivery in the person's DM lane, in one INSERT ... SELECT keyed by the occurrence,
 * unless the slot is in the person's quiet hours: then it waits for the first tick after them.
 */
export function surveyPlanner(): Planner {
  return {
    name: 'surveys',
    async plan(ctx, slot) {
      const due = await pendingOccurrences(ctx.db, surveyPlan(ctx.catalog), slot, BATCH);
      const now = due.filter((o) => {
        const program = ctx.catalog.get(o.slug);
        return program !== undefined && !inQuietHours(slot, o.tz, program.quietHours);
      });
      if (now.length === 0) return 0;
      const at = slot.toISOString();
      const rows = await queryRows<{ n: number }>(
        ctx.db,
        sql`with inserted as (
              ${insertDmsSql({
                from: sql`jsonb_to_recordset(${JSON.stringify(now)}::jsonb)
                  as r(key text, program_id uuid, survey text, subject_type text, subject_id uuid, person_id uuid, occurrence text, due text)`,
                kind: SURVEY,
                payload: sql`jsonb_build_object('to', ${USER_ADDRESS_SQL}, 'programId', r.program_id, 'surveyId', r.survey, 'subjectType', r.subject_type,
                  'subjectId', r.subject_id, 'personId', p.id, 'occurrence', r.occurrence, 'dueAt', r.due)`,
                at,
              })}
            )
            select count(*)::int as n from inserted`,
      );
      return Number(rows[0]?.n ?? 0);
    },
    async nextDueAt(ctx, after) {
      const { next, held } = await upcomingOccurrences(ctx.db, surveyPlan(ctx.catalog), after);
      let earliest = next;
      // Due but held back by quiet hours (or a full batch): when the person's quiet hours end.
      for (const h of held) {
        const program = ctx.catalog.get(h.slug);
        if (!program) continue;
        const at = outsideQuietHours(new Date(after.getTime() + MINUTE_MS), h.tz, program.quietHours);
        if (!earliest || at < earliest) earliest = at;
      }
      return earliest;
    },
  };
}
