import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { queryRows, sql, type Database, type Db } from '../../src/db/client.js';
import { outbox, people, programs, reminders, schedulerRuns, workspaces } from '../../src/db/schema/index.js';
import { OutboxWorker } from '../../src/jobs/outbox-worker.js';
import { ProgramCatalog } from '../../src/domain/programs/catalog.js';
import { loadPrograms } from '../../src/domain/programs/load-program.js';
import { remindersPlanner } from '../../src/jobs/reminders-planner.js';
import { DbRunCoordinator } from '../../src/jobs/run-coordinator.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { ceilMinute } from '../../src/jobs/ticks.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';
import { FakeChat } from '../support/fake-chat.js';

const START = new Date('2025-06-02T08:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const logger = createLogger({ level: 'silent' });

describe.each(databaseKinds())('scheduler on %s', (kind) => {
  let database: Database;
  let db: Db;
  let clock: ManualClock;
  let workspaceId: string;
  let programId: string;
  let personIds: string[];
  let catalog: ProgramCatalog;

  const scheduler = (instanceId: string, schedule = '* * * * *') =>
    new Scheduler({ db, clock, logger, catalog, planners: [remindersPlanner], instanceId, schedule, timezone: 'UTC' });

  /** Reminders for people in turn, due at the given times; keys are `r<i>`. */
  async function remind(dueAts: Date[]): Promise<void> {
    await db.insert(reminders).values(
      dueAts.map((dueAt, i) => ({
        workspaceId,
        programId,
        personId: personIds[i % personIds.length]!,
        key: `r${i}`,
        dueAt,
        message: { text: `reminder ${i}` },
      })),
    );
  }

  const plannedKeys = async () =>
    (await queryRows<{ key: string }>(db, sql`select idempotency_key as key from outbox order by 1`)).map((r) => r.key);

  /** Outbox key -> the slot that planned it (planners stamp available_at with the slot). */
  const plannedSlots = async () =>
    new Map((await db.select().from(outbox)).map((r) => [r.idempotencyKey, r.availableAt.toISOString()]));

  beforeAll(async () => {
    catalog = new ProgramCatalog(await loadPrograms(['examples/workplace.yaml']));
    database = await openTestDatabase(kind);
    db = database.db;
    const [ws] = await db.insert(workspaces).values({ platform: 'discord', externalId: 'G1' }).returning();
    workspaceId = ws!.id;
    const [program] = await db
      .insert(programs)
      .values({ workspaceId, slug: 'p', name: 'P', audience: 'youth', definition: {}, definitionHash: 'h' })
      .returning();
    programId = program!.id;
    const rows = await db
      .insert(people)
      .values(['100', '200', '300'].map((u) => ({ workspaceId, platformUserId: u })))
      .returning();
    personIds = rows.map((r) => r.id);
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await db.execute(sql`delete from outbox`);
    await db.execute(sql`delete from reminders`);
    await db.execute(sql`delete from scheduler_runs`);
    clock = new ManualClock(START);
  });

  it('lets exactly one of two racing replicas claim a slot, and each slot be claimed once', async () => {
    const [a, b] = [scheduler('replica-a'), scheduler('replica-b')];
    const slot = new Date(START.getTime() + MIN);
    const results = await Promise.all([a.runSlot(slot), b.runSlot(slot)]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    const next = new Date(slot.getTime() + MIN);
    expect((await b.runSlot(next)).claimed).toBe(true);
    expect((await a.runSlot(new Date(next.getTime() + MIN))).claimed).toBe(true);

    // node-cron's distributed mode asks the same coordinator with `<task name>:<slot ISO>`.
    expect(await a.coordinator.shouldRun(`tick:${slot.toISOString()}`, MIN)).toBe(false);
    const runs = await db.select().from(schedulerRuns).orderBy(schedulerRuns.key);
    expect(runs.map((r) => r.key)).toEqual([1, 2, 3].map((m) => `tick:${new Date(START.getTime() + m * MIN).toISOString()}`));
    expect(runs.every((r) => r.finishedAt !== null)).toBe(true);
    expect(runs[1]!.claimedBy).toBe('replica-b');
  });

  it('prunes claims long past their expiry, so scheduler_runs stays small', async () => {
    const coordinator = new DbRunCoordinator({ db, clock, instanceId: 'a', ttlMs: MIN, retainMs: 60 * MIN });
    expect(await coordinator.claimSlot(START)).toBe(true);
    await coordinator.completeSlot(START);
    clock.advance(3 * 60 * MIN);
    const later = clock.now();
    expect(await coordinator.claimSlot(later)).toBe(true);
    await coordinator.completeSlot(later);
    expect((await db.select().from(schedulerRuns)).map((r) => r.key)).toEqual([`tick:${later.toISOString()}`]);
  });

  it('plans what is due, once, however often or however many slots run', async () => {
    await remind([new Date(START.getTime() - DAY), new Date(START.getTime() + 30_000), new Date(START.getTime() + 10 * MIN)]);
    const s = scheduler('a');
    const slot1 = new Date(START.getTime() + MIN);
    expect(await s.runSlot(slot1)).toEqual({ claimed: true, planned: 2 });
    expect(await s.runSlot(slot1)).toEqual({ claimed: false, planned: 0 });
    expect(await remindersPlanner.plan({ db, clock, logger, catalog }, slot1)).toBe(0);
    expect(await plannedKeys()).toEqual(['r0', 'r1']);

    // Planned reminders leave the queue; one queued again under a key already sent stays unsent.
    expect((await db.select().from(reminders)).map((r) => r.key)).toEqual(['r2']);
    await db.insert(reminders).values({ workspaceId, personId: personIds[0]!, key: 'r0', dueAt: START, message: { text: 'again' } });
    expect(await s.runSlot(new Date(START.getTime() + 15 * MIN))).toEqual({ claimed: true, planned: 1 });
    expect(await plannedKeys()).toEqual(['r0', 'r1', 'r2']);
    expect(await db.$count(reminders)).toBe(0);
    const [row] = await db.select().from(outbox).limit(1);
    expect(row).toMatchObject({ kind: 'dm', status: 'pending', programId });
    expect(row!.payload).toMatchObject({ type: 'dm', to: { platform: 'discord', workspace: 'G1' } });
  });

  it('advances two weeks in a few seconds, planning every reminder at the first tick at or after it is due', async () => {
    const count = 300;
    // Spread deterministically over two weeks, at odd seconds, some sharing a minute.
    const dues = Array.from({ length: count }, (_, i) => new Date(START.getTime() + ((i * 7_919_000 + 13_000) % (14 * DAY))));
    dues.push(new Date(START.getTime() + 15 * DAY));
    await remind(dues);
    const to = new Date(START.getTime() + 14 * DAY);

    // It jumps from due time to due time (a tick count, not a stopwatch: speed is for the bench).
    const result = await scheduler('a').advance(START, to);
    expect(result.planned).toBe(count);
    expect(result.ticks).toBeLessThan(count + 2);

    const slots = await plannedSlots();
    expect(slots.size).toBe(count);
    dues.slice(0, count).forEach((due, i) => expect(slots.get(`r${i}`)).toBe(ceilMinute(due).toISOString()));
    expect((await db.select().from(reminders)).map((r) => r.key)).toEqual([`r${count}`]);
  });

  it('follows the cron expression: a quarter-hour schedule plans at quarter hours', async () => {
    await remind([new Date(START.getTime() + 61_000), new Date(START.getTime() + DAY + 15 * MIN), new Date(START.getTime() + 2 * DAY + 20 * MIN)]);
    const { planned } = await scheduler('a', '*/15 * * * *').advance(START, new Date(START.getTime() + 3 * DAY));
    expect(planned).toBe(3);
    const slots = await plannedSlots();
    expect(['r0', 'r1', 'r2'].map((k) => slots.get(k))).toEqual([
      '2025-06-02T08:15:00.000Z',
      '2025-06-03T08:15:00.000Z',
      '2025-06-04T08:30:00.000Z',
    ]);
  });

  it('delivers advanced reminders through the outbox to the right people', async () => {
    await remind([new Date(START.getTime() + DAY), new Date(START.getTime() + 2 * DAY)]);
    const chat = new FakeChat('discord');
    const to = clock.advance(3 * DAY);
    await scheduler('a').advance(START, to);
    const worker = new OutboxWorker({ db, chat: FakeChat.router(chat), clock, logger, workerId: 'w' });
    expect(await worker.drain()).toBe(2);
    expect(chat.directs.map((d) => [d.to.user, d.message.text])).toEqual([
      ['100', 'reminder 0'],
      ['200', 'reminder 1'],
    ]);
  });

  it('starts and stops its node-cron task', async () => {
    const s = scheduler('a');
    s.start();
    s.start();
    await s.stop();
    await s.stop();
  });
});
