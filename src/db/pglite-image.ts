import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { readTar, writeTarEntries, type TarEntry } from './tar.js';

/**
 * A prepared PGlite image: the gzipped data directory (PGlite's `dumpDataDir`) of a database
 * that has been through initdb and every migration. A new database is made from it in a
 * fraction of initdb's time and memory. It is cached on disk, keyed by the migrations and the
 * PGlite version, and rebuilt whenever it is missing or damaged; migrations still run on every
 * database made from it, so nothing depends on the cache being right.
 */

/** Bump when the way an image is made changes, so old caches are not reused. */
const IMAGE_FORMAT = 1;
const require = createRequire(import.meta.url);

export interface ImageOptions {
  migrationsDir: string;
  /** Default: MENTORBOT_CACHE_DIR, else node_modules/.cache/mentorbot. */
  cacheDir?: string;
}

/** Where images are kept: MENTORBOT_CACHE_DIR, else the project's node_modules/.cache/mentorbot. */
export function cacheDir(): string {
  const configured = process.env.MENTORBOT_CACHE_DIR?.trim();
  if (configured) return configured;
  const entry = require.resolve('@electric-sql/pglite');
  const at = entry.lastIndexOf(`${sep}node_modules${sep}`);
  return join(entry.slice(0, at), 'node_modules', '.cache', 'mentorbot');
}

/** Changes whenever a migration file (name or content), the PGlite version or the image format does. */
export function pgliteImageKey(migrationsDir: string): string {
  const hash = createHash('sha256').update(`format ${IMAGE_FORMAT}\npglite ${pgliteVersion()}\n`);
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const file of walk(migrationsDir).sort()) {
    hash.update(`${relative(migrationsDir, file).split(sep).join('/')}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export function pgliteImagePath(options: ImageOptions): string {
  return join(options.cacheDir ?? cacheDir(), `pglite-${pgliteImageKey(options.migrationsDir)}.tar.gz`);
}

export interface PgliteImage {
  /** The data directory as an uncompressed tar (what `loadDataDir` takes). */
  tar: Buffer;
  entries: TarEntry[];
}

/** The image, checked (gzip's CRC, every tar header, PG_VERSION present); null when missing or damaged. */
export function readPgliteImage(file: string): PgliteImage | null {
  let gzip: Buffer;
  try {
    gzip = readFileSync(file);
  } catch {
    return null;
  }
  try {
    return parseImage(gzip);
  } catch {
    return null;
  }
}

function parseImage(gzip: Buffer): PgliteImage {
  const tar = gunzipSync(gzip);
  const entries = readTar(tar);
  if (!entries.some((e) => e.path === 'PG_VERSION' && e.type === 'file')) throw new Error('pglite image: no PG_VERSION');
  return { tar, entries };
}

/** The gzipped data directory of a (migrated) PGlite. */
export async function dumpPgliteImage(pglite: PGlite): Promise<Buffer> {
  return Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
}

/**
 * Writes an image atomically (a temporary file renamed into place), so
 * concurrent builders and readers only ever see a whole image. False when the cache cannot be
 * written (a read-only install): the caller goes on without it.
 */
export function savePgliteImage(file: string, gzip: Buffer): boolean {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, gzip);
    renameSync(temp, file);
    pruneCache(dirname(file), file);
    return true;
  } catch {
    removeQuietly(temp);
    return false;
  }
}

/** The image, building it (in memory: initdb and migrations) when missing or damaged. */
export async function ensurePgliteImage(options: ImageOptions): Promise<PgliteImage> {
  const file = pgliteImagePath(options);
  const cached = readPgliteImage(file);
  if (cached) return cached;
  const pglite = new PGlite();
  try {
    await migrate(drizzle(pglite), { migrationsFolder: options.migrationsDir });
    const gzip = await dumpPgliteImage(pglite);
    savePgliteImage(file, gzip);
    return parseImage(gzip);
  } finally {
    await pglite.close();
  }
}

export type PgliteSource = 'existing' | 'image' | 'initdb';

/**
 * The embedded server's buffer pool: PGlite's default 128 MB is allocated and touched at every
 * open, where a program's database is a few megabytes, cached by the OS besides. 16 MB opens
 * about 70 ms sooner and keeps 140 MB less resident (bench/startup.ts).
 */
const EMBEDDED: Pick<PGliteOptions, 'startParams'> = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] };

/**
 * PGlite stored in dir. A new directory is unpacked from the image (then opened like an existing
 * one); with no usable image it is made by initdb and migrated, and its image saved for next time.
 */
export async function openPgliteDir(dir: string, options: ImageOptions): Promise<{ pglite: PGlite; source: PgliteSource }> {
  const preloaded = { ...(await takePglitePreload()), ...EMBEDDED };
  if (existsSync(join(dir, 'PG_VERSION'))) return { pglite: await ready(new PGlite(dir, preloaded)), source: 'existing' };
  const file = pgliteImagePath(options);
  const image = readPgliteImage(file);
  if (image && unpackInto(dir, image.entries)) return { pglite: await ready(new PGlite(dir, preloaded)), source: 'image' };
  mkdirSync(dir, { recursive: true });
  const pglite = await ready(new PGlite(dir, preloaded));
  await migrate(drizzle(pglite), { migrationsFolder: options.migrationsDir });
  savePgliteImage(file, await dumpPgliteImage(pglite));
  return { pglite, source: 'initdb' };
}

/** Unpacks next to dir, then renames into place: a crash never leaves half a database. */
function unpackInto(dir: string, entries: readonly TarEntry[]): boolean {
  const temp = `${dir}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(temp, { recursive: true });
    writeTarEntries(temp, entries);
    renameSync(temp, dir);
    return true;
  } catch {
    // dir holds something that is not a database (or another process won the race): leave it to PGlite.
    removeQuietly(temp);
    return existsSync(join(dir, 'PG_VERSION'));
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Never made (its directory cannot be written): nothing to remove.
  }
}

/** Where scripts/start.mjs leaves the PGlite module it compiles ahead (its preloadPglite). */
const PRELOAD = Symbol.for('mentorbot.pglitePreload');

interface PglitePreload {
  /** PGlite's dist folder the module was compiled from. */
  dist: string;
  pgliteWasmModule: WebAssembly.Module;
}

/**
 * The compiled PGlite module scripts/start.mjs started on, as PGlite options; taken once, by
 * the first database opened. Empty (PGlite compiles its own) without `npm start`, when the
 * compile failed, or when it came from another copy of PGlite than the one imported here.
 */
async function takePglitePreload(): Promise<Pick<PGliteOptions, 'pgliteWasmModule'>> {
  const holder = globalThis as { [PRELOAD]?: Promise<PglitePreload> };
  const preload = holder[PRELOAD];
  if (!preload) return {};
  delete holder[PRELOAD];
  try {
    const { dist, pgliteWasmModule } = await preload;
    return dist === dirname(require.resolve('@electric-sql/pglite')) ? { pgliteWasmModule } : {};
  } catch {
    return {};
  }
}

async function ready(pglite: PGlite): Promise<PGlite> {
  await pglite.waitReady;
  return pglite;
}

function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

const STALE_MS = 30 * 86_400_000;

/** Removes other images unused for 30 days and temporary files an interrupted build left. */
function pruneCache(dir: string, keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep || !name.startsWith('pglite-')) continue;
    try {
      const age = now - statSync(path).mtimeMs;
      if ((name.endsWith('.tmp') && age > 3_600_000) || age > STALE_MS) rmSync(path, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
}
