import type { FileAttachment } from '../../core/render.js';
import { queryRows, sql, type Db } from '../../db/client.js';
import { csvFile } from '../exports/csv-file.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { definitionByHash } from '../questionnaires/definitions.js';
import { evaluationKind, isFreeText, isMeasure, questionsOfRun } from '../questionnaires/evaluation-answers.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import type { Run } from '../questionnaires/run-store.js';
import { formatAnswer } from '../questionnaires/validate-answer.js';
import { pseudonymiser } from './pseudonyms.js';
import { textScrubber } from './scrub-text.js';
import { MIN_PEOPLE, suppressSmallCategories } from './suppress.js';

type Row = Record<string, unknown>;

interface Column {
  name: string;
  meaning: string;
  /** A category describing people: values fewer than MIN_PEOPLE share are suppressed. */
  category?: true;
}

/** One file of the data set, its columns described once for both the file and the dictionary. */
interface DatasetFile {
  name: string;
  about: string;
  columns: Column[];
  rows: Row[];
  /** The pseudonyms of the people a row is about, for the small-category rule. */
  people(row: Row): string[];
}

export interface EvaluationInput {
  db: Db;
  catalog: ProgramCatalog;
  engine: QuestionnaireEngine;
  program: ProgramDefinition;
  programId: string;
  secret: string;
  /** Typed answers, scrubbed of names, mentions, emails, links and phone numbers. Off unless asked. */
  withText: boolean;
  now: Date;
}

const DAY = 'days since the match started (negative: before it)';

/**
 * The pseudonymised data set for evaluators (seed 002: outcomes "without personal names
 * attached"): people and matches as keyed-hash pseudonyms, no names, platform ids or channel
 * names, every date as days since the match started, typed words only when asked for and then
 * scrubbed, rare categories suppressed, and a data dictionary generated from the same columns.
 */
export async function evaluationDataset(input: EvaluationInput): Promise<FileAttachment[]> {
  const { db, programId, program } = input;
  const p = pseudonymiser(input.secret);
  const zone = program.timezone ?? 'UTC';
  const localDay = (column: string) => sql.raw(`((${column}) at time zone '${zone.replace(/'/g, "''")}')::date`);
  const files: DatasetFile[] = [];

  const participants = await queryRows<Row>(
    db,
    sql`select a.person_id, a.role, a.state,
          (select count(*)::int from match_members mm join matches m on m.id = mm.match_id where mm.person_id = a.person_id and m.program_id = a.program_id and m.started_on is not null) as matches,
          (select count(*)::int from training_records t where t.person_id = a.person_id and t.program_id = a.program_id) as training,
          (select min(m.started_on) - ${localDay('a.submitted_at')} from match_members mm join matches m on m.id = mm.match_id
            where mm.person_id = a.person_id and m.program_id = a.program_id and m.started_on is not null) as waited
        from applications a where a.program_id = ${programId}::uuid and a.state <> 'intake' and a.role is not null order by a.created_at`,
  );
  files.push({
    name: 'participants',
    about: 'one row per application that was submitted',
    columns: [
      { name: 'person', meaning: 'the person’s pseudonym (the same in every export of this program)' },
      { name: 'role', meaning: 'mentor or mentee' },
      { name: 'application', meaning: 'where the application stands: submitted, screening, waitlisted, approved, rejected or withdrawn', category: true },
      { name: 'matches', meaning: 'how many matches the person started' },
      { name: 'training_modules', meaning: 'pre-match training modules recorded as completed' },
      { name: 'days_to_first_match', meaning: 'days from submitting the application to the first match starting (blank: never matched)' },
    ],
    rows: participants.map((r) => ({
      person: p('P', r.person_id as string),
      role: r.role,
      application: r.state,
      matches: r.matches,
      training_modules: r.training,
      days_to_first_match: r.waited ?? '',
    })),
    people: (r) => [r.person as string],
  });

  const matches = await queryRows<Row>(
    db,
    sql`select m.id, m.mentor_id, m.mentee_id, m.state, m.planned_end_on - m.started_on as planned,
          coalesce(${localDay('m.closed_at')}, ${localDay(`'${input.now.toISOString()}'::timestamptz`)}) - m.started_on as lasted,
          c.type, c.reason
        from matches m left join match_closures c on c.match_id = m.id
        where m.program_id = ${programId}::uuid order by m.number`,
  );
  files.push({
    name: 'matches',
    about: 'one row per match proposed to a pair',
    columns: [
      { name: 'match', meaning: 'the match’s pseudonym' },
      { name: 'mentor', meaning: 'the mentor’s pseudonym' },
      { name: 'mentee', meaning: 'the mentee’s pseudonym' },
      { name: 'state', meaning: 'awaiting_acceptance, active, declined (a member said no before it started) or closed' },
      { name: 'planned_days', meaning: 'the planned length, in days' },
      { name: 'days', meaning: 'how long it ran: to its close, or to the day of the export while active' },
      { name: 'reached_planned_length', meaning: 'yes when it ran at least its planned length' },
      { name: 'closure', meaning: 'planned or early, as the coordinator closed it (blank: open, declined, or ended by an erasure)', category: true },
      { name: 'closure_reason', meaning: 'the program’s reason for the closure', category: true },
    ],
    rows: matches.map((r) => ({
      match: p('M', r.id as string),
      mentor: p('P', r.mentor_id as string),
      mentee: p('P', r.mentee_id as string),
      state: r.state,
      planned_days: r.planned ?? '',
      days: r.lasted ?? '',
      reached_planned_length: r.planned === null || r.lasted === null ? '' : Number(r.lasted) >= Number(r.planned) ? 'yes' : 'no',
      closure: r.type ?? '',
      closure_reason: r.reason ?? '',
    })),
    people: (r) => [r.mentor as string, r.mentee as string],
  });

  files.push(...(await questionnaireFiles(input, p, localDay)));

  const scores = await queryRows<Row>(
    db,
    sql`select s.survey_id, s.occurrence, s.match_id, s.person_id, s.scale_id, s.instrument, s.instrument_version, round(s.mean::numeric, 3)::text as mean,
          s.items_answered, s.items, s.scale_min, s.scale_max, ${localDay('s.created_at')} - m.started_on as day
        from survey_scores s left join matches m on m.id = s.match_id
        where s.program_id = ${programId}::uuid order by s.created_at, s.survey_id, s.scale_id`,
  );
  files.push({
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
  });

  const meetings = await queryRows<Row>(
    db,
    sql`select x.match_id, x.met_on - m.started_on as day, x.minutes, x.source
        from match_meetings x join matches m on m.id = x.match_id where m.program_id = ${programId}::uuid order by x.met_on, x.created_at`,
  );
  files.push({
    name: 'meetings',
    about: 'one row per meeting recorded (a "yes" to the check-in’s meeting question, or `/mentor met`)',
    columns: [
      { name: 'match', meaning: 'the match’s pseudonym' },
      { name: 'day', meaning: DAY },
      { name: 'minutes', meaning: 'how long, when given' },
      { name: 'source', meaning: 'checkin or command' },
    ],
    rows: meetings.map((r) => ({ match: p('M', r.match_id as string), day: r.day ?? '', minutes: r.minutes ?? '', source: r.source })),
    people: () => [],
  });

  const alerts = await queryRows<Row>(
    db,
    sql`select a.match_id, a.person_id, a.rule, ${localDay('a.raised_at')} - m.started_on as day,
          ${localDay('a.acknowledged_at')} - ${localDay('a.raised_at')} as to_ack, ${localDay('a.resolved_at')} - ${localDay('a.raised_at')} as to_resolve
        from match_alerts a join matches m on m.id = a.match_id where a.program_id = ${programId}::uuid order by a.raised_at`,
  );
  files.push({
    name: 'alerts',
    about: 'one row per alert raised to coordinators about a match (what it quoted is left out)',
    columns: [
      { name: 'match', meaning: 'the match’s pseudonym' },
      { name: 'person', meaning: 'the pseudonym of the member whose answers raised it (blank: about the match)' },
      { name: 'rule', meaning: 'the alert rule (low_score, missed_checkins, no_meeting, score_drop, rating_gap, not_working, safeguarding, ...)', category: true },
      { name: 'day', meaning: DAY },
      { name: 'days_to_acknowledge', meaning: 'days from raised to acknowledged (blank: not acknowledged)' },
      { name: 'days_to_resolve', meaning: 'days from raised to resolved (blank: open)' },
    ],
    rows: alerts.map((r) => ({
      match: p('M', r.match_id as string),
      person: p('P', r.person_id as string | null),
      rule: r.rule,
      day: r.day ?? '',
      days_to_acknowledge: r.to_ack ?? '',
      days_to_resolve: r.to_resolve ?? '',
    })),
    people: (r) => [(r.person as string) || (r.match as string)],
  });

  const contacts = await queryRows<Row>(
    db,
    sql`select c.match_id, c.person_id, c.contacted_on - m.started_on as day, c.how, c.minutes
        from support_contacts c left join matches m on m.id = c.match_id where c.program_id = ${programId}::uuid order by c.contacted_on`,
  );
  files.push({
    name: 'contacts',
    about: 'one row per coordinator contact logged with a member (the note is left out)',
    columns: [
      { name: 'match', meaning: 'the match’s pseudonym' },
      { name: 'person', meaning: 'the member’s pseudonym' },
      { name: 'day', meaning: DAY },
      { name: 'how', meaning: 'how the contact was made', category: true },
      { name: 'minutes', meaning: 'how long, when given' },
    ],
    rows: contacts.map((r) => ({ match: p('M', r.match_id as string | null), person: p('P', r.person_id as string | null), day: r.day ?? '', how: r.how, minutes: r.minutes ?? '' })),
    people: (r) => [r.person as string],
  });

  const arms = await queryRows<Row>(
    db,
    sql`select dense_rank() over (order by e.created_at, e.id) as experiment, x.person_id, x.arm_id,
          (select count(*)::int from experiment_attendance t where t.assignment_id = x.id) as attended
        from experiment_assignments x join experiments e on e.id = x.experiment_id where e.program_id = ${programId}::uuid order by e.created_at, x.block, x.position`,
  );
  files.push({
    name: 'training-arms',
    about: 'one row per mentor randomised in a training comparison (`/mentor training experiment`)',
    columns: [
      { name: 'experiment', meaning: 'the experiment, numbered in the order they were created' },
      { name: 'person', meaning: 'the mentor’s pseudonym' },
      { name: 'arm', meaning: 'the arm they were randomised to', category: true },
      { name: 'modules_attended', meaning: 'training modules of the arm recorded as attended' },
    ],
    rows: arms.map((r) => ({ experiment: `E${r.experiment}`, person: p('P', r.person_id as string), arm: r.arm_id, modules_attended: r.attended })),
    people: (r) => [r.person as string],
  });

  for (const f of files) for (const c of f.columns) if (c.category) suppressSmallCategories(f.rows, c.name, f.people);
  const dictionary = csvFile(
    'data-dictionary.csv',
    ['file', 'column', 'meaning'],
    files.flatMap((f) => [
      [`${f.name}.csv`, '', f.about],
      ...f.columns.map((c) => [`${f.name}.csv`, c.name, c.category ? `${c.meaning}; "suppressed" where fewer than ${MIN_PEOPLE} people share a value` : c.meaning]),
    ]),
  );
  return [...files.map((f) => csvFile(`${f.name}.csv`, f.columns.map((c) => c.name), inPseudonymOrder(f.rows.map((r) => f.columns.map((c) => r[c.name]))))), dictionary];
}

/**
 * Rows sorted by their values, pseudonyms first: the order rows were stored in (who applied or
 * was matched first) would say more than the data set means to, and the same data always
 * gives the same file.
 */
function inPseudonymOrder(rows: unknown[][]): unknown[][] {
  const key = (r: unknown[]) => r.map((v) => String(v ?? '')).join('\u0000');
  return rows.map((r) => ({ r, k: key(r) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.r);
}

type Pseudonym = ReturnType<typeof pseudonymiser>;

/** Check-ins, surveys and exit interviews: one row per run asked, and its measured answers in long form. */
async function questionnaireFiles(input: EvaluationInput, p: Pseudonym, localDay: (column: string) => ReturnType<typeof sql.raw>): Promise<DatasetFile[]> {
  const { db, programId } = input;
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
  for (const a of answers) answersByRun.set(a.run_id, [...(answersByRun.get(a.run_id) ?? []), a]);
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
