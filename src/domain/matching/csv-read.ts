import { CsvError } from 'csv-parse/sync';
import { parse } from 'csv-parse/sync';

/** Problems with input files, each naming the file, the row and (where there is one) the column. */
export class CsvInputError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('\n'));
    this.name = 'CsvInputError';
  }
}

export interface CsvRow {
  /** As a spreadsheet numbers it: the header is row 1, a blank row still counts. */
  row: number;
  cells: string[];
}

export interface CsvTable {
  file: string;
  /** Header cells, trimmed and lowercased. */
  header: string[];
  rows: CsvRow[];
}

/** "A" for the first column, "AA" for the 27th: how a spreadsheet names columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `mentors.csv, row 4, column C (goals)`: where a problem is, as the coordinator will look for it. */
export function place(table: Pick<CsvTable, 'file' | 'header'>, row: number, column?: number): string {
  const at = `${table.file}, row ${row}`;
  if (column === undefined) return at;
  const name = table.header[column];
  return `${at}, column ${columnLetter(column)}${name ? ` (${name})` : ''}`;
}

/**
 * Reads CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks; a UTF-8 byte
 * order mark, as spreadsheets write, is dropped). Cells are trimmed; rows whose cells are all
 * empty are skipped, and a row with another number of cells than the header is an error.
 */
export function readCsv(text: string, file: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (err) {
    if (err instanceof CsvError) throw new CsvInputError([`${file}: not readable as CSV: ${err.message}`]);
    throw err;
  }
  const [first, ...rest] = records;
  if (!first || first.every((c) => c === '')) throw new CsvInputError([`${file}, row 1: no header row (the file is empty)`]);
  const table: CsvTable = { file, header: first.map((c) => c.toLowerCase()), rows: [] };
  const issues: string[] = [];
  rest.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c === '')) return;
    if (cells.length !== table.header.length) {
      issues.push(`${place(table, row)}: ${cells.length} cells, but the header has ${table.header.length} columns`);
    } else table.rows.push({ row, cells });
  });
  if (issues.length > 0) throw new CsvInputError(issues);
  return table;
}

/** At most this many problems are listed; the rest are counted. */
export const MAX_ISSUES = 20;

export function throwIssues(issues: string[]): void {
  if (issues.length === 0) return;
  const shown = issues.slice(0, MAX_ISSUES);
  if (issues.length > MAX_ISSUES) shown.push(`…and ${issues.length - MAX_ISSUES} more problems`);
  throw new CsvInputError(shown);
}
