import { parseDecimal } from '../../core/values.js';
import type { ApplicantRole, ProgramDefinition, Question } from '../programs/definition.js';
import type { AnswerValue } from '../questionnaires/validate-answer.js';
import { CellError, parseCell } from './csv-answers.js';
import { columnLetter, place, throwIssues, type CsvTable } from './csv-read.js';

export interface CsvPerson {
  id: string;
  row: number;
  answers: Map<string, AnswerValue>;
  /** The coordinator's `capacity` cell (mentors only), when filled in. */
  capacity?: number;
}

/** The optional mentors' column where a coordinator sets a capacity for this round. */
export const CAPACITY_COLUMN = 'capacity';

/** The question ids of `role` that matching reads: criteria, and the mentors' capacity question. */
export function neededQuestions(program: Pick<ProgramDefinition, 'matching'>, role: ApplicantRole): Set<string> {
  const ids = program.matching.criteria.map((c) => (role === 'mentor' ? c.mentorQuestion : c.menteeQuestion));
  return new Set(ids);
}

/**
 * People from a table whose header is `id` and question ids of `role` (plus `capacity` for
 * mentors). Every problem found is reported, each with its row and column: unknown, repeated or
 * missing columns, missing or repeated ids, answers the question does not accept, a required
 * question left empty, a capacity that is not a whole number of 0 or more.
 */
export function readPeople(table: CsvTable, program: Pick<ProgramDefinition, 'intake' | 'matching'>, role: ApplicantRole): CsvPerson[] {
  const questions = new Map<string, Question>(program.intake[role].map((q) => [q.id, q]));
  const capacityColumn = role === 'mentor' && !questions.has(CAPACITY_COLUMN);
  const issues: string[] = [];
  const columns: (Question | 'id' | 'capacity' | null)[] = [];
  const seen = new Map<string, number>();

  table.header.forEach((name, i) => {
    const earlier = seen.get(name);
    if (earlier !== undefined) issues.push(`${place(table, 1, i)}: repeats column ${columnLetter(earlier)}`);
    seen.set(name, i);
    if (name === 'id') columns.push('id');
    else if (name === CAPACITY_COLUMN && capacityColumn) columns.push('capacity');
    else if (questions.has(name)) columns.push(questions.get(name)!);
    else {
      columns.push(null);
      const known = ['id', ...(capacityColumn ? [CAPACITY_COLUMN] : []), ...questions.keys()].join(', ');
      issues.push(`${place(table, 1, i)}: not a question of the ${role} intake (columns can be: ${known})`);
    }
  });
  if (!seen.has('id')) issues.push(`${place(table, 1)}: no "id" column; the header needs id, then question ids of the ${role} intake`);
  for (const id of neededQuestions(program, role)) {
    if (!seen.has(id)) issues.push(`${place(table, 1)}: no "${id}" column, which matching compares`);
  }
  if (issues.length > 0) throwIssues(issues);

  const people: CsvPerson[] = [];
  const rowOfId = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const person: CsvPerson = { id: '', row, answers: new Map() };
    cells.forEach((cell, i) => {
      const column = columns[i]!;
      const at = place(table, row, i);
      if (column === 'id') {
        const earlier = rowOfId.get(cell);
        if (cell === '') issues.push(`${at}: empty; every person needs an id`);
        else if (earlier !== undefined) issues.push(`${at}: "${cell}" is already the id on row ${earlier}`);
        else rowOfId.set(cell, row);
        person.id = cell;
      } else if (column === 'capacity') {
        if (cell === '') return;
        const n = parseDecimal(cell);
        if (n === null || !Number.isInteger(n) || n < 0) issues.push(`${at}: expected a whole number of mentees, 0 or more; got "${cell}"`);
        else person.capacity = n;
      } else if (column) {
        try {
          const value = parseCell(column, cell);
          if (value !== undefined) person.answers.set(column.id, value);
          else if (column.required) issues.push(`${at}: empty, but the question is required`);
        } catch (err) {
          if (err instanceof CellError) issues.push(`${at}: ${err.message}`);
          else throw err;
        }
      }
    });
    people.push(person);
  }
  throwIssues(issues);
  return people;
}
