import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { queryRows, sql, type Database, type Db } from '../../src/db/client.js';
import { outbox, people, programs, schedules, workspaces } from '../../src/db/schema/index.js';
import { ProgramCatalog } from '../../src/domain/programs/catalog.js';
import { loadPrograms } from '../../src/domain/programs/load-program.js';
import { OutboxWorker } from '../../src/jobs/outbox-worker.js';
import type { PlannerContext } from '../../src/jobs/planner.js';
import { createSchedule, firstDueAt, recurringPlanner, WEEKDAYS } from '../../src/jobs/recurring.js';
import { retentionPlanner } from '../../src/jobs/retention-planner.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';
import { FakeChat } from '../support/fake-chat.js';

const logger = createLogger({ level: 'silent' });
const WEEK = 7 * 86_400_000;
const ZONES = { UL: 'Europe/London', UT: 'America/Toronto' } as const;
const weekly = recurringPlanner({ name: 'weekly-checkins', kind: 'weekly-checkin', delivery: 'dm' });

describe.each(databaseKinds())('recurring schedules on %s', (kind) => {
  let database: Database;
  let db: Db;
  let catalog: ProgramCatalog;
  let programId: string;
  let person: Record<string, string>;
  let clock: ManualClock;
  const ctx = (): PlannerContext => ({ db, catalog, clock, logger });

  /** A weekly Monday 10:00 check-in for each person, in their own zone, from `from`. */
  const weeklyCheckins = async (from: Date, users: (keyof typeof ZONES)[] = ['UL', 'UT']) => {
    for (const user of users) {
      const zone = ZONES[user];
      await createSchedule(db, {
        kind: 'weekly-checkin',
        personId: person[user]!,
        programId,
        timeZone: zone,
        every: '7 days',
        firstDueAt: firstDueAt({ weekday: WEEKDAYS.monday, time: '10:00', zone, after: from }),
        payload: { message: { text: 'How did this week go?' } },
        now: from,
      });
    }
  };

  /** Each person's planned occurrences as local wall times. */
  const plannedLocal = async () => {
    const rows = await db.select().from(outbox).orderBy(outbox.id);
    const byUser: Record<string, string[]> = {};
    for (const row of rows) {
      const p = row.payload as { to: { user: keyof typeof ZONES }; dueAt: string };
      (byUser[p.to.user] ??= []).push(DateTime.fromISO(p.dueAt, { zone: ZONES[p.to.user] }).toFormat('ccc MM-dd HH:mm'));
    }
    return byUser;
  };

  beforeAll(async () => {
    catalog = new ProgramCatalog(await loadPrograms(['examples/workplace.yaml']));
    database = await openTestDatabase(kind);
    db = database.db;
    const [ws] = await db.insert(workspaces).values({ platform: 'slack', externalId: 'T1' }).returning();
    const [program] = await db
      .insert(programs)
      .values({ workspaceId: ws!.id, slug: 'p', name: 'P', audience: 'workplace', definition: {}, definitionHash: 'h' })
      .returning();
    programId = program!.id;
    const rows = await db.insert(people).values(['UL', 'UT', 'UX'].map((u) => ({ workspaceId: ws!.id, platformUserId: u }))).returning();
    person = Object.fromEntries(rows.map((r) => [r.platformUserId, r.id]));
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await db.execute(sql`delete from outbox`);
    await db.execute(sql`delete from schedules`);
    await db.execute(sql`delete from scheduler_runs`);
  });

  it('advancing 8 weeks plans 8 weekly occurrences each, at 10:00 local across the spring DST changes', async () => {
    const start = new Date('2025-03-01T00:00:00Z');
    clock = new ManualClock(start);
    await weeklyCheckins(start);
    const scheduler = new Scheduler({ db, clock, logger, catalog, instanceId: 'a', timezone: 'UTC', planners: [weekly, retentionPlanner] });
    const result = await scheduler.advance(start, clock.advance(8 * WEEK));
    expect(result.planned).toBe(16);
    // It jumps from due time to due time (two people, eight Mondays, in different zones).
    expect(result.ticks).toBeLessThanOrEqual(18);
    const mondays = ['03-03', '03-10', '03-17', '03-24', '03-31', '04-07', '04-14', '04-21'].map((d) => `Mon ${d} 10:00`);
    expect(await plannedLocal()).toEqual({ UL: mondays, UT: mondays });
    // Toronto changed on 9 March, London on 30 March: the UTC times move, the local ones do not.
    const utc = await queryRows<{ key: string }>(db, sql`select idempotency_key as key from outbox order by id`);
    const dueUtc = utc.map((r) => /:(\d{4}-\d\d-\d\dT[\d:.]+Z)$/.exec(r.key)?.[1]);
    expect(dueUtc).toEqual(expect.arrayContaining(['2025-03-24T10:00:00.000Z', '2025-03-31T09:00:00.000Z', '2025-03-03T15:00:00.000Z', '2025-03-10T14:00:00.000Z']));
    const [ul] = await db.select().from(schedules).where(eq(schedules.personId, person.UL!));
    expect(ul!.nextDueAt.toISOString()).toBe('2025-04-28T09:00:00.000Z');

    // Each occurrence is an ordinary DM once planned.
    const chat = new FakeChat('slack');
    const worker = new OutboxWorker({ db, chat: FakeChat.router(chat), clock, logger, workerId: 'w', batchSize: 50 });
    expect(await worker.drain()).toBe(16);
    expect(chat.directsTo('UT')).toHaveLength(8);
    expect(chat.directsTo('UL')[0]).toEqual({ text: 'How did this week go?' });
  });

  it('keeps 10:00 local across the autumn changes, for months as for weeks', async () => {
    const start = new Date('2025-10-18T00:00:00Z');
    clock = new ManualClock(start);
    await weeklyCheckins(start);
    await createSchedule(db, {
      kind: 'weekly-checkin',
      personId: person.UX!,
      programId,
      timeZone: 'America/Toronto',
      every: '1 month',
      firstDueAt: new Date('2025-10-31T14:00:00Z'), // Friday 31 October, 10:00 EDT
      payload: { message: { text: 'Monthly review' } },
      now: start,
    });
    const scheduler = new Scheduler({ db, clock, logger, catalog, instanceId: 'a', timezone: 'UTC', planners: [weekly] });
    await scheduler.advance(start, clock.advance(5 * WEEK));
    const planned = await plannedLocal();
    expect(planned.UL).toEqual(['10-20', '10-27', '11-03', '11-10', '11-17'].map((d) => `Mon ${d} 10:00`));
    expect(planned.UT).toEqual(['10-20', '10-27', '11-03', '11-10', '11-17'].map((d) => `Mon ${d} 10:00`));
    const monthly = await queryRows<{ due: string }>(db, sql`select payload->>'dueAt' as due from outbox where person_id = ${person.UX!}::uuid`);
    expect(monthly.map((r) => r.due)).toEqual(['2025-10-31T14:00:00.000Z']);
    const [ux] = await db.select().from(schedules).where(eq(schedules.personId, person.UX!));
    // 30 November is after the change: 10:00 EST is 15:00 UTC.
    expect(ux!.nextDueAt.toISOString()).toBe('2025-11-30T15:00:00.000Z');
  });

  it('plans a slot once however often it runs, and a key once even if a schedule is set back', async () => {
    const start = new Date('2025-05-01T00:00:00Z');
    clock = new ManualClock(start);
    await weeklyCheckins(start, ['UL']);
    const slot = new Date('2025-05-05T09:00:00Z'); // Monday 10:00 BST
    expect(await weekly.plan(ctx(), slot)).toBe(1);
    expect(await weekly.plan(ctx(), slot)).toBe(0);
    expect(await weekly.nextDueAt!(ctx(), slot)).toEqual(new Date('2025-05-12T09:00:00Z'));
    // As if the advance had been lost: the occurrence is found again, but its key is taken.
    await db.update(schedules).set({ nextDueAt: slot });
    expect(await weekly.plan(ctx(), slot)).toBe(0);
    expect(await db.$count(outbox)).toBe(1);
    const [row] = await db.select().from(outbox);
    expect(row!.idempotencyKey).toMatch(/^weekly-checkin:[0-9a-f-]{36}:2025-05-05T09:00:00\.000Z$/);
    expect(row).toMatchObject({ kind: 'dm', programId, personId: person.UL, lane: 'dm:slack:T1:UL' });
  });

  it('after missed weeks sends one occurrence and moves on to the next one to come', async () => {
    clock = new ManualClock(new Date('2025-06-01T00:00:00Z'));
    await weeklyCheckins(new Date('2025-06-01T00:00:00Z'), ['UT']); // Monday 2 June, 10:00 EDT
    const slot = new Date('2025-06-25T12:00:00Z'); // three Mondays later, a Wednesday
    expect(await weekly.plan(ctx(), slot)).toBe(1);
    const [ut] = await db.select().from(schedules);
    expect(ut!.nextDueAt.toISOString()).toBe('2025-06-30T14:00:00.000Z');
  });

  it('queues nothing for an erased person, and refuses a zone or a step it could not plan', async () => {
    clock = new ManualClock(new Date('2025-06-01T00:00:00Z'));
    await createSchedule(db, {
      kind: 'weekly-checkin', personId: person.UX!, timeZone: 'UTC', every: '7 days', firstDueAt: new Date('2025-06-02T10:00:00Z'), now: clock.now(),
    });
    await db.update(people).set({ erasedAt: clock.now() }).where(eq(people.id, person.UX!));
    expect(await weekly.plan(ctx(), new Date('2025-06-02T10:00:00Z'))).toBe(0);
    expect((await db.select().from(schedules))[0]!.nextDueAt.toISOString()).toBe('2025-06-09T10:00:00.000Z');
    await db.update(people).set({ erasedAt: null }).where(eq(people.id, person.UX!));

    const row = { kind: 'x', personId: person.UX!, every: '7 days', nextDueAt: clock.now(), createdAt: clock.now() };
    await expect(db.insert(schedules).values({ ...row, timeZone: 'Mars/Olympus' })).rejects.toThrow();
    await expect(db.insert(schedules).values({ ...row, timeZone: 'UTC', every: '0 days' })).rejects.toThrow();
    await expect(createSchedule(db, { kind: 'x', personId: person.UX!, timeZone: 'Mars/Olympus', every: '7 days', firstDueAt: clock.now(), now: clock.now() })).rejects.toThrow(/time zone/);
  });
});
