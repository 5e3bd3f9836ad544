import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openPglite, type Database } from '../../src/db/client.js';
import { openPostgres } from '../../src/db/postgres.js';
import { withDatabase } from './pg-url.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function databaseKinds(): DatabaseKind[] {
  return inject('pgTemplate') ? ['pglite', 'postgres'] : ['pglite'];
}

/** A migrated, empty database of its own for one test file. */
export async function openTestDatabase(kind: DatabaseKind, options: { max?: number } = {}): Promise<Database> {
  if (kind === 'pglite') {
    const dump = readFileSync(inject('pgliteTemplate'));
    const pglite = new PGlite({ loadDataDir: new Blob([dump]) });
    await pglite.waitReady;
    return openPglite(pglite);
  }
  const url = process.env.TEST_DATABASE_URL as string;
  const template = inject('pgTemplate') as string;
  const name = `mentorbot_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name} template ${template}`);
  await admin.end();
  const database = openPostgres(withDatabase(url, name), options);
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
