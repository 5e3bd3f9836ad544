import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS_DIR } from '../src/db/client.js';
import { openPostgres } from '../src/db/postgres.js';
import { ensurePgliteImage } from '../src/db/pglite-image.js';
import { PG_TEMPLATE, withDatabase } from './support/pg-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string | null;
  }
}

/**
 * Every test file starts from a copy of a migrated database: on PGlite the prepared image that
 * `npm start` uses too (src/db/pglite-image.ts; cached across runs, so no initdb unless the
 * migrations changed), and on PostgreSQL a template database (CREATE DATABASE ... TEMPLATE is a
 * cheap file copy).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'mentorbot-test-'));
  // Uncompressed, so that each test's loadDataDir skips the gunzip.
  const file = join(dir, 'template.tar');
  writeFileSync(file, (await ensurePgliteImage({ migrationsDir: MIGRATIONS_DIR })).tar);
  project.provide('pgliteTemplate', file);

  const url = process.env.TEST_DATABASE_URL;
  project.provide('pgTemplate', url ? PG_TEMPLATE : null);
  if (url) {
    const admin = postgres(url, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists ${PG_TEMPLATE} with (force)`);
    await admin.unsafe(`create database ${PG_TEMPLATE}`);
    const template = openPostgres(withDatabase(url, PG_TEMPLATE), { max: 1 });
    await template.migrate();
    await template.close();
    await admin.end();
  }
  return async () => rmSync(dir, { recursive: true, force: true });
}
