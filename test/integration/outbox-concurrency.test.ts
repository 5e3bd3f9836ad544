import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { renderText } from '../../src/core/render.js';
import { queryRows, sql, type Database, type Db } from '../../src/db/client.js';
import { people, workspaces } from '../../src/db/schema/index.js';
import { OutboxWorker } from '../../src/jobs/outbox-worker.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';
import { FakeChat } from '../support/fake-chat.js';

const START = new Date('2025-07-01T12:00:00Z');
const ROWS = 500;
const LEASE_MS = 60_000;
const logger = createLogger({ level: 'silent' });

/**
 * Exactly-once delivery under concurrency. On PostgreSQL the two workers share a pool of four
 * connections, so their claims really run at the same time and only FOR UPDATE SKIP LOCKED
 * keeps them apart; on PGlite (one connection) the same logic runs interleaved.
 */
describe.each(databaseKinds())('outbox concurrency on %s', (kind) => {
  let database: Database;
  let db: Db;
  let clock: ManualClock;
  let chat: FakeChat;

  const worker = (workerId: string, batchSize = 25) =>
    new OutboxWorker({ db, chat: FakeChat.router(chat), clock, logger, workerId, batchSize, leaseMs: LEASE_MS });

  /** Which outbox keys the fake received, and how often each. */
  const deliveredKeys = () => {
    const counts = new Map<string, number>();
    for (const d of chat.directs) counts.set(renderText(d.message.text), (counts.get(renderText(d.message.text)) ?? 0) + 1);
    return counts;
  };

  const statusCounts = async () =>
    Object.fromEntries(
      (await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from outbox group by status`)).map(
        (r) => [r.status, Number(r.n)],
      ),
    );

  beforeAll(async () => {
    database = await openTestDatabase(kind, { max: 4 });
    db = database.db;
    const [ws] = await db.insert(workspaces).values({ platform: 'slack', externalId: 'T1' }).returning();
    await db.insert(people).values({ workspaceId: ws!.id, platformUserId: 'U1' });
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    clock = new ManualClock(START);
    chat = new FakeChat('slack', { latencyMs: 1 });
    await db.execute(sql`delete from outbox`);
    // One set-based insert; each row's text is its key so the fake can count deliveries per row.
    await db.execute(sql`
      insert into outbox (idempotency_key, kind, workspace_id, person_id, payload, available_at, created_at)
      select 'row:' || g, 'dm', p.workspace_id, p.id,
        jsonb_build_object('type', 'dm', 'to', jsonb_build_object('platform', 'slack', 'workspace', 'T1', 'user', 'U1'),
          'message', jsonb_build_object('text', 'row:' || g)),
        ${START.toISOString()}::timestamptz, ${START.toISOString()}::timestamptz
      from generate_series(1, ${ROWS}::int) g, people p`);
  });

  it('two workers draining one outbox concurrently deliver every row exactly once', async () => {
    const [a, b] = [worker('A'), worker('B')];
    const [sentA, sentB] = await Promise.all([a.drain(), b.drain()]);
    expect(sentA + sentB).toBe(ROWS);
    // Both took part: the claims interleaved rather than one worker doing everything.
    expect(sentA).toBeGreaterThan(0);
    expect(sentB).toBeGreaterThan(0);

    const counts = deliveredKeys();
    expect(counts.size).toBe(ROWS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await statusCounts()).toEqual({ sent: ROWS });
    const perWorker = await queryRows<{ claimed_by: string; n: number }>(
      db,
      sql`select claimed_by, count(*)::int as n from outbox group by claimed_by order by 1`,
    );
    expect(perWorker.map((r) => [r.claimed_by, Number(r.n)])).toEqual([
      ['A', sentA],
      ['B', sentB],
    ]);
  });

  it("leaves a killed worker's claimed rows to another worker once the lease runs out", async () => {
    const crashed = worker('A', 100);
    const held = await crashed.claim();
    expect(held).toHaveLength(100);
    // A "dies" here: it never delivers. B drains everything else and must not touch A's rows.
    const survivor = worker('B');
    expect(await survivor.drain()).toBe(ROWS - 100);
    expect(await statusCounts()).toEqual({ sent: ROWS - 100, sending: 100 });

    clock.advance(LEASE_MS - 1);
    expect(await survivor.drain()).toBe(0);
    clock.advance(2);
    expect(await survivor.drain()).toBe(100);

    const counts = deliveredKeys();
    expect(counts.size).toBe(ROWS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const row of held) expect(counts.get((row.payload as { message: { text: string } }).message.text)).toBe(1);

    // A comes back from the dead: it can no longer mark rows it lost as sent.
    expect(await crashed.markSent(held.map((r) => r.id))).toBe(0);
    const taken = await queryRows<{ claimed_by: string; attempts: number }>(
      db,
      sql`select distinct claimed_by, attempts from outbox where id = any(${`{${held.map((r) => r.id).join(',')}}`}::bigint[])`,
    );
    expect(taken.map((r) => [r.claimed_by, Number(r.attempts)])).toEqual([['B', 2]]);
    expect(await statusCounts()).toEqual({ sent: ROWS });
  });
});
