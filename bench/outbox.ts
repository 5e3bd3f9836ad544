import { ChatRouter, type ChatAdapter, type MessageRef } from '../src/core/chat.js';
import { ManualClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/logger.js';
import { queryRows, sql, type Database } from '../src/db/client.js';
import { OutboxWorker } from '../src/jobs/outbox-worker.js';
import { ProgramCatalog } from '../src/domain/programs/catalog.js';
import { loadPrograms } from '../src/domain/programs/load-program.js';
import { remindersPlanner } from '../src/jobs/reminders-planner.js';
import { Scheduler } from '../src/jobs/scheduler.js';
import type { BenchContext, BenchModule } from './index.js';
import { scratchDatabase } from './scratch-database.js';

const ITEMS = 100_000;
const PEOPLE = 1_000;
const WORKERS = 2;
const BATCH = 200;
const SLOT = new Date('2025-01-06T09:00:00Z');
const MB = 1024 * 1024;

/** ITEMS reminders due by SLOT, for PEOPLE people: set-based, and not timed. */
async function seed(database: Database): Promise<void> {
  const { db } = database;
  await db.execute(sql`insert into workspaces (platform, external_id) values ('slack', 'TBENCH')`);
  await db.execute(sql`
    insert into people (workspace_id, platform_user_id)
    select w.id, 'U' || g from workspaces w, generate_series(1, ${PEOPLE}::int) g`);
  await db.execute(sql`
    insert into reminders (workspace_id, person_id, key, due_at, message)
    select p.workspace_id, p.id, 'reminder:' || p.platform_user_id || ':' || g,
      ${SLOT.toISOString()}::timestamptz - make_interval(secs => g),
      jsonb_build_object('text', 'Your mentoring session is tomorrow (' || g || ')')
    from people p, generate_series(1, ${ITEMS / PEOPLE}::int) g`);
  // What autovacuum would have done by the time these came due.
  await db.execute(sql`analyze`);
}

interface Measured<T> {
  result: T;
  ms: number;
  peakRss: number;
  /** Growth over the start, of RSS and of the JS heap (what the bot itself allocates). */
  rssGrowth: number;
  heapGrowth: number;
}

/** Samples memory while `work` runs; PGlite's synchronous queries are caught by the last sample. */
async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const take = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sample = setInterval(take, 5);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    take();
    return { result, ms, peakRss, rssGrowth: peakRss - start.rss, heapGrowth: peakHeap - start.heapUsed };
  } finally {
    clearInterval(sample);
  }
}

const mb = (bytes: number) => Math.round(bytes / MB);

/** An adapter that succeeds at once and counts. */
class CountingChat implements ChatAdapter {
  readonly platform = 'slack' as const;
  delivered = 0;
  private ref: MessageRef = { channel: 'D', id: '0' };
  async sendDirect(): Promise<MessageRef> {
    this.delivered++;
    return this.ref;
  }
  async postChannel(): Promise<MessageRef> {
    this.delivered++;
    return this.ref;
  }
  async openPrivateChannel(): Promise<{ channel: string; name: string }> {
    return { channel: 'C', name: 'c' };
  }
  async updateMessage(): Promise<void> {}
  async uploadFile(): Promise<void> {}
  async addToChannel(): Promise<void> {}
  async archiveChannel(): Promise<void> {}
  async lookupUser(): Promise<null> {
    return null;
  }
}

async function run({ databaseUrl, report }: BenchContext): Promise<void> {
  const database = await scratchDatabase(databaseUrl, { max: 2 * WORKERS });
  const { db, kind } = database;
  const logger = createLogger({ level: 'warn' });
  const clock = new ManualClock(SLOT);
  try {
    await seed(database);
    const scheduler = new Scheduler({ db, clock, logger, catalog: new ProgramCatalog(await loadPrograms(['examples/workplace.yaml'])), planners: [remindersPlanner], instanceId: 'bench' });
    const plan = await measure(() => scheduler.runSlot(SLOT));
    if (plan.result.planned !== ITEMS) throw new Error(`planned ${plan.result.planned} of ${ITEMS}`);
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const where = kind === 'pglite' ? 'pglite, in-process: RSS includes the database' : 'postgres';
    report(
      `outbox.plan: ${plan.result.planned} items in ${Math.round(plan.ms)} ms, peak RSS ${mb(plan.peakRss)} MB (${where}; ` +
        `during the tick RSS +${mb(plan.rssGrowth)} MB, JS heap +${mb(plan.heapGrowth)} MB; process max RSS ${mb(maxRss)} MB)`,
    );

    const chat = new CountingChat();
    const router = new ChatRouter();
    router.register(chat);
    const workers = Array.from(
      { length: WORKERS },
      (_, i) => new OutboxWorker({ db, chat: router, clock, logger, workerId: `bench-${i}`, batchSize: BATCH }),
    );
    const drain = await measure(() => Promise.all(workers.map((w) => w.drain())));
    const sent = drain.result.reduce((a, b) => a + b, 0);
    const [left] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from outbox where status <> 'sent'`);
    if (sent !== ITEMS || chat.delivered !== ITEMS || Number(left?.n) !== 0) {
      throw new Error(`drained ${sent}, delivered ${chat.delivered}, ${left?.n} not sent`);
    }
    report(
      `outbox.drain: ${sent} rows in ${Math.round(drain.ms)} ms by ${WORKERS} workers, ` +
        `${Math.round(sent / (drain.ms / 1000))} rows/s (${kind}; batches of ${BATCH}; ${drain.result.join(' + ')} rows)`,
    );
  } finally {
    await database.close();
  }
}

const bench: BenchModule = { name: 'outbox', run };
export default bench;
