import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MIGRATIONS_DIR, migrationsApplied, openPglite, queryRows, sql } from '../../src/db/client.js';
import { ensurePgliteImage, openPgliteDir, pgliteImageKey, pgliteImagePath, readPgliteImage, savePgliteImage } from '../../src/db/pglite-image.js';
import { readTar } from '../../src/db/tar.js';

const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `mentorbot-image-${prefix}-`));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A cache directory holding a good image: the one the test suite's databases start from. */
function cacheWithImage(): { cacheDir: string; file: string } {
  const cacheDir = temp('cache');
  const file = pgliteImagePath({ migrationsDir: MIGRATIONS_DIR, cacheDir });
  writeFileSync(file, gzipSync(readFileSync(inject('pgliteTemplate'))));
  return { cacheDir, file };
}

async function appliedMigrations(dir: string, cacheDir: string) {
  const { pglite, source } = await openPgliteDir(dir, { migrationsDir: MIGRATIONS_DIR, cacheDir });
  const database = openPglite(pglite);
  try {
    const count = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]?.n;
    const before = await count();
    await database.migrate();
    const [buffers] = await queryRows<{ shared_buffers: string }>(database.db, sql`show shared_buffers`);
    return { source, before, after: await count(), sharedBuffers: buffers?.shared_buffers };
  } finally {
    await database.close();
  }
}

describe('the prepared PGlite image', () => {
  it('is keyed by the migrations: any change of a name or a content changes the key, their location does not', () => {
    const copy = temp('migrations');
    cpSync(MIGRATIONS_DIR, copy, { recursive: true });
    const key = pgliteImageKey(MIGRATIONS_DIR);
    expect(pgliteImageKey(copy)).toBe(key);
    writeFileSync(join(copy, '0000_foundation.sql'), `${readFileSync(join(copy, '0000_foundation.sql'), 'utf8')}\n-- edited\n`);
    const edited = pgliteImageKey(copy);
    expect(edited).not.toBe(key);
    writeFileSync(join(copy, '9999_next.sql'), 'select 1;');
    expect(pgliteImageKey(copy)).not.toBe(edited);
  });

  it('makes a new data directory with every migration applied, which is then opened as an existing one', async () => {
    const { cacheDir } = cacheWithImage();
    const dir = join(temp('data'), 'pglite');
    // The embedded server's small buffer pool (a program's database is a few megabytes).
    expect(await appliedMigrations(dir, cacheDir)).toEqual({ source: 'image', before: journal.entries.length, after: journal.entries.length, sharedBuffers: '16MB' });
    expect(await appliedMigrations(dir, cacheDir)).toMatchObject({ source: 'existing', sharedBuffers: '16MB' });
    expect(readdirSync(join(dir, '..'))).toEqual(['pglite']);
  });

  it('is migrated again only when the journal has an entry newer than the newest applied', async () => {
    const pglite = new PGlite({ loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    try {
      expect(await migrationsApplied(pglite)).toBe(true);
      const ahead = temp('migrations');
      cpSync(MIGRATIONS_DIR, ahead, { recursive: true });
      const file = join(ahead, 'meta', '_journal.json');
      const next = JSON.parse(readFileSync(file, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
      const last = next.entries.at(-1) as { idx: number; when: number; tag: string };
      next.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: '9999_next' });
      writeFileSync(file, JSON.stringify(next));
      expect(await migrationsApplied(pglite, ahead)).toBe(false);
      await pglite.exec('drop schema drizzle cascade');
      expect(await migrationsApplied(pglite)).toBe(false);
    } finally {
      await pglite.close();
    }
  });

  it('checks what it reads: a damaged header, a truncated archive or an escaping path is refused', () => {
    const tar = readFileSync(inject('pgliteTemplate'));
    expect(readTar(tar).some((e) => e.path === 'PG_VERSION')).toBe(true);
    const flipped = Buffer.from(tar);
    flipped[10] = (flipped[10] as number) ^ 0xff;
    expect(() => readTar(flipped)).toThrow(/checksum/);
    expect(() => readTar(tar.subarray(0, tar.length - 8192 * 4 - 1000))).toThrow();
    const escaping = Buffer.from(tar.subarray(0, 512));
    escaping.write('../../etc/passwd\0', 0, 'utf8');
    let sum = 0;
    escaping.fill(0x20, 148, 156);
    for (const byte of escaping) sum += byte;
    escaping.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'utf8');
    expect(() => readTar(Buffer.concat([escaping, Buffer.alloc(4096)]))).toThrow(/unsafe path/);
  });

  it('is saved atomically, and a cache that cannot be written is no error', () => {
    const { file } = cacheWithImage();
    expect(savePgliteImage(file, readFileSync(file))).toBe(true);
    const notADirectory = join(temp('cache'), 'file');
    writeFileSync(notADirectory, '');
    expect(savePgliteImage(join(notADirectory, 'pglite-x.tar.gz'), readFileSync(file))).toBe(false);
  });

  it('is built when missing, and survives concurrent builders: readers only ever see a whole image', async () => {
    const cacheDir = temp('cache');
    const file = pgliteImagePath({ migrationsDir: MIGRATIONS_DIR, cacheDir });
    const built = await ensurePgliteImage({ migrationsDir: MIGRATIONS_DIR, cacheDir });
    expect(readPgliteImage(file)?.tar.equals(built.tar)).toBe(true);

    const source = join(temp('source'), 'image.tar.gz');
    writeFileSync(source, readFileSync(file));
    const writers = [1, 2, 3].map(() => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/image-writer.ts', file, source, '15'], { stdio: 'inherit' });
      child.on('exit', resolve);
    }));
    let reads = 0;
    let running = true;
    void Promise.all(writers).then(() => (running = false));
    while (running) {
      expect(readPgliteImage(file)).not.toBeNull();
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await Promise.all(writers)).toEqual([0, 0, 0]);
    expect(reads).toBeGreaterThan(0);
    expect(readdirSync(cacheDir)).toEqual([file.split('/').at(-1)]);
  }, 180_000);

  it('is rebuilt when damaged: the new database is made by initdb and migrated, and the image saved again', async () => {
    const { cacheDir, file } = cacheWithImage();
    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, good.length >> 1));
    expect(readPgliteImage(file)).toBeNull();
    const dir = join(temp('data'), 'pglite');
    expect(await appliedMigrations(dir, cacheDir)).toMatchObject({ source: 'initdb', before: journal.entries.length, after: journal.entries.length });
    expect(readPgliteImage(file)).not.toBeNull();
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
  }, 180_000);
});
