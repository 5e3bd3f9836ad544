import type { FileAttachment } from '../../core/render.js';
import type { sql, Db } from '../../db/client.js';
import { csvFile } from '../exports/csv-file.js';
import type { pseudonymiser } from './pseudonyms.js';
import { MIN_PEOPLE, suppressSmallCategories } from './suppress.js';

export type Row = Record<string, unknown>;

interface Column {
  name: string;
  meaning: string;
  /** A category describing people: values fewer than MIN_PEOPLE share are suppressed. */
  category?: true;
}

/** One file of the data set, its columns described once for both the file and the dictionary. */
export interface DatasetFile {
  name: string;
  about: string;
  columns: Column[];
  rows: Row[];
  /** The pseudonyms of the people a row is about, for the small-category rule. */
  people(row: Row): string[];
}

/** What each file's query needs: the program, its pseudonyms, and a column as a day in its zone. */
export interface FileContext {
  db: Db;
  programId: string;
  p: ReturnType<typeof pseudonymiser>;
  localDay(column: string): ReturnType<typeof sql.raw>;
  /** The export's instant: how long an open match has run. */
  now: Date;
}

export const DAY = 'days since the match started (negative: before it)';

/** The CSV files, rare categories suppressed and rows in pseudonym order, then the data dictionary generated from their columns. */
export function datasetCsvs(files: readonly DatasetFile[]): FileAttachment[] {
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
