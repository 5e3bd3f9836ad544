/**
 * `npm run match -- --program <yaml> --mentors mentors.csv --mentees mentees.csv
 *   [--exclude pairs.csv] [--out proposals.csv] [--scores scores.csv] [--at <ISO instant>]`
 *
 * Matching for coordinators who collected applications elsewhere: no database, no chat. Reads the
 * program's criteria and the two spreadsheets, proposes pairs with the reasons for each, and says
 * why anyone is left over. Without --out the proposals go to standard output; the summary always
 * goes to standard error. --at fixes the instant time zones are compared at (default: now).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CsvInputError } from '../src/domain/matching/csv-read.js';
import { matchFromCsv, type CsvFile } from '../src/domain/matching/csv-match.js';
import { ProgramDefinitionError } from '../src/domain/programs/definition.js';
import { loadProgramFile } from '../src/domain/programs/load-program.js';

const USAGE = `usage: npm run match -- --program <program.yaml> --mentors <mentors.csv> --mentees <mentees.csv>
         [--exclude <pairs.csv>] [--out <proposals.csv>] [--scores <scores.csv>] [--at <ISO instant>]`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** Runs the command; resolves to the exit code (0 done, 1 bad input, 2 bad usage). */
export async function main(argv: string[], io: Io = processIo, now: () => Date = () => new Date()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        program: { type: 'string' },
        mentors: { type: 'string' },
        mentees: { type: 'string' },
        exclude: { type: 'string' },
        out: { type: 'string' },
        scores: { type: 'string' },
        at: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.stderr(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const missing = (['program', 'mentors', 'mentees'] as const).filter((k) => !values[k]);
  if (missing.length > 0) {
    io.stderr(`missing ${missing.map((k) => `--${k}`).join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const at = values.at === undefined ? now() : new Date(values.at);
  if (Number.isNaN(at.getTime())) {
    io.stderr(`--at: expected an ISO date and time such as 2026-03-01T12:00:00Z, got "${values.at}"\n`);
    return 2;
  }

  try {
    const program = await loadProgramFile(values.program!);
    const read = async (file: string): Promise<CsvFile> => ({ file, text: await readFile(file, 'utf8') });
    const result = matchFromCsv({
      program,
      at,
      mentors: await read(values.mentors!),
      mentees: await read(values.mentees!),
      ...(values.exclude ? { exclusions: await read(values.exclude) } : {}),
    });
    if (values.out) await writeFile(values.out, result.proposals);
    else io.stdout(result.proposals);
    if (values.scores) await writeFile(values.scores, result.scores);
    io.stderr(`${result.summary.join('\n')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CsvInputError || err instanceof ProgramDefinitionError) io.stderr(`${err.message}\n`);
    else if (isFsError(err)) io.stderr(`${err.path}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.code === 'EISDIR' ? 'a folder, not a file' : err.message}\n`);
    else throw err;
    return 1;
  }
}

function isFsError(err: unknown): err is NodeJS.ErrnoException & { path: string } {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && typeof (err as NodeJS.ErrnoException).path === 'string';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
