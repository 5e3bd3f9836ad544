import { queryRows, sql, type Db } from '../../db/client.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { definitionByHash } from '../questionnaires/definitions.js';
import { evaluationKind, isFreeText, isMeasure, questionsOfRun } from '../questionnaires/evaluation-answers.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import type { Run } from '../questionnaires/run-store.js';
import { formatAnswer } from '../questionnaires/validate-answer.js';
import { DAY, type DatasetFile, type FileContext, type Row } from './dataset-file.js';
import { textScrubber } from './scrub-text.js';

/** One row per survey scale a person answered: its mean. */
export async function scoresFile({ db, programId, p, localDay }: FileContext): Promise<DatasetFile> {
  const scores = await queryRows<Row>(
    db,
    sql`select s.survey_id, s.occurrence, s.match_id, s.person_id, s.scale_id, s.instrument, s.instrument_version, round(s.mean::numeric, 3)::text as mean,
          s.items_answered, s.items, s.scale_min, s.scale_max, ${localDay('s.created_at')} - m.started_on as day
        from survey_scores s left join matches m on m.id = s.match_id
        where s.program_id = ${programId}::uuid order by s.created_at, s.survey_id, s.scale_id`,
  );
  return {
    name: 'scores',
    about: 'one row per survey scale a person answered: the mean of its items',
    columns: [
      { name: 'survey', meaning: 'the program’s survey id' },
      { name: 'occurrence', meaning: 'which asking of the survey (e.g. day-21, q2)' },
      { name: 'match', meaning: 'the match’s pseudonym (blank: a survey before any match)' },
      { name: 'person', meaning: 'the person’s pseudonym' },
      { name: 'scale', meaning: 'the scale id' },
      { name: 'instrument', meaning: 'the published instrument the scale comes from, if any' },
      { name: 'instrument_version', meaning: 'its version' },
      { name: 'mean', meaning: 'the mean of the items answered, reverse-coded items turned' },
      { name: 'items_answered', meaning: 'items answered' },
      { name: 'items', meaning: 'items in the scale' },
      { name: 'scale_min', meaning: 'the lowest answer possible' },
      { name: 'scale_max', meaning: 'the highest answer possible' },
      { name: 'day', meaning: DAY },
    ],
    rows: scores.map((r) => ({
      survey: r.survey_id,
      occurrence: r.occurrence,
      match: p('M', r.match_id as string | null),
      person: p('P', r.person_id as string | null),
      scale: r.scale_id,
      instrument: r.instrument ?? '',
      instrument_version: r.instrument_version ?? '',
      mean: r.mean,
      items_answered: r.items_answered,
      items: r.items,
      scale_min: r.scale_min,
      scale_max: r.scale_max,
      day: r.day ?? '',
    })),
    people: (r) => [r.person as string],
  };
}

/** Check-ins, surveys and exit interviews: one row per run asked, and its measured answers in long form. */
export async function questionnaireFiles(
  { db, programId, p, localDay }: FileContext,
  input: { catalog: ProgramCatalog; engine: QuestionnaireEngine; withText: boolean },
): Promise<DatasetFile[]> {
  const runs = await queryRows<Row & Run>(
    db,
    sql`select r.id, r.kind, r.cursor, r.definition_hash as "definitionHash", r.person_id, r.status, coalesce(m.id, sm.id) as match_id, mm.role, sr.survey_id, sr.occurrence,
          ${localDay('r.due_at')} - coalesce(m.started_on, sm.started_on) as day,
          case when r.status = 'done' then ${localDay('r.updated_at')} - coalesce(m.started_on, sm.started_on) end as answered_day
        from questionnaire_runs r
        left join matches m on r.subject_type = 'match' and m.id = r.subject_id
        left join survey_runs sr on sr.run_id = r.id left join matches sm on sm.id = sr.match_id
        left join match_members mm on mm.match_id = coalesce(m.id, sm.id) and mm.person_id = r.person_id
        where r.program_id = ${programId}::uuid order by r.due_at nulls last, r.created_at`,
  );
  const answersByRun = new Map<string, { question_id: string; value: unknown }[]>();
  const answers = await queryRows<{ run_id: string; question_id: string; value: unknown }>(
    db,
    sql`select a.run_id, a.question_id, a.value from run_answers a join questionnaire_runs r on r.id = a.run_id
        where r.program_id = ${programId}::uuid order by a.answered_at`,
  );
  for (const a of answers) {
    const list = answersByRun.get(a.run_id);
    if (list) list.push(a);
    else answersByRun.set(a.run_id, [a]);
  }
  const names = input.withText ? await knownNames(db, programId) : [];
  const scrub = textScrubber(names);
  const runRows: Row[] = [];
  const answerRows: Row[] = [];
  for (const run of runs) {
    const kind = evaluationKind(input.engine, run.kind);
    if (!kind) continue;
    const questions = questionsOfRun(kind, await definitionByHash(db, input.catalog, run.definitionHash), run);
    const id = p('R', run.id);
    runRows.push({
      run: id,
      match: p('M', run.match_id as string | null),
      person: p('P', run.person_id as string),
      role: run.role ?? '',
      questionnaire: run.kind,
      survey: run.survey_id ?? '',
      occurrence: run.occurrence ?? '',
      day_asked: run.day ?? '',
      status: run.status,
      day_answered: run.answered_day ?? '',
    });
    for (const a of answersByRun.get(run.id as string) ?? []) {
      const q = questions.get(a.question_id);
      if (!q) continue;
      if (isMeasure(q)) answerRows.push({ run: id, question: q.id, type: q.type, answer: formatAnswer(q, a.value) });
      else if (input.withText && isFreeText(q)) answerRows.push({ run: id, question: q.id, type: q.type, answer: scrub(String(a.value)) });
    }
  }
  return [
    {
      name: 'questionnaires',
      about: 'one row per check-in, survey or exit interview asked of a member',
      columns: [
        { name: 'run', meaning: 'the pseudonym of this asking (answers.csv refers to it)' },
        { name: 'match', meaning: 'the match’s pseudonym (blank: a survey before any match)' },
        { name: 'person', meaning: 'the member’s pseudonym' },
        { name: 'role', meaning: 'mentor or mentee in that match' },
        { name: 'questionnaire', meaning: 'checkin, survey or exit-interview' },
        { name: 'survey', meaning: 'the program’s survey id, for surveys' },
        { name: 'occurrence', meaning: 'which asking of the survey' },
        { name: 'day_asked', meaning: DAY },
        { name: 'status', meaning: 'done, open, expired or cancelled' },
        { name: 'day_answered', meaning: `${DAY}, when it was finished` },
      ],
      rows: runRows,
      people: (r) => [r.person as string],
    },
    {
      name: 'answers',
      about: input.withText
        ? 'one row per answer: numbers, scales and choices as given; typed answers scrubbed of names, mentions, emails, links and phone numbers'
        : 'one row per answer that is a number, a scale point or a choice; typed answers are left out',
      columns: [
        { name: 'run', meaning: 'the asking it belongs to (questionnaires.csv)' },
        { name: 'question', meaning: 'the program’s question id' },
        { name: 'type', meaning: 'the question type (scale, yes_no, single_choice, multiple_choice, number, text, long_text)' },
        { name: 'answer', meaning: 'the answer: a scale point or number, the choice’s label (several joined by ", "), or scrubbed text' },
      ],
      rows: answerRows,
      people: () => [],
    },
  ];
}

/** Every name and handle the workspace knows (and guardians named on applications), for scrubbing typed answers. */
async function knownNames(db: Db, programId: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select n.name from programs g join people x on x.workspace_id = g.workspace_id
          cross join lateral (values (x.display_name), (x.platform_user_id)) as n(name)
          where g.id = ${programId}::uuid and n.name is not null
        union select a.guardian_name from applications a where a.program_id = ${programId}::uuid and a.guardian_name is not null`,
  );
  return rows.map((r) => r.name);
}
