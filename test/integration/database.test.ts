import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type Database } from '../../src/db/client.js';
import { workspaces } from '../../src/db/schema/index.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';

describe.each(databaseKinds())('database on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('starts migrated and empty, and applying migrations again is a no-op', async () => {
    await database.migrate();
    const tables = await queryRows<{ name: string }>(
      database.db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['workspaces', 'people', 'programs', 'program_roles', 'audit_log', 'outbox', 'scheduler_runs']),
    );
    expect(await database.db.select().from(workspaces)).toEqual([]);
  });

  it('enforces one workspace per platform identity', async () => {
    await database.db.insert(workspaces).values({ platform: 'slack', externalId: 'T1' });
    await expect(database.db.insert(workspaces).values({ platform: 'slack', externalId: 'T1' })).rejects.toThrow();
  });
});
