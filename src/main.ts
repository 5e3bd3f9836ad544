import { importForTerminal } from './terminal-import.js';
import { pino } from 'pino';
// Only the adapters' settings are imported up front: Bolt and discord.js take a second to load,
// so each adapter is imported when its token is set, and the terminal never loads them.
import { DiscordConfigError, loadDiscordConfig } from '../adapters/discord/config.js';
import { loadSlackConfig, wantsSlack } from '../adapters/slack/config.js';
import { runTerminal } from '../adapters/terminal/run-terminal.js';
import { TERMINAL_WORKSPACE, TerminalChat } from '../adapters/terminal/terminal-chat.js';
import { createApp, type App } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ChatRouter } from './core/chat.js';
import { OffsetClock, systemClock } from './core/clock.js';
import { createLogger, type Logger } from './core/logger.js';
import { createDatabase } from './db/client.js';
import { ProgramCatalog } from './domain/programs/catalog.js';
import { ProgramDefinitionError } from './domain/programs/definition.js';
import { loadPrograms } from './domain/programs/load-program.js';
import { installProcessSafety } from './process-safety.js';

/**
 * Composition root: config -> programs -> db -> migrate -> bot -> adapters -> scheduler.
 * Slack and/or Discord when their tokens are set; otherwise the terminal.
 */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const releaseLoop = keepLoopAlive();
  const config = loadConfig();
  // Adapter settings are checked before anything is opened, so a typo stops start-up at once.
  const slackConfig = wantsSlack(process.env) ? loadSlackConfig(process.env) : null;
  const discordConfig = loadDiscordConfig(process.env);
  const terminal = !slackConfig && !discordConfig;
  // The terminal owns stdout for the conversation; its logs go to stderr. A person reads both
  // on one screen, scripted or interactive, so info lines would land between the bot's own:
  // warn unless LOG_LEVEL says otherwise.
  const interactive = terminal && process.stdin.isTTY === true;
  const level = terminal && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
  const logger = createLogger({ level, destination: pino.destination(terminal ? 2 : 1) });
  installProcessSafety({ logger });
  const catalog = new ProgramCatalog(await loadPrograms(config.PROGRAM_FILE));
  // A new PGlite directory is made from the prepared image; migrations run either way.
  const database = await createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await database.migrate();

  const chat = new ChatRouter();
  const clock = terminal ? new OffsetClock() : systemClock;
  const app = createApp({
    db: database.db,
    chat,
    clock,
    logger,
    catalog,
    coordinators: config.COORDINATORS,
    schedule: config.SCHEDULE,
    timezone: config.TZ,
    workers: terminal ? 0 : config.OUTBOX_WORKERS,
    drainAfterEvents: !terminal,
  });
  const ready = (adapters: string) =>
    logger.info({ storage: database.kind, pglite: database.source, adapters, startupMs: Math.round(performance.now() - startedAt) }, 'mentorbot ready');

  if (terminal) {
    chat.register(new TerminalChat((line) => process.stdout.write(`${line}\n`), config.EXPORT_DIR));
    await app.bootstrapCoordinators('terminal', TERMINAL_WORKSPACE);
    // What was queued but not delivered before the last exit (a crash, Ctrl-C mid-drain) is
    // shown now, not after the person's next line: the terminal has no polling worker.
    await app.drain();
    app.scheduler.start();
    ready('terminal');
    try {
      // Held until input ends: a long script can pause stdin while its lines queue up.
      await runTerminal(terminalHost(app), { input: process.stdin, output: process.stdout, interactive });
    } finally {
      releaseLoop();
    }
    await app.stop();
    await database.close();
    return;
  }

  const stops: (() => Promise<void>)[] = [];
  if (slackConfig) {
    const { createSlackAdapter } = await import('../adapters/slack/index.js');
    const slack = createSlackAdapter({ config: slackConfig, host: { handle: (e) => app.bot.handle(e), home: (a) => app.home(a), recordProfile: (a, p) => app.recordProfile(a, p), dmChannels: app.dmChannels, commands: app.bot.commands }, logger });
    chat.register(slack.chat);
    await slack.start();
    if (slack.workspace) await app.bootstrapCoordinators('slack', slack.workspace);
    stops.push(() => slack.stop());
  }
  if (discordConfig) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.js');
    const programs = catalog.all().map((p) => p.definition.slug);
    const discord = createDiscordAdapter({ config: discordConfig, host: { handle: (e) => app.bot.handle(e), commands: app.bot.commands, dmChannels: app.dmChannels }, programs, logger });
    chat.register(discord.chat);
    await discord.start();
    if (discordConfig.guildId) await app.bootstrapCoordinators('discord', discordConfig.guildId);
    stops.push(() => discord.stop());
  }
  app.start();
  ready([slackConfig && 'slack', discordConfig && 'discord'].filter(Boolean).join(','));
  // From here the adapters' sockets keep the process up, as before.
  releaseLoop();
  await shutdownOn(['SIGINT', 'SIGTERM'], logger);
  await Promise.allSettled(stops.map((stop) => stop()));
  await app.stop();
  await database.close();
}

/**
 * Holds the event loop open through start-up; returns the release. Start-up is promise chains
 * with hardly a libuv handle open (PGlite runs, and reads its files, synchronously), and each
 * time the loop runs dry Node stops to wait for all of V8's background work
 * (NodePlatform::DrainTasks) before going on: here the optimising compiler working through
 * PGlite's hot WebAssembly functions, which held a scripted session still for half a second
 * and more between start-up and reading its first line. With the loop open, that compiling runs
 * beside the session instead. An error before the release exits through main's catch, so the
 * timer never holds a process that should end.
 */
function keepLoopAlive(): () => void {
  const timer = setInterval(() => undefined, 2 ** 30);
  return () => clearInterval(timer);
}

function terminalHost(app: App) {
  return {
    handle: (event: Parameters<App['bot']['handle']>[0]) => app.bot.handle(event),
    drain: () => app.drain(),
    grantCoordinator: (user: string) => app.grantCoordinator('terminal', TERMINAL_WORKSPACE, user),
    advance: (ms: number) => app.advanceClock(ms),
    importApplicants: (role: 'mentor' | 'mentee', path: string) => importForTerminal(app, TERMINAL_WORKSPACE, role, path),
  };
}

function shutdownOn(signals: NodeJS.Signals[], logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    for (const signal of signals) {
      process.once(signal, () => {
        logger.info({ signal }, 'shutting down');
        resolve();
      });
    }
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ProgramDefinitionError || err instanceof DiscordConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`mentorbot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});

