import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { ChatRouter, type ChatAdapter, type MessageRef } from '../src/core/chat.js';
import { ManualClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/logger.js';
import { openPglite, openPostgres, queryRows, sql, type Database } from '../src/db/client.js';
import { OutboxWorker } from '../src/jobs/outbox-worker.js';
import { remindersPlanner } from '../src/jobs/reminders-planner.js';
import { Scheduler } from '../src/jobs/scheduler.js';
import type { BenchContext, BenchModule } from './index.js';

const ITEMS = 100_000;
const PEOPLE = 1_000;
const WORKERS = 2;
const BATCH = 200;
const SLOT = new Date('2025-01-06T09:00:00Z');
const MB = 1024 * 1024;

/** A scratch database: a fresh PostgreSQL database (dropped after), or in-memory PGlite. */
async function scratchDatabase(url: string | undefined): Promise<Database> {
  if (!url) {
    const database = openPglite(new PGlite());
    await database.migrate();
    return database;
  }
  const name = `mentorbot_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = openPostgres(target.toString(), { max: 2 * WORKERS });
  await database.migrate();
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => undefined });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

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

/** Samples RSS while `work` runs; PGlite's synchronous queries are caught by the final sample. */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakRss: number; startRss: number }> {
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { result, ms, peakRss, startRss };
  } finally {
    clearInterval(sample);
  }
}

/** An adapter that succeeds at once and counts. */
class CountingChat implements ChatAdapter {
  readonly platform = 'slack' as const;
  delivered = 0;
  private ref: MessageRef = { channel: 'D', ts: '0' };
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
  async lookupUser(): Promise<null> {
    return null;
  }
}

async function run({ databaseUrl, report }: BenchContext): Promise<void> {
  const database = await scratchDatabase(databaseUrl);
  const { db, kind } = database;
  const logger = createLogger({ level: 'warn' });
  const clock = new ManualClock(SLOT);
  try {
    await seed(database);
    const scheduler = new Scheduler({ db, clock, logger, planners: [remindersPlanner], instanceId: 'bench' });
    const plan = await measure(() => scheduler.runSlot(SLOT));
    if (plan.result.planned !== ITEMS) throw new Error(`planned ${plan.result.planned} of ${ITEMS}`);
    const maxRss = (process.resourceUsage().maxRSS * 1024) / MB;
    report(
      `outbox.plan: ${plan.result.planned} items in ${Math.round(plan.ms)} ms, peak RSS ${Math.round(plan.peakRss / MB)} MB ` +
        `(+${Math.round((plan.peakRss - plan.startRss) / MB)} MB during the tick; process max ${Math.round(maxRss)} MB) (${kind})`,
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
      `outbox.drain: ${sent} rows in ${Math.round(drain.ms)} ms by ${WORKERS} workers ` +
        `(${Math.round(sent / (drain.ms / 1000))} rows/s, batches of ${BATCH}; ${drain.result.join(' + ')}) (${kind})`,
    );
  } finally {
    await database.close();
  }
}

const bench: BenchModule = { name: 'outbox', run };
export default bench;
