import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { message } from '../../src/core/render.js';
import { type Database, type Db } from '../../src/db/client.js';
import { outbox, people, workspaces } from '../../src/db/schema/index.js';
import { enqueueDirect } from '../../src/jobs/enqueue.js';
import { OutboxWorker } from '../../src/jobs/outbox-worker.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';
import { FakeChat } from '../support/fake-chat.js';

const START = new Date('2026-03-25T10:00:00Z');
const logger = createLogger({ level: 'silent' });

/**
 * A platform asking us to slow down (Discord's rate limits, Slack's 429s, our own pacing of
 * Slack) turns a delivery back without refusing it: under a backlog that can happen many times
 * in a row, and it must not use up the row's attempts, or a queued check-in dies unsent.
 */
describe.each(databaseKinds())('outbox under rate limits on %s', (kind) => {
  let database: Database;
  let db: Db;
  let personId: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db;
    const [ws] = await db.insert(workspaces).values({ platform: 'discord', externalId: 'G1' }).returning();
    const [person] = await db.insert(people).values({ workspaceId: ws!.id, platformUserId: '100' }).returning();
    personId = person!.id;
  });
  afterAll(async () => database?.close());

  const row = async (key: string) => (await db.select().from(outbox).where(eq(outbox.idempotencyKey, key)))[0]!;

  it('waits out any number of slow-downs without spending attempts, and still gives up on real failures', async () => {
    const clock = new ManualClock(START);
    const chat = new FakeChat('discord');
    const worker = new OutboxWorker({ db, chat: FakeChat.router(chat), clock, logger, workerId: 'w', maxAttempts: 3, backoff: () => 1_000 });
    await enqueueDirect(db, { key: 'checkin', personId, programId: null, message: message('Time for your check-in'), at: START });

    // Turned back eight times by three kinds of slow-down, more than maxAttempts.
    for (const code of ['rate_limited', 'ratelimited', 'paced', 'rate_limited', 'paced', 'ratelimited', 'rate_limited', 'paced']) {
      chat.failNext(1, { code, retryAfterMs: 500 });
      expect(await worker.drain()).toBe(0);
      expect(await row('checkin')).toMatchObject({ status: 'pending', attempts: 0 });
      clock.advance(500);
    }
    expect(await worker.drain()).toBe(1);
    expect(await row('checkin')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(chat.directsTo('100').map((m) => m.text)).toEqual(['Time for your check-in']);

    // A platform that fails (not one that asks us to wait) still uses up the attempts.
    await enqueueDirect(db, { key: 'broken', personId, programId: null, message: message('Another'), at: clock.now() });
    chat.failNext(3, { code: 'discord_unavailable', retryAfterMs: 500 });
    for (let i = 0; i < 3; i++) {
      await worker.drain();
      clock.advance(1_000);
    }
    expect(await row('broken')).toMatchObject({ status: 'dead', attempts: 3 });
  });
});
