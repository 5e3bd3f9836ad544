import { stringify } from 'csv-stringify/sync';
import type { ProgramDefinition } from '../programs/definition.js';
import { mentorCapacity } from './capacity.js';
import { readExclusions } from './csv-exclusions.js';
import { readPeople } from './csv-people.js';
import { readCsv } from './csv-read.js';
import { pairSentence, unmatchedReasons } from './explain.js';
import { pairKey, scorePool, type ForbiddenReason } from './score-pool.js';
import { solveAssignment } from './solver.js';
import { shortNumber } from './words.js';

export interface CsvFile {
  /** The name problems are reported under, as the coordinator gave it. */
  file: string;
  text: string;
}

export interface CsvMatchInput {
  program: ProgramDefinition;
  mentors: CsvFile;
  mentees: CsvFile;
  exclusions?: CsvFile;
  /** When time-zone offsets are compared. */
  at: Date;
}

export interface CsvMatchResult {
  /** `mentor_id,mentee_id,score,why`: the pairs, then unmatched mentees, then mentors with room. */
  proposals: string;
  /** The dense matrix the solver saw: a row per mentor, a column per mentee, empty where forbidden. */
  scores: string;
  matched: number;
  /** Plain lines for the terminal: counts, then each unmatched person with the reason. */
  summary: string[];
}

// escape_formulas: a cell starting with = + - @ would run as a formula when the file is opened
// in a spreadsheet; ids come from files anyone may have edited.
const write = (rows: (string | number)[][]) => stringify(rows, { escape_formulas: true });

/** Matching from spreadsheets alone: read, score, solve, explain. Pure: the caller does the files. */
export function matchFromCsv(input: CsvMatchInput): CsvMatchResult {
  const { program } = input;
  const mentors = readPeople(readCsv(input.mentors.text, input.mentors.file), program, 'mentor');
  const mentees = readPeople(readCsv(input.mentees.text, input.mentees.file), program, 'mentee');
  const forbidden = new Map<string, ForbiddenReason>();
  if (input.exclusions) {
    const known = {
      mentors: new Set(mentors.map((m) => m.id)),
      mentees: new Set(mentees.map((e) => e.id)),
      mentorsFile: input.mentors.file,
      menteesFile: input.mentees.file,
    };
    for (const x of readExclusions(readCsv(input.exclusions.text, input.exclusions.file), known)) {
      forbidden.set(pairKey(x.mentorId, x.menteeId), 'excluded');
    }
  }

  const capacityQuestion = program.matching.capacityQuestion;
  const pool = scorePool({
    program,
    at: input.at,
    forbidden,
    mentors: mentors.map((m) => ({
      key: m.id,
      answers: m.answers,
      capacity: mentorCapacity(program.matching, m.capacity, capacityQuestion ? m.answers.get(capacityQuestion) : undefined).capacity,
    })),
    mentees: mentees.map((e) => ({ key: e.id, answers: e.answers })),
  });
  const assignment = solveAssignment({ capacities: pool.capacities, menteeCount: pool.menteeCount, scores: pool.scores });
  const reasons = unmatchedReasons(pool, assignment.mentorOf);

  const rows: (string | number)[][] = [['mentor_id', 'mentee_id', 'score', 'why']];
  const pairs: [number, number][] = [];
  assignment.mentorOf.forEach((m, e) => {
    if (m >= 0) pairs.push([m, e]);
  });
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [m, e] of pairs) {
    const explanation = pool.explainPair(m, e);
    rows.push([mentors[m]!.id, mentees[e]!.id, shortNumber(explanation.total), pairSentence(explanation)]);
  }
  for (const u of reasons.mentees) rows.push(['', mentees[u.mentee]!.id, '', `unmatched: ${u.reason}`]);
  for (const r of reasons.mentors) rows.push([mentors[r.mentor]!.id, '', '', `room for ${r.room} more: ${r.reason}`]);

  const matrix: (string | number)[][] = [['mentor_id', ...mentees.map((e) => e.id)]];
  mentors.forEach((m, i) => {
    const row = pool.scores.subarray(i * pool.menteeCount, (i + 1) * pool.menteeCount);
    matrix.push([m.id, ...Array.from(row, (s) => (Number.isNaN(s) ? '' : String(s)))]);
  });

  const summary = [
    `${mentors.length} mentors, ${mentees.length} mentees: ${pairs.length} pairs proposed, ` +
      `${reasons.mentees.length} mentees unmatched, ${reasons.mentors.length} mentors with room left.`,
    ...reasons.mentees.map((u) => `  mentee ${mentees[u.mentee]!.id} unmatched: ${u.reason}`),
    ...reasons.mentors.map((r) => `  mentor ${mentors[r.mentor]!.id} has room for ${r.room} more: ${r.reason}`),
  ];
  return { proposals: write(rows), scores: write(matrix), matched: assignment.matched, summary };
}
