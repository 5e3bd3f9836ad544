import { queryRows, sql, type Db } from '../../db/client.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { memberContacts } from '../checkins/contacts.js';

/** The period a report covers, as dates in the program's zone; `to` is included. */
export interface Period {
  from: string;
  to: string;
}

export interface ReportFigures {
  /** People at each stage: applications submitted and approved, people in a match that started, people in one that reached its planned end. */
  funnel: { applied: number; approved: number; matched: number; reachedPlannedEnd: number };
  matches: { active: number; closed: number; closedEarly: number; closedPlanned: number; medianDays: number | null; reachedShare: number | null; reasons: { reason: string; n: number }[] };
  checkins: { asked: number; answered: number; responseRate: number | null };
  /** Each survey scale's mean by month, oldest first. */
  scales: { scale: string; month: string; mean: number; n: number }[];
  alerts: { opened: number; resolved: number; medianHoursToResolve: number | null };
  contacts: { members: number; onSchedule: number };
  training: { people: number; completed: number; required: number };
}

type Num = number | string | null;
const num = (v: Num) => (v === null ? null : Number(v));

/**
 * What funders and coordinators ask of a program over a period (seed 002: an outcome analysis
 * of the programme and its relationships): the funnel, how matches ended, check-in response,
 * relationship measures over time, alerts, contact compliance and training. Each figure is one
 * SQL aggregate over the program's rows in the period.
 */
export async function reportFigures(db: Db, program: ProgramDefinition, programId: string, period: Period): Promise<ReportFigures> {
  const p = sql`${programId}::uuid`;
  const from = sql`${period.from}::date`;
  const to = sql`${period.to}::date`;
  const zone = sql`${program.timezone ?? 'UTC'}`;
  const day = (col: string) => sql.raw(`(${col} at time zone `).append(sql`${zone})::date`);
  const [funnel] = await queryRows<Record<string, Num>>(
    db,
    sql`select
          (select count(*) from applications a where a.program_id = ${p} and a.state <> 'intake' and ${day('a.submitted_at')} between ${from} and ${to}) as applied,
          (select count(*) from applications a where a.program_id = ${p} and a.state = 'approved' and ${day('a.decided_at')} between ${from} and ${to}) as approved,
          (select count(distinct mm.person_id) from matches m join match_members mm on mm.match_id = m.id
             where m.program_id = ${p} and m.started_on between ${from} and ${to}) as matched,
          (select count(distinct mm.person_id) from matches m join match_members mm on mm.match_id = m.id
             where m.program_id = ${p} and m.planned_end_on between ${from} and ${to}
             and (m.state = 'active' or (m.state = 'closed' and ${day('m.closed_at')} >= m.planned_end_on))) as reached`,
  );
  const [matches] = await queryRows<Record<string, Num>>(
    db,
    sql`with ended as (
          select m.*, ${day('m.closed_at')} as closed_on,
            -- A coordinator's closure says planned or early; otherwise (erasure) the dates do.
            coalesce(c.type = 'early', ${day('m.closed_at')} < m.planned_end_on) as early
          from matches m left join match_closures c on c.match_id = m.id
          where m.program_id = ${p} and m.state = 'closed' and m.started_on is not null and ${day('m.closed_at')} between ${from} and ${to}
        )
        select (select count(*) from matches m where m.program_id = ${p} and m.state = 'active' and m.started_on <= ${to}) as active,
          (select count(*) from ended) as closed,
          (select count(*) from ended where early) as early,
          (select percentile_cont(0.5) within group (order by closed_on - started_on) from ended) as median_days`,
  );
  const reasons = await queryRows<{ reason: string; n: Num }>(
    db,
    sql`select coalesce(c.reason, m.close_reason, 'not recorded') as reason, count(*) as n
        from matches m left join match_closures c on c.match_id = m.id
        where m.program_id = ${p} and m.state = 'closed' and ${day('m.closed_at')} between ${from} and ${to}
        group by 1 order by 2 desc, 1`,
  );
  const [checkins] = await queryRows<Record<string, Num>>(
    db,
    sql`select count(*) filter (where r.status in ('done', 'expired')) as asked, count(*) filter (where r.status = 'done') as answered
        from questionnaire_runs r where r.program_id = ${p} and r.kind = 'checkin' and ${day('r.due_at')} between ${from} and ${to}`,
  );
  const scales = await queryRows<{ scale: string; month: string; mean: Num; n: Num }>(
    db,
    sql`select s.scale_id as scale, to_char(${day('s.created_at')}, 'YYYY-MM') as month, avg(s.mean) as mean, count(*) as n
        from survey_scores s where s.program_id = ${p} and ${day('s.created_at')} between ${from} and ${to}
        group by 1, 2 order by 1, 2`,
  );
  const [alerts] = await queryRows<Record<string, Num>>(
    db,
    sql`select count(*) as opened, count(a.resolved_at) as resolved,
          percentile_cont(0.5) within group (order by extract(epoch from a.resolved_at - a.raised_at) / 3600) filter (where a.resolved_at is not null) as median_hours
        from match_alerts a where a.program_id = ${p} and ${day('a.raised_at')} between ${from} and ${to}`,
  );
  const contacts = await memberContacts(db, program, programId, period.to);
  const required = program.training.modules.filter((m) => m.required !== false).map((m) => m.id);
  const [training] = await queryRows<Record<string, Num>>(
    db,
    sql`select count(*) as people,
          count(*) filter (where (select count(distinct t.module_id) from training_records t
            where t.program_id = ${p} and t.person_id = pt.person_id and t.module_id in (select jsonb_array_elements_text(${JSON.stringify(required)}::jsonb))) = ${required.length}) as completed
        from participations pt where pt.program_id = ${p} and pt.role = 'mentor' and pt.state in ('approved', 'paused')`,
  );
  const closed = Number(matches?.closed ?? 0);
  const early = Number(matches?.early ?? 0);
  const asked = Number(checkins?.asked ?? 0);
  return {
    funnel: { applied: Number(funnel?.applied ?? 0), approved: Number(funnel?.approved ?? 0), matched: Number(funnel?.matched ?? 0), reachedPlannedEnd: Number(funnel?.reached ?? 0) },
    matches: { active: Number(matches?.active ?? 0), closed, closedEarly: early, closedPlanned: closed - early, medianDays: num(matches?.median_days ?? null), reachedShare: closed === 0 ? null : (closed - early) / closed, reasons: reasons.map((r) => ({ reason: r.reason, n: Number(r.n) })) },
    checkins: { asked, answered: Number(checkins?.answered ?? 0), responseRate: asked === 0 ? null : Number(checkins?.answered ?? 0) / asked },
    scales: scales.map((s) => ({ scale: s.scale, month: s.month, mean: Number(s.mean), n: Number(s.n) })),
    alerts: { opened: Number(alerts?.opened ?? 0), resolved: Number(alerts?.resolved ?? 0), medianHoursToResolve: num(alerts?.median_hours ?? null) },
    contacts: { members: contacts.length, onSchedule: contacts.filter((c) => c.daysOverdue <= 0).length },
    training: { people: Number(training?.people ?? 0), completed: Number(training?.completed ?? 0), required: required.length },
  };
}
