import { queryRows, sql, type Db } from '../../db/client.js';
import { onFivePoints } from '../surveys/survey-scores.js';

/** Each mentor's outcomes, null where not (yet) known. */
export interface MentorOutcome {
  armId: string;
  /** Days from the match's start to its closure, or to today while it is open. */
  lengthDays: number | null;
  /** 1 when closed before its planned end, 0 when closed on or after it or still open past it; null while it could still end early. */
  closedEarly: 0 | 1 | null;
  /** The match's latest relationship-quality mean (each member's latest, averaged), on 1–5. */
  quality: number | null;
  /** The mentor's last minus first self-efficacy mean, on 1–5; null with fewer than two. */
  efficacyChange: number | null;
}

interface Row {
  person_id: string;
  arm_id: string;
  match_id: string | null;
  started_on: string | null;
  planned_end_on: string | null;
  closed_on: string | null;
  today: string;
}

const days = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * The outcomes of every mentor in the experiment. The unit is the mentor, randomised, and their
 * first match approved after their assignment (a match made before it could not have been
 * touched by the arm's training). Matches are read as they are stored (`state`, `closed_at`,
 * `planned_end_on`), whoever closes them. Survey means are put on 1–5 (`onFivePoints`), so
 * instruments with other ranges compare.
 */
export async function mentorOutcomes(db: Db, input: { experimentId: string; scales: { quality: string | null; efficacy: string | null }; now: Date }): Promise<MentorOutcome[]> {
  const today = input.now.toISOString().slice(0, 10);
  const rows = await queryRows<Row>(
    db,
    sql`select a.person_id, a.arm_id, m.id as match_id, m.started_on::text, m.planned_end_on::text,
          (m.closed_at at time zone 'UTC')::date::text as closed_on, ${today}::text as today
        from experiment_assignments a
        join experiments e on e.id = a.experiment_id
        left join lateral (
          select * from matches m where m.program_id = e.program_id and m.mentor_id = a.person_id
            and m.started_on is not null and m.approved_at >= a.assigned_at
          order by m.started_on, m.approved_at limit 1
        ) m on true
        where a.experiment_id = ${input.experimentId}::uuid order by a.position`,
  );
  const scales = [input.scales.quality, input.scales.efficacy].filter((s): s is string => s !== null);
  const scores = scales.length
    ? await queryRows<{ person_id: string | null; match_id: string | null; scale_id: string; mean: number; scale_min: number; scale_max: number }>(
        db,
        sql`select s.person_id, s.match_id, s.scale_id, s.mean, s.scale_min, s.scale_max from survey_scores s
            join experiments e on e.program_id = s.program_id
            where e.id = ${input.experimentId}::uuid and s.scale_id in (${sql.join(scales.map((s) => sql`${s}`), sql`, `)})
            order by s.created_at, s.id`,
      )
    : [];
  return rows.map((r) => {
    const onFive = (s: (typeof scores)[number]) => onFivePoints(s.mean, s.scale_min, s.scale_max);
    // Quality: each member's latest score on the match, averaged (rows are in time order).
    const latestByMember = new Map<string, number>();
    for (const s of scores) if (s.scale_id === input.scales.quality && r.match_id && s.match_id === r.match_id) latestByMember.set(s.person_id ?? '', onFive(s));
    const quality = latestByMember.size ? [...latestByMember.values()].reduce((a, b) => a + b, 0) / latestByMember.size : null;
    const own = scores.filter((s) => s.scale_id === input.scales.efficacy && s.person_id === r.person_id).map(onFive);
    return {
      armId: r.arm_id,
      lengthDays: r.started_on ? days(r.started_on, r.closed_on ?? r.today) : null,
      closedEarly: earlyClosure(r),
      quality,
      efficacyChange: own.length >= 2 ? own[own.length - 1]! - own[0]! : null,
    };
  });
}

function earlyClosure(r: Row): 0 | 1 | null {
  if (!r.started_on || !r.planned_end_on) return null;
  if (r.closed_on) return r.closed_on < r.planned_end_on ? 1 : 0;
  return r.today >= r.planned_end_on ? 0 : null;
}
