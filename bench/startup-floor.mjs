/**
 * The floor of a PGlite start-up, as a bare Node script (no TypeScript, nothing of mentorbot's):
 * `node bench/startup-floor.mjs new|open|load <dir> [image.tar.gz]` creates a new database in
 * dir (initdb), opens the existing one there, or creates one from a prepared image (PGlite's own
 * `loadDataDir`), runs one query and closes. bench/startup.ts times it as a whole process.
 */
import { Blob } from 'node:buffer';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { PGlite } from '@electric-sql/pglite';

const [mode, dir, image] = process.argv.slice(2);
if (!['new', 'open', 'load'].includes(mode ?? '') || !dir || (mode === 'load' && !image)) {
  process.stderr.write('usage: node bench/startup-floor.mjs new|open|load <dir> [image.tar.gz]\n');
  process.exit(2);
}
const pglite = mode === 'load' ? new PGlite(dir, { loadDataDir: new Blob([readFileSync(image)]) }) : new PGlite(dir);
await pglite.waitReady;
await pglite.query('select 1');
await pglite.close();
