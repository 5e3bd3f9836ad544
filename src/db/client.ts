import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { openPgliteDir, type PgliteSource } from './pglite-image.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** PGlite on disk: whether this start found its database, made it from the image, or ran initdb. */
  source?: PgliteSource;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export function openPglite(pglite: PGlite): Database {
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      if (await migrationsApplied(pglite)) return;
      await migratePglite(drizzlePglite(pglite), { migrationsFolder: MIGRATIONS_DIR });
    },
    close: () => pglite.close(),
  };
}

/**
 * Whether drizzle's migrator would find nothing to do: it applies each entry of the journal
 * (migrations/meta/_journal.json) whose `when` is later than the newest `created_at` it has
 * recorded. Asked in one query, where the migrator reads and hashes every migration file and runs
 * five statements, two of them DDL, at every start. No migrations table yet: false, and the
 * migrator makes it.
 */
export async function migrationsApplied(pglite: PGlite, migrationsDir = MIGRATIONS_DIR): Promise<boolean> {
  let recorded: string | null | undefined;
  try {
    const result = await pglite.query<{ newest: string | null }>('select max(created_at)::text as newest from drizzle.__drizzle_migrations');
    recorded = result.rows[0]?.newest;
  } catch {
    return false;
  }
  if (recorded == null) return false;
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return journal.entries.every((entry) => entry.when <= Number(recorded));
}

/**
 * PostgreSQL when a URL is given, otherwise PGlite stored on disk under dataDir: a new one is
 * made from the prepared image (src/db/pglite-image.ts) rather than by initdb. The PostgreSQL
 * driver (src/db/postgres.ts) is only loaded when it is used.
 */
export async function createDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (options.databaseUrl) return (await import('./postgres.js')).openPostgres(options.databaseUrl);
  const { pglite, source } = await openPgliteDir(join(options.dataDir, 'pglite'), { migrationsDir: MIGRATIONS_DIR });
  return { ...openPglite(pglite), source };
}

/** Rows of a raw statement; the two drivers shape results differently. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

export { sql };
