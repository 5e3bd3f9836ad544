import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { message } from '../../src/core/render.js';
import { sql, type Database, type Db } from '../../src/db/client.js';
import { outbox, people, programRoles, programs, workspaces } from '../../src/db/schema/index.js';
import { channelDelivery } from '../../src/jobs/deliveries.js';
import { enqueue, enqueueDirect } from '../../src/jobs/enqueue.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/jobs/outbox-worker.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';
import { FakeChat } from '../support/fake-chat.js';

const START = new Date('2025-05-01T09:00:00Z');
const logger = createLogger({ level: 'silent' });

interface World {
  workspaceId: string;
  programId: string;
  person: Record<string, string>;
}

/** A Slack workspace with one program, a mentee (U1) and two coordinators (C1, C2). */
async function seed(db: Db, at: Date): Promise<World> {
  const [ws] = await db.insert(workspaces).values({ platform: 'slack', externalId: 'T1' }).returning();
  const workspaceId = ws!.id;
  const [program] = await db
    .insert(programs)
    .values({ workspaceId, slug: 'p', name: 'P', audience: 'workplace', definition: {}, definitionHash: 'h' })
    .returning();
  const rows = await db
    .insert(people)
    .values(['U1', 'U2', 'C1', 'C2'].map((u) => ({ workspaceId, platformUserId: u })))
    .returning();
  const person = Object.fromEntries(rows.map((r) => [r.platformUserId, r.id]));
  await db.insert(programRoles).values(
    ['C1', 'C2'].map((u) => ({ programId: program!.id, personId: person[u]!, role: 'coordinator' as const, grantedAt: at })),
  );
  return { workspaceId, programId: program!.id, person };
}

async function rowByKey(db: Db, key: string) {
  const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
  return row!;
}

describe.each(databaseKinds())('outbox on %s', (kind) => {
  let database: Database;
  let db: Db;
  let world: World;
  let clock: ManualClock;
  let chat: FakeChat;
  const worker = (extra: Partial<OutboxWorkerOptions> = {}) =>
    new OutboxWorker({ db, chat: FakeChat.router(chat), clock, logger, workerId: 'w1', ...extra });
  const dm = (key: string, user = 'U1', text = `private note ${key}`) =>
    enqueueDirect(db, { key, personId: world.person[user]!, programId: world.programId, message: message(text), at: clock.now() });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db;
    world = await seed(db, START);
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await db.execute(sql`delete from outbox`);
    clock = new ManualClock(START);
    chat = new FakeChat('slack');
  });

  it('keeps one recipient’s messages in order: after a failure the rest wait, unattempted', async () => {
    for (const key of ['o1', 'o2', 'o3']) await dm(key, 'U1', `step ${key}`);
    await dm('other', 'U2', 'to someone else');
    chat.failNext(1, { retryAfterMs: 60_000 });
    await worker().drain();
    expect(chat.directsTo('U1')).toEqual([]);
    expect(chat.directsTo('U2').map((m) => m.text)).toEqual(['to someone else']);
    expect((await rowByKey(db, 'o2')).attempts).toBe(0);
    clock.advance(60_000);
    await worker().drain();
    expect(chat.directsTo('U1').map((m) => m.text)).toEqual(['step o1', 'step o2', 'step o3']);
    // The first try was turned back by a rate limit, which spends no attempt.
    expect([(await rowByKey(db, 'o1')).attempts, (await rowByKey(db, 'o3')).attempts]).toEqual([1, 1]);
  });

  it('keeps a recipient’s order across batches: a message queued after a failed one waits for it', async () => {
    await dm('first', 'U1', 'first');
    chat.failNext(1, { retryAfterMs: 60_000 });
    await worker().drain();
    expect(chat.directsTo('U1')).toEqual([]);
    // Queued while the first waits for its retry: it must not overtake it.
    await dm('second', 'U1', 'second');
    await dm('elsewhere', 'U2', 'to someone else');
    await worker().drain();
    expect(chat.directsTo('U1')).toEqual([]);
    expect(chat.directsTo('U2').map((m) => m.text)).toEqual(['to someone else']);
    expect((await rowByKey(db, 'second')).attempts).toBe(0);
    clock.advance(60_000);
    await worker().drain();
    expect(chat.directsTo('U1').map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('keeps a recipient’s order across workers: nothing of a lane is claimed while an earlier row is being sent', async () => {
    await dm('a1', 'U1', 'a1');
    const a = worker({ workerId: 'A' });
    const b = worker({ workerId: 'B' });
    const held = await a.claim();
    expect(held.map((r) => r.id)).toHaveLength(1);
    await dm('a2', 'U1', 'a2');
    await dm('a3', 'U1', 'a3');
    // B finds the rest of U1's lane behind A's row and leaves it.
    expect(await b.drain()).toBe(0);
    expect((await rowByKey(db, 'a2')).attempts).toBe(0);
    await a.process(held);
    expect(await b.drain()).toBe(2);
    expect(chat.directsTo('U1').map((m) => m.text)).toEqual(['a1', 'a2', 'a3']);
  });

  it('lets a lane move on once its head dies, and releases rows held behind a finished one', async () => {
    await dm('d1', 'U1', 'd1');
    await dm('d2', 'U1', 'd2');
    expect((await rowByKey(db, 'd2')).held).toBe(true);
    chat.failNext(1, { permanent: true, code: 'user_not_found' });
    await worker().drain();
    expect((await rowByKey(db, 'd1')).status).toBe('dead');
    expect(chat.directsTo('U1').map((m) => m.text)).toEqual(['d2']);

    // A row marked held with nothing ahead of it (a race between queueing and finishing) is
    // found by the sweep and sent in the same drain.
    await dm('d3', 'U1', 'd3');
    await db.update(outbox).set({ held: true }).where(eq(outbox.idempotencyKey, 'd3'));
    expect(await worker().drain()).toBe(1);
    expect(chat.directsTo('U1').map((m) => m.text)).toEqual(['d2', 'd3']);
  });

  it('queues once per key, only when the transaction commits, and delivers and marks sent', async () => {
    expect(await dm('k1')).toBe(true);
    expect(await dm('k1')).toBe(false);
    await db
      .transaction(async (tx) => {
        await enqueueDirect(tx as unknown as Db, { key: 'rolled-back', personId: world.person.U1!, message: message('x'), at: START });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await db.select().from(outbox)).toHaveLength(1);

    clock.advance(5_000);
    expect(await worker().drain()).toBe(1);
    expect(chat.directs).toEqual([
      expect.objectContaining({ to: { platform: 'slack', workspace: 'T1', user: 'U1' }, message: { text: 'private note k1' } }),
    ]);
    const row = await rowByKey(db, 'k1');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, claimedBy: 'w1', leaseUntil: null, kind: 'dm' });
    expect(row.sentAt?.toISOString()).toBe(clock.now().toISOString());
    expect(await worker().drain()).toBe(0);
  });

  it('posts channel payloads and refuses to queue for an erased person', async () => {
    const payload = { type: 'channel' as const, to: { platform: 'slack' as const, workspace: 'T1', channel: 'C9' }, message: message('hello pair') };
    expect(await enqueue(db, channelDelivery, { key: 'ch', workspaceId: world.workspaceId, payload, availableAt: START })).toBe(true);
    expect(await enqueue(db, channelDelivery, { key: 'later', workspaceId: world.workspaceId, payload, availableAt: new Date(START.getTime() + 60_000) })).toBe(true);
    expect(await worker().drain()).toBe(1);
    expect(chat.posts.map((p) => p.to.channel)).toEqual(['C9']);
    expect((await rowByKey(db, 'later')).status).toBe('pending');

    await db.update(people).set({ erasedAt: START }).where(eq(people.id, world.person.U2!));
    expect(await dm('erased', 'U2')).toBe(false);
    await db.update(people).set({ erasedAt: null }).where(eq(people.id, world.person.U2!));
  });

  it('retries with exponential backoff, and honours Retry-After', async () => {
    await dm('flaky');
    await dm('limited', 'U2');
    chat.failNext(1, { code: 'network' }).failNext(1, { retryAfterMs: 90_000 });
    expect(await worker().drain()).toBe(0);
    const flaky = await rowByKey(db, 'flaky');
    const limited = await rowByKey(db, 'limited');
    expect(flaky).toMatchObject({ status: 'pending', attempts: 1, claimedBy: null, lastError: 'network: fake sendDirect failure' });
    expect(flaky.availableAt.getTime() - START.getTime()).toBe(30_000);
    expect(limited.availableAt.getTime() - START.getTime()).toBe(90_000);
    expect(limited.lastError).toMatch(/^rate_limited/);

    clock.advance(30_000);
    expect(await worker().drain()).toBe(1);
    expect(chat.directs.map((c) => c.to.user)).toEqual(['U1']);
    clock.advance(60_000);
    expect(await worker().drain()).toBe(1);
    // Waiting out a rate limit is not a failed attempt (outbox-slow-down.test.ts).
    expect((await rowByKey(db, 'limited')).attempts).toBe(1);
  });

  it('marks a permanent failure dead at once and alerts every coordinator without the message text', async () => {
    await dm('gone', 'U1', 'my confidential answer');
    chat.failNext(1, { permanent: true, code: 'user_not_found', message: 'user not found' });
    // The same drain delivers the alerts it queued: they are due now.
    expect(await worker().drain()).toBe(2);
    expect(await rowByKey(db, 'gone')).toMatchObject({ status: 'dead', attempts: 1, lastError: 'user_not_found: user not found' });
    const alerts = await db.select().from(outbox).where(eq(outbox.alert, true));
    expect(alerts.map((a) => a.idempotencyKey).sort()).toEqual(
      ['C1', 'C2'].map((u) => `alert:dead:${alerts[0]!.idempotencyKey.split(':')[2]}:${world.person[u]}`).sort(),
    );
    const text = chat.directsTo('C1')[0]?.text ?? '';
    expect(text).toMatch(/^A direct message to <@U1> \(delivery \d+\) could not be delivered after 1 attempt: user_not_found/);
    expect(text).not.toContain('confidential');
    expect(chat.directsTo('C2')).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last error, one alert per coordinator, delivered on the next drain', async () => {
    await dm('doomed');
    const w = worker({ maxAttempts: 3, backoff: () => 1_000 });
    chat.failNext(3, { code: 'server_error', message: 'platform answered 500' });
    // The alerts fail once too, so they wait for the next drain.
    chat.failNext(2, { code: 'server_error' });
    for (let i = 0; i < 3; i++) {
      await w.drain();
      clock.advance(1_000);
    }
    expect(await rowByKey(db, 'doomed')).toMatchObject({ status: 'dead', attempts: 3, lastError: 'server_error: platform answered 500' });
    const alerts = await db.select().from(outbox).where(eq(outbox.alert, true));
    expect(alerts).toHaveLength(2);
    expect(alerts.every((a) => a.status === 'pending' && a.attempts === 1)).toBe(true);
    expect(chat.directs).toHaveLength(0);

    clock.advance(1_000);
    expect(await w.drain()).toBe(2);
    expect(chat.directsTo('C1')[0]?.text).toContain('after 3 attempts: server_error: platform answered 500');
    expect(chat.directsTo('C2')).toHaveLength(1);
  });

  it('does not alert about a dead alert, and dies on a malformed payload', async () => {
    await dm('first');
    chat.failNext(3, { permanent: true, code: 'account_inactive' });
    await worker().drain();
    const rows = await db.select().from(outbox);
    expect(rows.map((r) => `${r.alert ? 'alert' : r.kind}:${r.status}`).sort()).toEqual(['alert:dead', 'alert:dead', 'dm:dead']);

    await db.insert(outbox).values({
      idempotencyKey: 'bad',
      kind: 'dm',
      workspaceId: world.workspaceId,
      payload: { type: 'dm', to: { platform: 'slack' } },
      availableAt: START,
      createdAt: START,
    });
    await worker().drain();
    expect(await rowByKey(db, 'bad')).toMatchObject({ status: 'dead', lastError: 'invalid_payload: the stored payload is malformed' });
  });
});
