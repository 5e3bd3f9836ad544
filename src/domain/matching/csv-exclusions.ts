import { place, throwIssues, type CsvTable } from './csv-read.js';

export interface Exclusion {
  mentorId: string;
  menteeId: string;
  row: number;
}

/**
 * Pairs a coordinator rules out: a header with `mentor_id` and `mentee_id` (other columns, such
 * as a note, are ignored), one pair a row. Every id must name someone in the people files, so a
 * misspelt id is reported rather than silently excluding no one.
 */
export function readExclusions(
  table: CsvTable,
  known: { mentors: ReadonlySet<string>; mentees: ReadonlySet<string>; mentorsFile: string; menteesFile: string },
): Exclusion[] {
  const mentorColumn = table.header.indexOf('mentor_id');
  const menteeColumn = table.header.indexOf('mentee_id');
  const missing = [mentorColumn < 0 ? 'mentor_id' : '', menteeColumn < 0 ? 'mentee_id' : ''].filter(Boolean);
  if (missing.length > 0) {
    throwIssues([`${place(table, 1)}: no ${missing.map((m) => `"${m}"`).join(' or ')} column; the header needs mentor_id,mentee_id`]);
  }
  const issues: string[] = [];
  const exclusions: Exclusion[] = [];
  for (const { row, cells } of table.rows) {
    const mentorId = cells[mentorColumn]!;
    const menteeId = cells[menteeColumn]!;
    const check = (id: string, column: number, ids: ReadonlySet<string>, role: string, file: string) => {
      if (id === '') issues.push(`${place(table, row, column)}: empty; name the ${role} by their id`);
      else if (!ids.has(id)) issues.push(`${place(table, row, column)}: no ${role} with id "${id}" in ${file}`);
    };
    check(mentorId, mentorColumn, known.mentors, 'mentor', known.mentorsFile);
    check(menteeId, menteeColumn, known.mentees, 'mentee', known.menteesFile);
    exclusions.push({ mentorId, menteeId, row });
  }
  throwIssues(issues);
  return exclusions;
}
