import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { DeliveryError } from '../../src/core/errors.js';
import { fileBytes, type FileAttachment } from '../../src/core/render.js';

/** Enough for any day's exports; past it something is wrong with the directory, not the name. */
const MAX_SUFFIX = 10_000;

/**
 * Saves a file under `dir` (created if missing) and returns its path. An earlier file of the
 * same name is never overwritten: `work-plans.csv`, then `work-plans-2.csv`, ... Each name is
 * claimed with an exclusive create, so two saves at once cannot pick the same one.
 */
export async function saveExport(dir: string, file: FileAttachment): Promise<string> {
  // The outbox schema allows only [A-Za-z0-9._-]; basename keeps a bad name inside dir anyway.
  const name = basename(file.name);
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  try {
    await mkdir(dir, { recursive: true });
    for (let n = 1; n <= MAX_SUFFIX; n++) {
      const path = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
      try {
        await writeFile(path, fileBytes(file), { flag: 'wx' });
        return path;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error(`${MAX_SUFFIX} files named like ${name} already exist`);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    // Retrying will not make the directory writable: a coordinator is told instead.
    throw new DeliveryError(`Could not save ${name} in ${dir} (EXPORT_DIR): ${reason}`, { permanent: true, code: 'export_not_saved' });
  }
}

/** A path as a person would type it: relative to where they started the bot, when inside it. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(path);
}

/** Counts CSV records, a quoted field's line breaks being part of its record. */
function csvRecords(text: string): number {
  let records = 0;
  let quoted = false;
  let empty = true;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === '\n' && !quoted) {
      if (!empty) records++;
      empty = true;
    } else if (ch !== '\r') empty = false;
  }
  return empty ? records : records + 1;
}

/** What the file holds, in words: `a header and 3 rows`, `12 lines`, `2.1 kB`. */
export function describeContent(file: FileAttachment): string {
  if (file.mediaType === 'text/csv') {
    const rows = csvRecords(file.text) - 1;
    return rows <= 0 ? 'a header and no rows' : `a header and ${rows} ${rows === 1 ? 'row' : 'rows'}`;
  }
  if (file.mediaType === 'text/plain') {
    const lines = file.text.split('\n').length - (file.text.endsWith('\n') ? 1 : 0);
    return `${lines} ${lines === 1 ? 'line' : 'lines'}`;
  }
  const bytes = fileBytes(file).length;
  return bytes < 1000 ? `${bytes} bytes` : `${(bytes / 1000).toFixed(1)} kB`;
}
