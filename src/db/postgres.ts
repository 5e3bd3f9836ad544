import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { MIGRATIONS_DIR, type Database, type Db } from './client.js';
import * as schema from './schema/index.js';

/**
 * PostgreSQL through the `postgres` driver. Kept apart from client.ts so that a start on PGlite
 * (the terminal, `npm start` with no DATABASE_URL) never loads the driver: createDatabase
 * imports this module only for a URL.
 */

// Any fixed number shared by all replicas: start-up migrations run one replica at a time.
const MIGRATION_LOCK = 7_202_611;

export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => undefined });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const lock = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => undefined);
        await lock.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}
