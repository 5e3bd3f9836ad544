import { readFile } from 'node:fs/promises';
import type { App } from './app.js';
import { CsvInputError } from './domain/matching/csv-read.js';

/** The terminal's `:import`: reads the file, loads it, and says what happened in lines to print. */
export async function importForTerminal(app: Pick<App, 'importApplicants'>, workspace: string, role: 'mentor' | 'mentee', path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return [`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}. Nothing was imported.`];
  }
  try {
    const result = await app.importApplicants('terminal', workspace, role, text, path);
    const lines = [`Imported ${result.imported.length} ${role}${result.imported.length === 1 ? '' : 's'} into ${result.program} as approved participants, ready to match: ${result.imported.join(', ') || 'nobody new'}.`];
    if (result.skipped.length > 0) lines.push(`Skipped ${result.skipped.join(', ')}: already applied.`);
    return lines;
  } catch (error) {
    if (!(error instanceof CsvInputError)) throw error;
    return [`${path} was not imported:`, ...error.issues.map((i) => `  ${i}`)];
  }
}
