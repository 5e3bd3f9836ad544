import { ApplicationCommandOptionType } from 'discord.js';
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { createApp } from '../src/app.js';
import { ChatRouter } from '../src/core/chat.js';
import { ManualClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/logger.js';
import { ProgramCatalog } from '../src/domain/programs/catalog.js';
import { loadPrograms } from '../src/domain/programs/load-program.js';
import { APP_ID, GUILD_ID, startFakeDiscord, type FakeUser } from '../test/fakes/discord/fake-discord.js';
import type { BenchContext, BenchModule } from './index.js';
import { percentile, scratchDatabase } from './scratch-database.js';

const INTERACTIONS = Number(process.env.BENCH_DISCORD_INTERACTIONS ?? 2_000);
const WARM_UP = 50;
const USERS = 100;

/**
 * Interaction handling latency: from the fake gateway sending INTERACTION_CREATE to the fake
 * REST receiving the interaction callback, through the real discord.js client and the whole
 * core (principal, idempotency, handler, one transaction). Sequential, so it is latency, not
 * throughput; `/mentor help` from 100 different people.
 */
export async function benchDiscord(ctx: BenchContext): Promise<void> {
  const storage = ctx.databaseUrl ? 'postgres' : 'pglite';
  const users: FakeUser[] = Array.from({ length: USERS }, (_, i) => ({ id: String(1810000000000000000n + BigInt(i)), username: `user${i}` }));
  const fake = await startFakeDiscord({ users });
  const database = await scratchDatabase(ctx.databaseUrl, { max: 4 });
  const logger = createLogger({ level: 'silent' });
  const chat = new ChatRouter();
  const catalog = new ProgramCatalog(await loadPrograms(['examples/workplace.yaml']));
  const app = createApp({
    db: database.db,
    chat,
    clock: new ManualClock(new Date('2026-11-23T09:00:00Z')),
    logger,
    catalog,
    coordinators: [],
    schedule: '* * * * *',
    timezone: 'UTC',
    workers: 0,
    drainAfterEvents: false,
  });
  const adapter = createDiscordAdapter({
    config: { token: 'bench-token', applicationId: APP_ID, guildId: GUILD_ID, apiUrl: fake.restUrl, category: 'Mentoring' },
    host: app.bot,
    programs: catalog.all().map((p) => p.definition.slug),
    logger,
  });
  chat.register(adapter.chat);
  try {
    await adapter.start();
    const help = { options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'help', options: [] }] };
    const once = async (i: number): Promise<number> => {
      const started = performance.now();
      const id = fake.command(users[i % USERS] as FakeUser, help);
      const request = await fake.callbackOf(id);
      if ((request.body as { type?: number }).type !== 4) throw new Error(`unexpected response ${JSON.stringify(request.body)}`);
      return request.at - started;
    };
    for (let i = 0; i < WARM_UP; i++) await once(i);
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < INTERACTIONS; i++) {
      latencies.push(await once(i));
      // The fake keeps every request for tests; a bench run does not need them.
      if (fake.requests.length > 1_000) fake.requests.splice(0, fake.requests.length);
    }
    const total = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    ctx.report(
      `discord.interaction: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ` +
        `max ${percentile(latencies, 100).toFixed(1)} ms (${INTERACTIONS} interactions in ${total.toFixed(1)} s, ${storage})`,
    );
  } finally {
    await adapter.stop();
    await app.stop();
    await database.close();
    await fake.close();
  }
}

const bench: BenchModule = { name: 'discord', run: benchDiscord };
export default bench;
