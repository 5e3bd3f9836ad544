import { pino } from 'pino';
import { runTerminal } from '../adapters/terminal/run-terminal.js';
import { TERMINAL_WORKSPACE, TerminalChat } from '../adapters/terminal/terminal-chat.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ChatRouter } from './core/chat.js';
import { OffsetClock } from './core/clock.js';
import { createLogger } from './core/logger.js';
import { createDatabase } from './db/client.js';
import { ProgramCatalog } from './domain/programs/catalog.js';
import { loadPrograms } from './domain/programs/load-program.js';
import { ProgramDefinitionError } from './domain/programs/definition.js';

/** Composition root: config -> db -> migrate -> programs -> bot -> adapter -> scheduler. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  // The terminal owns stdout for the conversation; logs go to stderr there.
  const logger = createLogger({ level: config.LOG_LEVEL, destination: pino.destination(2) });
  const catalog = new ProgramCatalog(await loadPrograms(config.PROGRAM_FILE));
  const database = createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await database.migrate();

  const chat = new ChatRouter();
  const clock = new OffsetClock();
  const write = (line: string) => process.stdout.write(`${line}\n`);
  chat.register(new TerminalChat(write));
  const app = createApp({
    db: database.db,
    chat,
    clock,
    logger,
    catalog,
    coordinators: config.COORDINATORS,
    schedule: config.SCHEDULE,
    timezone: config.TZ,
    workers: 0,
    drainAfterEvents: false,
  });
  app.scheduler.start();
  logger.info(
    { storage: database.kind, programs: catalog.all().length, startupMs: Math.round(performance.now() - startedAt) },
    'mentorbot ready (terminal)',
  );

  await runTerminal(
    {
      handle: (event) => app.bot.handle(event),
      drain: app.drain,
      grantCoordinator: (user) => app.grantCoordinator('terminal', TERMINAL_WORKSPACE, user),
      advance: (ms) => app.advanceClock(ms),
    },
    { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true },
  );
  await app.stop();
  await database.close();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ProgramDefinitionError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`mentorbot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
