import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { ChatRouter } from '../../src/core/chat.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Database } from '../../src/db/client.js';
import { ProgramCatalog } from '../../src/domain/programs/catalog.js';
import { loadPrograms } from '../../src/domain/programs/load-program.js';
import { openTestDatabase, type DatabaseKind } from './databases.js';

export interface TestApp {
  app: App;
  database: Database;
  chat: ChatRouter;
  clock: ManualClock;
  catalog: ProgramCatalog;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  /** A new app process on the same database, as after a crash or a deploy (optionally with other program files). */
  restart(options?: { programFiles?: string[] }): Promise<App>;
  close(): Promise<void>;
}

/**
 * The whole neutral bot on a fresh test database with a manual clock. Register an adapter (or
 * a fake) on `chat` before sending events; `app.drain()` delivers what the outbox holds.
 */
export async function createTestApp(
  kind: DatabaseKind,
  options: { programFiles?: string[]; coordinators?: string[]; start?: Date; dbMax?: number } = {},
): Promise<TestApp> {
  const database = await openTestDatabase(kind, { max: options.dbMax });
  let catalog = new ProgramCatalog(await loadPrograms(options.programFiles ?? ['examples/workplace.yaml']));
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const chat = new ChatRouter();
  const clock = new ManualClock(options.start ?? new Date('2026-11-23T09:00:00Z'));
  const logger = createLogger({ level: 'debug', destination });
  const build = () => createApp({
    db: database.db,
    chat,
    clock,
    logger,
    catalog,
    coordinators: options.coordinators ?? [],
    schedule: '* * * * *',
    timezone: 'UTC',
    workers: 0,
    drainAfterEvents: false,
  });
  let app = build();
  return {
    get app() {
      return app;
    },
    database,
    chat,
    clock,
    logs,
    get catalog() {
      return catalog;
    },
    async restart(again = {}) {
      await app.stop();
      if (again.programFiles) catalog = new ProgramCatalog(await loadPrograms(again.programFiles));
      app = build();
      return app;
    },
    async close() {
      await app.stop();
      await database.close();
    },
  };
}
