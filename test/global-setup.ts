import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../src/db/client.js';
import { PG_TEMPLATE, withDatabase } from './support/pg-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string | null;
  }
}

/**
 * Migrates once, then every test file starts from a copy: a PGlite data-dir dump, and on
 * PostgreSQL a template database (CREATE DATABASE ... TEMPLATE is a cheap file copy).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'mentorbot-test-'));
  const pglite = new PGlite();
  const database = openPglite(pglite);
  await database.migrate();
  const dump = await pglite.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
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
