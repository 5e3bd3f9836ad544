import { DateTime } from 'luxon';
import { queryRows, sql, type Db } from '../../db/client.js';
import { claimRunSql, type Planner, type PlannerContext } from '../../jobs/planner.js';
import { recordAudit } from '../audit/record-audit.js';
import type { CapabilityDeps } from '../capability.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { retainPersonalData } from '../privacy/personal-data.js';

/** How often the sweep looks, at most, and how many people it takes each time. */
export const RETENTION_SWEEP_EVERY_MS = 60 * 60_000;
export const RETENTION_SWEEP_BATCH = 200;

/** Each program's cutoff: a match closed at or before it is past the program's retention. */
function cutoffs(catalog: ProgramCatalog, at: Date): { slug: string; cutoff: string }[] {
  return catalog
    .all()
    .flatMap(({ definition }) =>
      definition.retention ? [{ slug: definition.slug, cutoff: DateTime.fromJSDate(at, { zone: 'UTC' }).minus({ years: definition.retention.yearsAfterClose }).toISO()! }] : [],
    );
}

/**
 * People past retention: every match they were in has closed, each before its program's
 * cutoff (a program without retention keeps its people), no application of theirs moved since,
 * and they coordinate nothing.
 */
export async function peoplePastRetention(db: Db, catalog: ProgramCatalog, at: Date, limit: number): Promise<{ id: string; workspace_id: string }[]> {
  const cuts = cutoffs(catalog, at);
  if (cuts.length === 0) return [];
  const values = sql.join(
    cuts.map((c) => sql`(${c.slug}, ${c.cutoff}::timestamptz)`),
    sql`, `,
  );
  return queryRows(
    db,
    sql`with cut(slug, cutoff) as (values ${values})
        select distinct p.id, p.workspace_id
        from match_members mm join matches m on m.id = mm.match_id join programs g on g.id = m.program_id join cut c on c.slug = g.slug
        join people p on p.id = mm.person_id and p.erased_at is null
        where m.state = 'closed' and m.closed_at <= c.cutoff
          and not exists (select 1 from match_members mm2 join matches m2 on m2.id = mm2.match_id join programs g2 on g2.id = m2.program_id
                left join cut c2 on c2.slug = g2.slug
              where mm2.person_id = p.id and (m2.state in ('awaiting_acceptance', 'active') or (m2.state = 'closed' and (c2.cutoff is null or m2.closed_at > c2.cutoff))))
          and not exists (select 1 from applications a join programs g3 on g3.id = a.program_id left join cut c3 on c3.slug = g3.slug
              where a.person_id = p.id and (c3.cutoff is null or a.updated_at > c3.cutoff))
          and not exists (select 1 from program_roles r where r.person_id = p.id and r.role = 'coordinator')
        limit ${limit}`,
  );
}

/**
 * The program file's retention, applied: at most once an hour (claimRunSql), each person past it is stripped to what the evaluation export holds,
 * one transaction each, and audited without a name. Housekeeping: it sends nothing.
 */
export function retentionSweep(deps: CapabilityDeps): Planner {
  return {
    name: 'personal-data-retention',
    housekeeping: true,
    async plan({ db, catalog }: PlannerContext, slot: Date): Promise<number> {
      if (cutoffs(catalog, slot).length === 0) return 0;
      const claimed = await queryRows(db, claimRunSql('personal-data-retention', slot, RETENTION_SWEEP_EVERY_MS));
      if (claimed.length === 0) return 0;
      for (const person of await peoplePastRetention(db, catalog, slot, RETENTION_SWEEP_BATCH)) {
        await db.transaction(async (tx) => {
          await retainPersonalData(tx as unknown as Db, deps, person.id, slot);
          await recordAudit(tx as unknown as Db, { workspaceId: person.workspace_id, programId: null, actorId: null, subjectId: person.id, action: 'retention.applied', at: slot });
        });
      }
      return 0;
    },
  };
}
