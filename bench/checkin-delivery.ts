import { createDiscordAdapter } from '../adapters/discord/index.js';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { Bot, type BotHooks, type Services } from '../src/core/bot.js';
import { ChatRouter, type ChatAdapter } from '../src/core/chat.js';
import { ManualClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/logger.js';
import { message } from '../src/core/render.js';
import { queryRows, sql, type Db } from '../src/db/client.js';
import { workspaces } from '../src/db/schema/index.js';
import { createCheckinSchedules } from '../src/domain/checkins/checkin-schedules.js';
import { foldModules } from '../src/domain/fold-modules.js';
import { capabilityModules } from '../src/domain/modules.js';
import { ProgramCatalog } from '../src/domain/programs/catalog.js';
import { loadPrograms } from '../src/domain/programs/load-program.js';
import { syncPrograms } from '../src/domain/programs/sync-programs.js';
import { builtinDeliveries } from '../src/jobs/deliveries.js';
import type { DeliveryRegistry } from '../src/jobs/delivery-registry.js';
import { OutboxWorker } from '../src/jobs/outbox-worker.js';
import { recurringPlanner } from '../src/jobs/recurring.js';
import { seedActiveMatches } from '../test/support/active-matches.js';
import { APP_ID, GUILD_ID, startFakeDiscord, type FakeUser } from '../test/fakes/discord/fake-discord.js';
import { BOT_TOKEN, FakeSlackApi, TEAM_ID } from '../test/fakes/slack/fake-web-api.js';
import { SIGNING_SECRET } from '../test/fakes/slack/signed-requests.js';
import type { BenchContext } from './index.js';
import { scratchDatabase } from './scratch-database.js';

const SLACK_PEOPLE = Number(process.env.BENCH_CHECKIN_SLACK_PEOPLE ?? 300);
const DISCORD_PEOPLE = Number(process.env.BENCH_CHECKIN_DISCORD_PEOPLE ?? 400);
/** Slack's limits are scaled up (as the adapter's own tests do) so a round takes seconds, not minutes. */
const SLACK_RATE_FACTOR = 20;
const INTRO = 'Time for your mentoring check-in.';
const START = new Date('2026-03-23T09:00:00Z');
const WEEK = 7 * 86_400_000;
const WORKERS = 2;
const POLL_MS = 20;
const silent = createLogger({ level: 'silent' });

/** Every delivery kind the app registers (check-ins, questions...), folded as app.ts does. */
function allDeliveries(catalog: ProgramCatalog): DeliveryRegistry {
  const domain = foldModules(new Bot({} as Services, {} as BotHooks), capabilityModules, catalog);
  const registry = builtinDeliveries();
  for (const kind of domain.deliveries) registry.register(kind);
  return registry;
}

interface Round {
  /** When each platform call arrived at the fake, in ms (performance.now()). */
  calls: { method: string; at: number }[];
  /** Check-in messages received per person. */
  received: Map<string, number>;
  ms: number;
}

/**
 * `people` check-in occurrences queued (one statement), then delivered by two OutboxWorkers
 * polling like the bot's, through the full `checkin` delivery kind (a questionnaire run started
 * and asked: a `question` row in the person's lane) and the real platform client.
 */
async function deliverRound(db: Db, catalog: ProgramCatalog, chat: ChatAdapter, slot: Date, people: number, observe: () => Round): Promise<Round> {
  const planned = await recurringPlanner({ name: 'checkins', kind: 'checkin' }).plan({ db, catalog, clock: new ManualClock(slot), logger: silent }, slot);
  if (planned !== people) throw new Error(`planned ${planned} check-ins for ${people} people`);
  const router = new ChatRouter();
  router.register(chat);
  const deliveries = allDeliveries(catalog);
  // The workers' clock runs in real time from the slot: on the wall clock, a round run at night
  // would fall in the people's quiet hours and wait for the morning.
  const offset = slot.getTime() - Date.now();
  const clock = { now: () => new Date(Date.now() + offset) };
  const workers = Array.from({ length: WORKERS }, (_, i) => new OutboxWorker({ db, chat: router, clock, logger: silent, workerId: `bench-${i}`, deliveries }));
  const started = performance.now();
  for (const w of workers) w.start(POLL_MS);
  const deadline = Date.now() + 300_000;
  for (;;) {
    const [open] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from outbox where status in ('pending', 'sending')`);
    if (Number(open?.n) === 0) break;
    if (Date.now() > deadline) throw new Error(`${open?.n} outbox rows still open after 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ms = performance.now() - started;
  await Promise.all(workers.map((w) => w.stop()));
  return { ...observe(), ms };
}

/**
 * How much of what a token bucket allowed was used: calls made over calls allowed (its burst
 * plus its rate over the time taken, from the first call to the last).
 */
function bucketUse(calls: readonly number[], capacity: number, perSecond: number): number {
  if (calls.length < 2) return Number.NaN;
  const seconds = (Math.max(...calls) - Math.min(...calls)) / 1000;
  return calls.length / (capacity + perSecond * seconds);
}

/** Requests made over those allowed at 50 a second, from the first request to the last. */
function globalUse(calls: readonly number[]): number {
  const seconds = (Math.max(...calls) - Math.min(...calls)) / 1000;
  return calls.length / (50 * seconds + 50);
}

/** Check-ins never received, received twice, and outbox rows given up on. */
async function lostAndTwice(db: Db, received: Map<string, number>, users: readonly string[]): Promise<string> {
  const lost = users.filter((u) => !received.get(u)).length;
  const twice = users.filter((u) => (received.get(u) ?? 0) > 1).length;
  const [dead] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from outbox where status = 'dead'`);
  return `lost ${lost}, sent twice ${twice}, dead rows ${Number(dead?.n)}`;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** A workspace of `people` matched people, their schedules made; returns their platform user ids. */
async function seedPeople(db: Db, catalog: ProgramCatalog, platform: 'slack' | 'discord', externalId: string, people: number, rename?: (k: number) => string): Promise<string[]> {
  const [ws] = await db.insert(workspaces).values({ platform, externalId }).returning();
  const programId = (await syncPrograms(db, ws!.id, catalog, START)).get('workplace')!;
  await seedActiveMatches(db, { workspaceId: ws!.id, programId, pairs: people / 2, startedAt: START, zones: ['Europe/London'] });
  const users = Array.from({ length: people }, (_, k) => `${k % 2 === 0 ? 'M' : 'E'}${Math.floor(k / 2) + 1}`);
  if (rename) {
    for (const [k, user] of users.entries()) await db.execute(sql`update people set platform_user_id = ${rename(k)} where platform_user_id = ${user}`);
  }
  await createCheckinSchedules(db, catalog, START);
  return rename ? users.map((_, k) => rename(k)) : users;
}

/** Slack's limits as the adapter's pacer applies them (a burst of a minute's worth), per method. */
const SLACK_PER_MINUTE: Record<string, number> = { 'conversations.open': 50, 'chat.postMessage': 300, 'chat.update': 50 };

/** Each paced method's share of what its limit allowed, the busiest first. */
function slackUse(calls: readonly { method: string; at: number }[]): string {
  return Object.entries(SLACK_PER_MINUTE)
    .map(([method, perMinute]) => {
      const at = calls.filter((c) => c.method === method).map((c) => c.at);
      return { method, n: at.length, use: bucketUse(at, perMinute, (perMinute / 60) * SLACK_RATE_FACTOR) };
    })
    .filter((m) => m.n > 1)
    .sort((a, b) => b.use - a.use)
    .map((m) => `${m.method} ${m.n} calls, ${pct(m.use)} of allowed`)
    .join(', ');
}

/** Check-ins a second, from the first check-in message to the last. */
function checkinRate(calls: readonly { checkin: boolean; at: number }[]): number {
  const at = calls.filter((c) => c.checkin).map((c) => c.at);
  return (at.length - 1) / ((Math.max(...at) - Math.min(...at)) / 1000);
}

async function benchSlack({ databaseUrl, report }: BenchContext, catalog: ProgramCatalog): Promise<void> {
  const database = await scratchDatabase(databaseUrl, { max: 8 });
  const api = await new FakeSlackApi().start();
  // The fake records calls without times: stamp each as it is recorded.
  const stamps: { method: string; at: number; checkin: boolean }[] = [];
  const record = api.calls.push.bind(api.calls);
  api.calls.push = (...items) => {
    for (const item of items) stamps.push({ method: item.method, at: performance.now(), checkin: item.method === 'chat.postMessage' && JSON.stringify(item.args).includes(INTRO) });
    return record(...items);
  };
  const slack = createSlackAdapter({
    config: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: api.apiUrl },
    host: { handle: async () => [], home: async () => message('') },
    logger: silent,
    webClientOptions: { retryConfig: { retries: 0 } },
    pacing: { rateFactor: SLACK_RATE_FACTOR },
    listen: { host: '127.0.0.1', port: 0 },
  });
  try {
    await slack.start();
    const users = await seedPeople(database.db, catalog, 'slack', TEAM_ID, SLACK_PEOPLE);
    const observe = (): Round => {
      const received = new Map<string, number>();
      for (const c of api.callsTo('chat.postMessage')) {
        if (!JSON.stringify(c.args).includes(INTRO)) continue;
        const user = String(c.args.channel).replace(/^D_/, '');
        received.set(user, (received.get(user) ?? 0) + 1);
      }
      return { calls: [...stamps], received, ms: 0 };
    };
    const [firstDue] = await queryRows<{ at: Date | string }>(database.db, sql`select min(next_due_at) as at from schedules`);
    // Week one after a start: each person's DM is opened first; week two: the DMs are known,
    // and last week's unanswered check-ins lose their buttons (chat.update) as they expire.
    for (const [week, what] of [[0, 'week one'], [1, 'week two']] as const) {
      stamps.length = 0;
      api.reset();
      const round = await deliverRound(database.db, catalog, slack.chat, new Date(new Date(firstDue!.at).getTime() + week * WEEK), users.length, observe);
      report(
        `checkins.deliver.slack: ${what}: ${users.length} check-ins by ${WORKERS} workers, ${Math.round(checkinRate(stamps))}/s, all done in ${(round.ms / 1000).toFixed(1)} s; ` +
          `limits x${SLACK_RATE_FACTOR}: ${slackUse(round.calls)}; ${await lostAndTwice(database.db, round.received, users)}`,
      );
    }
  } finally {
    await slack.stop();
    await api.stop();
    await database.close();
  }
}

async function benchDiscord({ databaseUrl, report }: BenchContext, catalog: ProgramCatalog): Promise<void> {
  const ids = Array.from({ length: DISCORD_PEOPLE }, (_, k) => String(1820000000000000000n + BigInt(k)));
  const fake = await startFakeDiscord({ users: ids.map((id, k): FakeUser => ({ id, username: `member${k}` })) });
  const database = await scratchDatabase(databaseUrl, { max: 8 });
  const discord = createDiscordAdapter({
    config: { token: 'bench-token', applicationId: APP_ID, guildId: GUILD_ID, apiUrl: fake.restUrl, category: 'Mentoring' },
    host: { handle: async () => [], commands: [] },
    programs: ['workplace'],
    logger: silent,
  });
  try {
    await discord.start();
    const users = await seedPeople(database.db, catalog, 'discord', GUILD_ID, DISCORD_PEOPLE, (k) => ids[k]!);
    const dmOf = () => new Map([...fake.rest.dmChannels.entries()].map(([user, channel]) => [channel, user]));
    let since = fake.requests.length;
    const observe = (): Round => {
      const requests = fake.requests.slice(since);
      const byChannel = dmOf();
      const received = new Map<string, number>();
      for (const r of requests) {
        const content = JSON.stringify(r.body ?? '');
        const channel = /^\/channels\/(\d+)\/messages$/.exec(r.path)?.[1];
        if (r.method !== 'POST' || !channel || !content.includes(INTRO)) continue;
        const user = byChannel.get(channel) ?? channel;
        received.set(user, (received.get(user) ?? 0) + 1);
      }
      return { calls: requests.map((r) => ({ method: `${r.method} ${r.path.split('/')[1]}`, at: r.at })), received, ms: 0 };
    };
    const [firstDue] = await queryRows<{ at: Date | string }>(database.db, sql`select min(next_due_at) as at from schedules`);
    for (const [week, what] of [[0, 'week one (a DM channel opened per person, then the message)'], [1, 'week two (DM channels known)']] as const) {
      since = fake.requests.length;
      const round = await deliverRound(database.db, catalog, discord.chat, new Date(new Date(firstDue!.at).getTime() + week * WEEK), users.length, observe);
      const use = globalUse(round.calls.map((c) => c.at));
      report(
        `checkins.deliver.discord: ${what}: ${users.length} check-ins, ${round.calls.length} requests by ${WORKERS} workers in ${(round.ms / 1000).toFixed(1)} s, ` +
          `${pct(use)} of the 50 requests a second allowed; ${await lostAndTwice(database.db, round.received, users)}`,
      );
    }
  } finally {
    await discord.stop();
    await database.close();
    await fake.close();
  }
}

/**
 * Delivering check-ins at the platforms' rates: two workers, the real Slack and Discord
 * clients against the fake servers, nothing lost or sent twice.
 */
export async function benchCheckinDelivery(ctx: BenchContext): Promise<void> {
  const catalog = new ProgramCatalog(await loadPrograms(['examples/workplace.yaml']));
  await benchSlack(ctx, catalog);
  await benchDiscord(ctx, catalog);
}
