import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { openPglite, type Database } from '../src/db/client.js';
import { openPostgres } from '../src/db/postgres.js';

/**
 * A migrated scratch database that close() removes: a fresh PostgreSQL database when a URL is
 * given, else PGlite in a temp directory (on disk like the bot's own, so table data is not
 * counted as process memory).
 */
export async function scratchDatabase(url: string | undefined, options: { max?: number } = {}): Promise<Database> {
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-bench-'));
    const database = openPglite(new PGlite(dir));
    await database.migrate();
    return {
      ...database,
      async close() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `mentorbot_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = openPostgres(target.toString(), options);
  await database.migrate();
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => undefined });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The p-th percentile (0-100) of ascending samples, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}
