import { queryRows, sql, type Db } from '../../db/client.js';
import type { FileAttachment } from '../../core/render.js';
import { programDay } from '../matching/create-match.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { formatAnswer } from '../questionnaires/validate-answer.js';
import { csvFile } from './csv-file.js';

type Row = Record<string, unknown>;
/** An instant as ISO 8601 in UTC, the same from either database driver. */
const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
const pick = (rows: Row[], columns: readonly string[]) => rows.map((r) => columns.map((c) => r[c]));

/**
 * The coordinators' working exports, one CSV file each: people by their platform handle (the
 * coordinators act on these), never answers to intake questions. The pseudonymised data set for
 * evaluators is another matter (`/mentor export evaluation`).
 */
export const PROGRAM_EXPORTS = {
  async matches(db: Db, programId: string) {
    const columns = ['match', 'state', 'mentor', 'mentee', 'score', 'approved_at', 'started_on', 'planned_end_on', 'closed_at', 'coordinator', 'channel_name'];
    const rows = await queryRows<Row>(
      db,
      sql`select m.number as match, m.state, mr.platform_user_id as mentor, me.platform_user_id as mentee, round(m.score::numeric, 2)::text as score,
            ${iso('m.approved_at')} as approved_at, m.started_on::text, m.planned_end_on::text, ${iso('m.closed_at')} as closed_at, c.platform_user_id as coordinator, m.channel_name
          from matches m join people mr on mr.id = m.mentor_id join people me on me.id = m.mentee_id
          left join people c on c.id = m.coordinator_id
          where m.program_id = ${programId}::uuid order by m.number`,
    );
    return { columns, rows: pick(rows, columns) };
  },
  async checkins(db: Db, programId: string, program: ProgramDefinition) {
    const questions = program.checkins?.questions ?? [];
    const runs = await queryRows<Row>(
      db,
      sql`select r.id, m.number as match, p.platform_user_id as person, mm.role, ${iso('r.due_at')} as due_at, r.status, case when r.status = 'done' then ${iso('r.updated_at')} end as answered_at,
            coalesce((select jsonb_object_agg(a.question_id, a.value) from run_answers a where a.run_id = r.id), '{}'::jsonb) as answers
          from questionnaire_runs r join matches m on m.id = r.subject_id join people p on p.id = r.person_id
          join match_members mm on mm.match_id = m.id and mm.person_id = r.person_id
          where r.kind = 'checkin' and r.program_id = ${programId}::uuid order by r.due_at, m.number, p.platform_user_id`,
    );
    const columns = ['match', 'person', 'role', 'due_at', 'status', 'answered_at', ...questions.map((q) => q.id)];
    const rows = runs.map((r) => {
      const answers = r.answers as Record<string, unknown>;
      return [r.match, r.person, r.role, r.due_at, r.status, r.answered_at, ...questions.map((q) => (q.id in answers ? formatAnswer(q, answers[q.id]) : ''))];
    });
    return { columns, rows };
  },
  async surveys(db: Db, programId: string) {
    const columns = ['survey', 'occurrence', 'match', 'person', 'scale', 'instrument', 'instrument_version', 'mean', 'items_answered', 'items', 'scale_min', 'scale_max', 'answered_at'];
    const rows = await queryRows<Row>(
      db,
      sql`select s.survey_id as survey, s.occurrence, m.number as match, p.platform_user_id as person, s.scale_id as scale, s.instrument, s.instrument_version,
            round(s.mean::numeric, 3)::text as mean, s.items_answered, s.items, s.scale_min, s.scale_max, ${iso('s.created_at')} as answered_at
          from survey_scores s left join matches m on m.id = s.match_id left join people p on p.id = s.person_id
          where s.program_id = ${programId}::uuid order by s.created_at, s.survey_id, s.scale_id`,
    );
    return { columns, rows: pick(rows, columns) };
  },
  async contacts(db: Db, programId: string) {
    const columns = ['contacted_on', 'person', 'match', 'how', 'minutes', 'coordinator', 'note'];
    const rows = await queryRows<Row>(
      db,
      sql`select c.contacted_on::text, p.platform_user_id as person, m.number as match, c.how, c.minutes, k.platform_user_id as coordinator, c.note
          from support_contacts c left join people p on p.id = c.person_id left join people k on k.id = c.coordinator_id
          left join matches m on m.id = c.match_id
          where c.program_id = ${programId}::uuid order by c.contacted_on, p.platform_user_id`,
    );
    return { columns, rows: pick(rows, columns) };
  },
} as const;

export type ExportName = keyof typeof PROGRAM_EXPORTS;

export async function programExport(db: Db, program: ProgramDefinition, programId: string, name: ExportName, now: Date): Promise<FileAttachment> {
  const { columns, rows } = await PROGRAM_EXPORTS[name](db, programId, program);
  return csvFile(`${name}-${programDay(program, now).toISODate()}.csv`, columns, rows);
}
