import { eq } from 'drizzle-orm';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { createApp } from '../src/app.js';
import { ChatRouter } from '../src/core/chat.js';
import { ManualClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/logger.js';
import { people } from '../src/db/schema/index.js';
import { openPrompt, takeAnswer } from '../src/domain/conversation/prompts.js';
import { ProgramCatalog } from '../src/domain/programs/catalog.js';
import { loadPrograms } from '../src/domain/programs/load-program.js';
import { BOT_TOKEN, FakeSlackApi, TEAM_ID } from '../test/fakes/slack/fake-web-api.js';
import { SIGNING_SECRET, blockAction, postSigned, slashCommand } from '../test/fakes/slack/signed-requests.js';
import type { BenchContext, BenchModule } from './index.js';
import { percentile, scratchDatabase } from './scratch-database.js';

const REQUESTS = Number(process.env.BENCH_SLACK_REQUESTS ?? 2_000);

function summary(label: string, ms: number[], storage: string): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `slack.ack ${label}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms (${ms.length} requests, ${storage})`;
}

/**
 * Ack latency of the Bolt HTTP receiver: the time from sending a signed request to its HTTP
 * response, while the core handles the earlier requests in the background, as in production.
 * Requests go one at a time, so the figure is latency, not queueing.
 */
export async function benchSlackAck(ctx: BenchContext): Promise<void> {
  const storage = ctx.databaseUrl ? 'postgres' : 'pglite';
  const database = await scratchDatabase(ctx.databaseUrl, { max: 10 });
  const api = await new FakeSlackApi().start();
  const chat = new ChatRouter();
  const clock = new ManualClock(new Date('2026-11-23T09:00:00Z'));
  const app = createApp({
    db: database.db,
    chat,
    clock,
    logger: createLogger({ level: 'silent' }),
    catalog: new ProgramCatalog(await loadPrograms(['examples/workplace.yaml'])),
    coordinators: [],
    schedule: '* * * * *',
    timezone: 'UTC',
    workers: 0,
    drainAfterEvents: false,
  });
  app.bot.flow('bench', {
    async onAction(c) {
      await takeAnswer(c.db, { promptId: c.event.promptId, personId: c.principal.personId, value: c.event.value, now: c.clock.now() });
      c.reply('Thanks, noted.');
    },
  });
  const slack = createSlackAdapter({
    config: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: api.apiUrl },
    host: { handle: (e) => app.bot.handle(e), home: (a) => app.home(a), commands: app.bot.commands },
    logger: createLogger({ level: 'silent' }),
    webClientOptions: { retryConfig: { retries: 0 } },
    // The figure is the receiver's, not Slack's rate limits.
    pacing: { rateFactor: 1_000 },
    listen: { host: '127.0.0.1', port: 0 },
  });
  chat.register(slack.chat);
  await slack.start();
  const url = slack.url!;
  try {
    // Warm-up: first contact creates the workspace, program and person; auth.test runs once.
    await postSigned(url, slashCommand({ user: 'U_BENCH' }, 'help', api.responseUrl('warm')));
    await api.waitFor('response_url', 1, 30_000);

    const slash: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const request = slashCommand({ user: `U_${i % 50}` }, 'help', api.responseUrl(`s${i}`));
      const started = performance.now();
      const res = await postSigned(url, request);
      slash.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
    }
    await api.waitFor('response_url', REQUESTS + 1, 300_000);
    ctx.report(summary('slash', slash, storage));

    const [person] = await database.db.select().from(people).where(eq(people.platformUserId, 'U_BENCH'));
    const prompts = [];
    for (let i = 0; i < REQUESTS; i++) {
      prompts.push(await openPrompt(database.db, { personId: person!.id, programId: null, flow: 'bench', spec: { kind: 'choice', question: 'OK?', choices: [{ value: 'yes', label: 'Yes' }] }, now: clock.now() }));
    }
    api.reset();
    const actions: number[] = [];
    for (const prompt of prompts) {
      const request = blockAction(
        { user: 'U_BENCH', team: TEAM_ID, channel: 'C_BENCH' },
        { type: 'button', block_id: prompt.id, action_id: 'prompt:0', value: 'yes', text: { type: 'plain_text', text: 'Yes' } },
        { message: { ts: '1.1', text: 'OK?', blocks: [] }, responseUrl: api.responseUrl('a') },
      );
      const started = performance.now();
      const res = await postSigned(url, request);
      actions.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`block action answered ${res.status}`);
    }
    await api.waitFor('response_url', REQUESTS, 300_000);
    ctx.report(summary('actions', actions, storage));
  } finally {
    await slack.stop();
    await app.stop();
    await database.close();
    await api.stop();
  }
}

const bench: BenchModule = { name: 'slack', run: benchSlackAck };
export default bench;
