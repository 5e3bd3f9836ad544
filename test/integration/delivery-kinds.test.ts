import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { message } from '../../src/core/render.js';
import { queryRows, sql, type Database, type Db } from '../../src/db/client.js';
import { deliverySteps, outbox, people, programRoles, programs, workspaces } from '../../src/db/schema/index.js';
import { builtinDeliveries, channelDelivery, channelJoinDelivery, dmDelivery, updateDelivery } from '../../src/jobs/deliveries.js';
import { deliveryKind } from '../../src/jobs/delivery-kind.js';
import { DeliveryRegistry } from '../../src/jobs/delivery-registry.js';
import { enqueue, enqueueDirect, enqueuePromptCloses, InvalidPayloadError } from '../../src/jobs/enqueue.js';
import { channelLane, dmLane } from '../../src/jobs/outbox-payload.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/jobs/outbox-worker.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';
import { FakeChat } from '../support/fake-chat.js';

const START = new Date('2025-09-01T09:00:00Z');
const logger = createLogger({ level: 'silent' });
const platform = z.enum(['terminal', 'slack', 'discord']);

/**
 * A two-step kind, like a pair's introduction: open a private channel, then post in it. The
 * channel is a step, so a retry after the post failed posts in the channel already opened.
 */
const pairIntro = deliveryKind({
  type: 'pair-intro',
  schema: z.object({ platform, workspace: z.string(), members: z.array(z.string()).min(2), name: z.string(), text: z.string() }),
  lane: (p) => `pair:${p.platform}:${p.workspace}:${p.name}`,
  describeForAlert: (p) => `The introduction of ${p.name}`,
  async deliver(ctx, p) {
    const adapter = ctx.chat.for(p.platform);
    const { channel } = await ctx.step('open', () =>
      adapter.openPrivateChannel({ platform: p.platform, workspace: p.workspace, name: p.name, members: p.members }),
    );
    await ctx.step('post', () => adapter.postChannel({ platform: p.platform, workspace: p.workspace, channel }, message(p.text)));
  },
});

describe.each(databaseKinds())('delivery kinds on %s', (kind) => {
  let database: Database;
  let db: Db;
  let clock: ManualClock;
  let chat: FakeChat;
  let workspaceId: string;
  let programId: string;
  let person: Record<string, string>;
  const registry = () => builtinDeliveries().register(pairIntro);
  const worker = (extra: Partial<OutboxWorkerOptions> = {}) =>
    new OutboxWorker({ db, chat: FakeChat.router(chat), clock, logger, workerId: 'w1', deliveries: registry(), backoff: () => 1_000, ...extra });
  const intro = { platform: 'slack' as const, workspace: 'T1', members: ['U1', 'U2'], name: 'pair-ada-bo', text: 'Meet each other!' };
  const rowByKey = async (key: string) => (await db.select().from(outbox).where(eq(outbox.idempotencyKey, key)))[0]!;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    db = database.db;
    const [ws] = await db.insert(workspaces).values({ platform: 'slack', externalId: 'T1' }).returning();
    workspaceId = ws!.id;
    const [program] = await db
      .insert(programs)
      .values({ workspaceId, slug: 'p', name: 'P', audience: 'workplace', definition: {}, definitionHash: 'h' })
      .returning();
    programId = program!.id;
    const rows = await db.insert(people).values(['U1', 'U2', 'C1'].map((u) => ({ workspaceId, platformUserId: u }))).returning();
    person = Object.fromEntries(rows.map((r) => [r.platformUserId, r.id]));
    await db.insert(programRoles).values({ programId, personId: person.C1!, role: 'coordinator', grantedAt: START });
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await db.execute(sql`delete from outbox`);
    clock = new ManualClock(START);
    chat = new FakeChat('slack');
  });

  it('keeps a registry of kinds by type and refuses a second kind of the same type', () => {
    const r = registry();
    expect(r.get('pair-intro')).toBe(pairIntro);
    expect(r.get('dm')).toBe(dmDelivery);
    expect(r.get('nope')).toBeUndefined();
    expect(r.types().sort()).toEqual(['channel', 'channel-archive', 'channel-join', 'dm', 'pair-intro', 'update']);
    expect(() => r.register(pairIntro)).toThrow(/already registered/);
    expect(() => new DeliveryRegistry([dmDelivery, dmDelivery])).toThrow(/already registered/);
    expect(() => r.require('nope')).toThrow(/No delivery kind of type nope/);
  });

  it('checks a payload with its kind’s schema before queueing it', async () => {
    const bad = { ...intro, members: ['U1'] };
    await expect(enqueue(db, pairIntro, { key: 'bad', workspaceId, payload: bad, availableAt: START })).rejects.toThrow(InvalidPayloadError);
    await expect(enqueueDirect(db, { key: 'bad-dm', personId: person.U1!, message: {} as never, at: START })).rejects.toThrow(InvalidPayloadError);
    expect(await db.$count(outbox)).toBe(0);
    expect(await enqueue(db, pairIntro, { key: 'ok', workspaceId, payload: intro, availableAt: START })).toBe(true);
    expect(await enqueue(db, pairIntro, { key: 'ok', workspaceId, payload: intro, availableAt: START })).toBe(false);
    expect(await rowByKey('ok')).toMatchObject({ kind: 'pair-intro', lane: 'pair:slack:T1:pair-ada-bo', held: false, alert: false });
  });

  it('gives a DM the same lane whether it is queued by payload or by person in SQL', async () => {
    const to = { platform: 'slack' as const, workspace: 'T1', user: 'U1' };
    await enqueue(db, dmDelivery, { key: 'by-payload', workspaceId, payload: { to, message: message('one') }, availableAt: START });
    await enqueueDirect(db, { key: 'by-person', personId: person.U1!, message: message('two'), at: START });
    const [a, b] = [await rowByKey('by-payload'), await rowByKey('by-person')];
    expect(a.lane).toBe(dmLane(to));
    expect(b.lane).toBe(dmLane(to));
    expect([a.held, b.held]).toEqual([false, true]);
  });

  it('runs a multi-step delivery’s steps once: a retry after the post failed opens no second channel', async () => {
    await enqueue(db, pairIntro, { key: 'intro', workspaceId, programId, payload: intro, availableAt: START });
    chat.failNext(1, { method: 'postChannel', code: 'server_error' });
    expect(await worker().drain()).toBe(0);
    expect(chat.openedChannels).toHaveLength(1);
    expect(chat.posts).toHaveLength(0);
    const row = await rowByKey('intro');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    const steps = await db.select().from(deliverySteps).where(eq(deliverySteps.outboxId, row.id));
    expect(steps.map((s) => [s.step, s.result])).toEqual([['open', { channel: chat.openedChannels[0]!.channel, name: 'pair-ada-bo' }]]);

    // Another worker takes the retry (as after a crash): it gets the recorded channel.
    clock.advance(1_000);
    expect(await worker({ workerId: 'w2' }).drain()).toBe(1);
    expect(chat.openedChannels).toHaveLength(1);
    expect(chat.posts).toHaveLength(1);
    expect(chat.posts[0]!.to.channel).toBe(chat.openedChannels[0]!.channel);
    expect((await rowByKey('intro')).status).toBe('sent');
    // The steps go with their row.
    await db.delete(outbox).where(eq(outbox.id, row.id));
    expect(await db.$count(deliverySteps)).toBe(0);
  });

  it('kills a row of an unknown kind at once, alerting the coordinators', async () => {
    await db.insert(outbox).values({ idempotencyKey: 'mystery', kind: 'carrier-pigeon', workspaceId, programId, payload: {}, availableAt: START, createdAt: START });
    await worker({ deliveries: builtinDeliveries() }).drain();
    expect(await rowByKey('mystery')).toMatchObject({ status: 'dead', attempts: 1 });
    expect((await rowByKey('mystery')).lastError).toMatch(/^unknown_kind: /);
    expect(chat.directsTo('C1').map((m) => m.text)).toEqual([
      expect.stringMatching(/^A message \(delivery \d+\) could not be delivered after 1 attempt: unknown_kind/),
    ]);
  });

  it('kills a payload its schema refuses at once, and names the delivery through its kind when it dies', async () => {
    await db.insert(outbox).values({ idempotencyKey: 'broken', kind: 'pair-intro', workspaceId, programId, payload: { platform: 'slack' }, availableAt: START, createdAt: START });
    await enqueue(db, pairIntro, { key: 'doomed', workspaceId, programId, payload: { ...intro, name: 'pair-cy-di' }, availableAt: START });
    chat.failNext(1, { method: 'openPrivateChannel', permanent: true, code: 'missing_scope' });
    await worker().drain();
    expect(await rowByKey('broken')).toMatchObject({ status: 'dead', attempts: 1, lastError: 'invalid_payload: the stored payload is malformed' });
    expect(await rowByKey('doomed')).toMatchObject({ status: 'dead', attempts: 1 });
    expect(chat.directsTo('C1').map((m) => m.text).sort()).toEqual([
      expect.stringMatching(/^A message \(delivery \d+\) could not be delivered after 1 attempt: invalid_payload/),
      expect.stringMatching(/^The introduction of pair-cy-di \(delivery \d+\) could not be delivered after 1 attempt: missing_scope/),
    ]);
  });

  it('adds someone to a channel in the channel’s lane: a post queued after it waits for it, and a failed join is retried first', async () => {
    const to = { platform: 'slack' as const, workspace: 'T1', channel: 'G1' };
    await expect(enqueue(db, channelJoinDelivery, { key: 'no-user', workspaceId, payload: { to, user: '' }, availableAt: START })).rejects.toThrow(InvalidPayloadError);
    await enqueue(db, channelJoinDelivery, { key: 'join', workspaceId, programId, personId: person.C1!, payload: { to, user: 'C1' }, availableAt: START });
    await enqueue(db, channelDelivery, { key: 'joined', workspaceId, programId, payload: { to, message: message('C1 joined') }, availableAt: START });
    expect([await rowByKey('join'), await rowByKey('joined')].map((r) => [r.kind, r.lane, r.held])).toEqual([
      ['channel-join', channelLane(to), false],
      ['channel', channelLane(to), true],
    ]);
    chat.failNext(1, { method: 'addToChannel', code: 'server_error' });
    await worker().drain();
    // The post waits behind the failed join: nobody reads "joined" before they are in.
    expect(chat.calls).toEqual([]);
    clock.advance(1_000);
    await worker().drain();
    expect(chat.calls.map((c) => c.method)).toEqual(['addToChannel', 'postChannel']);
    expect(chat.calls[0]).toEqual({ method: 'addToChannel', to, user: 'C1' });
  });

  it('names a join that dies by who and where, without content', async () => {
    await enqueue(db, channelJoinDelivery, { key: 'join-dies', workspaceId, programId, payload: { to: { platform: 'slack', workspace: 'T1', channel: 'G2' }, user: 'U2' }, availableAt: START });
    chat.failNext(1, { method: 'addToChannel', permanent: true, code: 'channel_not_found' });
    await worker().drain();
    expect(chat.directsTo('C1').map((m) => m.text)).toEqual([
      ['Adding ', { mention: 'U2' }, ' to ', { channel: 'G2' }, expect.stringMatching(/^ \(delivery \d+\)$/), expect.stringMatching(/^ could not be delivered after 1 attempt: channel_not_found/)],
    ]);
  });

  it('alerts nobody about an update that dies', async () => {
    const payload = { to: { platform: 'slack' as const, workspace: 'T1' }, ref: { channel: 'D1', id: '9' }, message: message('closed') };
    await enqueue(db, updateDelivery, { key: 'upd', workspaceId, programId, payload, availableAt: START });
    chat.failNext(1, { permanent: true, code: 'message_not_found' });
    await worker().drain();
    expect(await rowByKey('upd')).toMatchObject({ status: 'dead', lane: 'message:slack:T1:D1:9' });
    expect(await db.$count(outbox)).toBe(1);
  });

  it('queues the close of closed prompts whose message is known, in one statement, once', async () => {
    const [open, answered, unposted] = await queryRows<{ id: string }>(
      db,
      sql`insert into prompts (person_id, program_id, flow, spec, status, message_ref, created_at, answered_at)
          values (${person.U1!}::uuid, ${programId}::uuid, 'f', '{"question":"Q1?"}', 'open', '{"channel":"D1","id":"1"}', now(), null),
                 (${person.U1!}::uuid, ${programId}::uuid, 'f', '{"question":"Q2?"}', 'answered', '{"channel":"D1","id":"2"}', now(), now()),
                 (${person.U1!}::uuid, ${programId}::uuid, 'f', '{"question":"Q3?"}', 'cancelled', null, now(), now())
          returning id`,
    );
    const ids = [open!.id, answered!.id, unposted!.id];
    expect(await enqueuePromptCloses(db, ids, START)).toBe(1);
    expect(await enqueuePromptCloses(db, ids, START)).toBe(0);
    await worker().drain();
    expect(chat.calls.filter((c) => c.method === 'updateMessage')).toEqual([
      { method: 'updateMessage', ref: { channel: 'D1', id: '2' }, message: { text: 'Q2?\n✓ Answered.' } },
    ]);
    await db.execute(sql`delete from prompts`);
  });
});
