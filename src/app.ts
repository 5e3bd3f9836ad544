import { importApplicants, type ImportResult } from './domain/matching/import-applicants.js';
import type { ApplicantRole } from './domain/programs/definition.js';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { Bot } from './core/bot.js';
import type { Actor, ChatRouter, DmChannels, Platform, PlatformProfile } from './core/chat.js';
import type { Message } from './core/render.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import type { Db } from './db/client.js';
import { people, workspaces } from './db/schema/index.js';
import { closeTypedPrompt, openPromptsIn, programOfPrompt } from './domain/conversation/prompts.js';
import { askWhich } from './domain/conversation/which-prompt.js';
import { foldModules } from './domain/fold-modules.js';
import { capabilityModules } from './domain/modules.js';
import { ensurePerson, ensureWorkspace } from './domain/people/ensure-person.js';
import { createPrincipalResolver } from './domain/people/resolve-principal.js';
import type { ProgramCatalog } from './domain/programs/catalog.js';
import { syncPrograms } from './domain/programs/sync-programs.js';
import { grantRole } from './domain/roles/grant-role.js';
import { builtinDeliveries } from './jobs/deliveries.js';
import { OutboxWorker } from './jobs/outbox-worker.js';
import { remindersPlanner } from './jobs/reminders-planner.js';
import { retentionPlanner } from './jobs/retention-planner.js';
import { outboxWakeups } from './jobs/outbox-wakeups.js';
import { Scheduler } from './jobs/scheduler.js';

export interface AppOptions {
  db: Db;
  chat: ChatRouter;
  clock: Clock;
  logger: Logger;
  catalog: ProgramCatalog;
  coordinators: readonly string[];
  schedule: string;
  timezone: string;
  /** Outbox workers polling in this process (0: deliver only when drained explicitly). */
  workers: number;
  /** Deliver right after each handled event rather than waiting for the next poll. */
  drainAfterEvents: boolean;
}

/**
 * Wires the neutral bot: domain commands, principal resolution, the scheduler and the outbox.
 * Adapters are not known here; main.ts (or a test) registers them on the ChatRouter.
 */
export function createApp(options: AppOptions) {
  const { db, chat, clock, logger, catalog } = options;
  const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const resolver = createPrincipalResolver({ catalog, coordinators: options.coordinators });
  const scheduler = new Scheduler({
    db,
    clock,
    logger,
    catalog,
    planners: [remindersPlanner, retentionPlanner],
    instanceId,
    schedule: options.schedule,
    timezone: options.timezone,
  });
  // Built-in kinds now; each capability's kinds are added when the modules are folded below.
  const deliveries = builtinDeliveries();
  const workers = Array.from(
    { length: Math.max(1, options.workers) },
    (_, i) => new OutboxWorker({ db, chat, clock, logger, deliveries, workerId: `${instanceId}-w${i}` }),
  );
  const drainer = workers[0]!;
  let draining: Promise<unknown> = Promise.resolve();
  const drain = async (): Promise<void> => {
    draining = draining.then(() => drainer.drain()).catch((err: unknown) => logger.error({ err }, 'outbox drain failed'));
    await draining;
  };

  const bot = new Bot(
    { db, chat, clock, logger },
    {
      identify: resolver.identify,
      scope: resolver.scope,
      firstDelivery: resolver.firstDelivery,
      programSlugs: () => catalog.all().map((p) => p.definition.slug),
      promptProgram: programOfPrompt,
      openPrompts: openPromptsIn,
      askWhich,
      typedAnswerTaken: closeTypedPrompt,
      afterCommit: options.drainAfterEvents ? () => void drain() : undefined,
    },
  );
  const domain = foldModules(bot, capabilityModules, catalog);
  for (const planner of [...domain.planners, outboxWakeups]) scheduler.register(planner);
  for (const kind of domain.deliveries) deliveries.register(kind);

  return {
    bot,
    scheduler,
    drain,
    /**
     * Makes the configured COORDINATORS coordinators of a workspace at start-up, so they hear
     * about new applications before they have ever written to the bot.
     */
    async bootstrapCoordinators(platform: Platform, workspace: string): Promise<number> {
      const users = options.coordinators
        .map((c) => /^(terminal|slack|discord):(.+)$/.exec(c) ?? [c, platform, c])
        .filter((m) => m[1] === platform)
        .map((m) => m[2] as string);
      for (const user of users) await this.grantCoordinator(platform, workspace, user);
      return users.length;
    },
    /** The terminal's `:coordinator`: same audit trail as the COORDINATORS bootstrap. */
    async grantCoordinator(platform: Platform, workspace: string, user: string): Promise<void> {
      await db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        const now = clock.now();
        const workspaceId = await ensureWorkspace(t, platform, workspace);
        const personId = await ensurePerson(t, workspaceId, user);
        for (const programId of (await syncPrograms(t, workspaceId, catalog, now)).values()) {
          await grantRole(t, { workspaceId, programId, personId, role: 'coordinator', actorId: null, at: now });
        }
      });
    },
    /** The terminal's `:import`: applicants from a spreadsheet as approved participants, in one transaction. */
    async importApplicants(platform: Platform, workspace: string, role: ApplicantRole, text: string, file: string): Promise<ImportResult> {
      return db.transaction((tx) => importApplicants(tx as unknown as Db, { catalog, platform, workspace, role, text, file, now: clock.now() }));
    },
    /** The person's home view (Slack App Home); resolves them like any event would. */
    async home(actor: Actor): Promise<Message> {
      return db.transaction(async (tx) => {
        const t = tx as unknown as Db;
        const identity = await resolver.identify(t, { type: 'command', id: 'home', actor, where: { kind: 'dm' }, text: '' }, clock.now());
        const principal = await resolver.scope(t, identity, {}, clock.now());
        return domain.home(t, principal, clock.now());
      });
    },
    /**
     * What a platform profile says about someone (Slack's time zone), kept beside their own
     * answers, which win. False when the bot knows no such person yet (their first event was
     * refused and rolled back), so the adapter reads the profile again on their next event.
     */
    async recordProfile(actor: Actor, profile: PlatformProfile): Promise<boolean> {
      const workspace = db.select({ id: workspaces.id }).from(workspaces).where(and(eq(workspaces.platform, actor.platform), eq(workspaces.externalId, actor.workspace)));
      const stored = await db
        .update(people)
        .set({ platformTimeZone: profile.timeZone })
        .where(and(inArray(people.workspaceId, workspace), eq(people.platformUserId, actor.user), isNull(people.erasedAt)))
        .returning({ id: people.id });
      return stored.length > 0;
    },
    /**
     * Where an adapter keeps each person's DM conversation id: Slack opens one at 50 a minute,
     * so after a restart 200,000 people would wait hours for their DMs to be opened again.
     */
    dmChannels: {
      async get(actor: Pick<Actor, 'platform' | 'workspace' | 'user'>): Promise<string | null> {
        const [row] = await db
          .select({ dm: people.dmChannel })
          .from(people)
          .innerJoin(workspaces, eq(workspaces.id, people.workspaceId))
          .where(and(eq(workspaces.platform, actor.platform), eq(workspaces.externalId, actor.workspace), eq(people.platformUserId, actor.user), isNull(people.erasedAt)));
        return row?.dm ?? null;
      },
      async set(actor: Pick<Actor, 'platform' | 'workspace' | 'user'>, channel: string): Promise<void> {
        const workspace = db.select({ id: workspaces.id }).from(workspaces).where(and(eq(workspaces.platform, actor.platform), eq(workspaces.externalId, actor.workspace)));
        await db
          .update(people)
          .set({ dmChannel: channel })
          .where(and(inArray(people.workspaceId, workspace), eq(people.platformUserId, actor.user), isNull(people.erasedAt)));
      },
    } satisfies DmChannels,
    /**
     * The terminal's `:advance`: walk the clock through every tick passed, planning and
     * delivering at each, so a check-in due at 10:00 is asked at 10:00 (and its reminder and
     * expiry follow from then), as if the bot had been running.
     */
    async advanceClock(ms: number): Promise<{ from: Date; to: Date }> {
      if (!('advance' in clock) || typeof clock.advance !== 'function') throw new Error('this clock cannot be moved');
      const moveTo = (at: Date) => (clock.advance as (ms: number) => Date)(Math.max(0, at.getTime() - clock.now().getTime()));
      const from = clock.now();
      const to = new Date(from.getTime() + ms);
      await scheduler.advance(from, to, { atSlot: moveTo, afterSlot: drain });
      moveTo(to);
      return { from, to: clock.now() };
    },
    start(pollMs = 1000): void {
      scheduler.start();
      // Polling workers start with a drain; with none, drain once so what was queued before
      // the last exit goes out now, not after someone's next event.
      if (options.workers > 0) for (const w of workers) w.start(pollMs);
      else void drain();
    },
    async stop(): Promise<void> {
      scheduler.stop();
      await Promise.all(workers.map((w) => w.stop()));
      await draining;
    },
  };
}

export type App = ReturnType<typeof createApp>;
