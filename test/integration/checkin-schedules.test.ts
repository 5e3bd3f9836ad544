import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { queryRows, sql, type Database, type Db } from '../../src/db/client.js';
import { workspaces } from '../../src/db/schema/index.js';
import { checkinPlanner, createCheckinSchedules } from '../../src/domain/checkins/checkin-schedules.js';
import { ProgramCatalog } from '../../src/domain/programs/catalog.js';
import { loadPrograms } from '../../src/domain/programs/load-program.js';
import { syncPrograms } from '../../src/domain/programs/sync-programs.js';
import type { PlannerContext } from '../../src/jobs/planner.js';
import { createSchedule, firstDueAt, recurringPlanner, WEEKDAYS } from '../../src/jobs/recurring.js';
import { enqueueDirect } from '../../src/jobs/enqueue.js';
import { message } from '../../src/core/render.js';
import { seedActiveMatches } from '../support/active-matches.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';
import { programVariant } from '../support/program-variant.js';

// Monday; the workplace program checks in on Wednesdays at 10:00, Europe/London by default.
const SLOT = new Date('2026-03-23T09:00:00Z');
const logger = createLogger({ level: 'silent' });

describe.each(databaseKinds())('check-in schedules on %s', (kind) => {
  let database: Database;
  let db: Db;
  let catalog: ProgramCatalog;
  let workspaceId: string;
  let ids: Map<string, string>;
  const ctx = (): PlannerContext => ({ db, catalog, clock: new ManualClock(SLOT), logger });

  /** Each person's schedule: zone, first due time and step. */
  const scheduleOf = async () =>
    new Map(
      (
        await queryRows<{ who: string; zone: string; due: Date | string; every: string }>(
          db,
          sql`select p.platform_user_id as who, s.time_zone as zone, s.next_due_at as due, s.every::text as every
              from schedules s join people p on p.id = s.person_id where s.kind = 'checkin'`,
        )
      ).map((r) => [r.who, { zone: r.zone, due: new Date(r.due).toISOString(), every: r.every }]),
    );

  const due = (zone: string, day: keyof typeof WEEKDAYS = 'wednesday', time = '10:00') =>
    firstDueAt({ weekday: WEEKDAYS[day], time, zone, after: SLOT }).toISOString();

  beforeAll(async () => {
    // A second program with no time zone of its own, checking in every other Saturday at 11:30.
    const noZone = programVariant('examples/workplace.yaml', { slug: 'no-zone', timezone: undefined, checkins: { cadence: 'biweekly', day: 'saturday', time: '11:30' } });
    const noCheckins = programVariant('examples/workplace.yaml', { slug: 'no-checkins', checkins: undefined });
    catalog = new ProgramCatalog(await loadPrograms(['examples/workplace.yaml', noZone, noCheckins]));
    database = await openTestDatabase(kind, { max: 4 });
    db = database.db;
    const [ws] = await db.insert(workspaces).values({ platform: 'slack', externalId: 'T1' }).returning();
    workspaceId = ws!.id;
    ids = await syncPrograms(db, workspaceId, catalog, SLOT);
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    for (const table of ['schedules', 'match_members', 'matches', 'participations', 'outbox']) await db.execute(sql.raw(`delete from ${table}`));
    await db.execute(sql`delete from people`);
  });

  it("uses each member's zone, else their profile's, else the program's, and falls back past zones nobody knows", async () => {
    await seedActiveMatches(db, {
      workspaceId,
      programId: ids.get('workplace')!,
      pairs: 4,
      startedAt: SLOT,
      zones: ['Asia/Kolkata', null, null, 'Mars/Olympus_Mons', 'not a zone', 'asia/kathmandu', '', "Europe/London'; drop table people; --"],
      platformZones: ['America/New_York', 'Australia/Adelaide', null, 'America/St_Johns', null, null, 'Pacific/Chatham', 'Nowhere/Else'],
    });
    expect(await createCheckinSchedules(db, catalog, SLOT)).toEqual({ matches: 4, created: 8 });
    expect(Object.fromEntries(await scheduleOf())).toEqual({
      M1: { zone: 'Asia/Kolkata', due: due('Asia/Kolkata'), every: '7 days' },
      E1: { zone: 'Australia/Adelaide', due: due('Australia/Adelaide'), every: '7 days' },
      M2: { zone: 'Europe/London', due: due('Europe/London'), every: '7 days' },
      E2: { zone: 'America/St_Johns', due: due('America/St_Johns'), every: '7 days' },
      M3: { zone: 'Europe/London', due: due('Europe/London'), every: '7 days' },
      // Matched without regard to case, stored as the database spells it.
      E3: { zone: 'Asia/Kathmandu', due: due('Asia/Kathmandu'), every: '7 days' },
      M4: { zone: 'Pacific/Chatham', due: due('Pacific/Chatham'), every: '7 days' },
      E4: { zone: 'Europe/London', due: due('Europe/London'), every: '7 days' },
    });
    // Wednesday 10:00 in Kolkata (+05:30) is 04:30 UTC.
    expect((await scheduleOf()).get('M1')!.due).toBe('2026-03-25T04:30:00.000Z');
    // Made once: the next tick finds no new match.
    expect(await createCheckinSchedules(db, catalog, new Date(SLOT.getTime() + 60_000))).toEqual({ matches: 0, created: 0 });
    // A match planned again (as after the migration that added the mark) keeps its schedules.
    const before = await scheduleOf();
    await db.execute(sql`update matches set checkins_planned_at = null`);
    expect(await createCheckinSchedules(db, catalog, new Date('2026-03-26T09:00:00Z'))).toEqual({ matches: 4, created: 0 });
    expect(await scheduleOf()).toEqual(before);
  });

  it("takes the program's own day, time and cadence, UTC without a program zone, and skips programs without check-ins", async () => {
    await seedActiveMatches(db, { workspaceId, programId: ids.get('no-zone')!, pairs: 1, startedAt: SLOT, zones: [null, 'Pacific/Auckland'] });
    await seedActiveMatches(db, { workspaceId, programId: ids.get('no-checkins')!, pairs: 1, prefix: 'x', startedAt: SLOT, zones: ['Asia/Tokyo'] });
    expect(await createCheckinSchedules(db, catalog, SLOT)).toEqual({ matches: 1, created: 2 });
    expect(Object.fromEntries(await scheduleOf())).toEqual({
      M1: { zone: 'UTC', due: due('UTC', 'saturday', '11:30'), every: '14 days' },
      E1: { zone: 'Pacific/Auckland', due: due('Pacific/Auckland', 'saturday', '11:30'), every: '14 days' },
    });
    // The program without check-ins leaves nothing waiting: no tick every minute for it.
    const planner = checkinPlanner();
    expect(await planner.nextDueAt!(ctx(), SLOT)).toEqual(new Date(due('Pacific/Auckland', 'saturday', '11:30')));
  });

  it('leaves out ended matches and erased people, and says the next tick has work while a member has no schedule', async () => {
    const programId = ids.get('workplace')!;
    await seedActiveMatches(db, { workspaceId, programId, pairs: 3, startedAt: SLOT, zones: ['Europe/Berlin'] });
    await db.execute(sql`update matches set state = 'closed' where channel = 'C2'`);
    await db.execute(sql`update people set erased_at = ${SLOT.toISOString()}::timestamptz where platform_user_id = 'E3'`);
    const planner = checkinPlanner();
    expect(await planner.nextDueAt!(ctx(), SLOT)).toEqual(new Date(SLOT.getTime() + 60_000));
    // Nothing is due on Monday: the tick makes the schedules and queues nothing.
    expect(await planner.plan(ctx(), SLOT)).toBe(0);
    expect([...(await scheduleOf()).keys()].sort()).toEqual(['E1', 'M1', 'M3']);
    expect(await planner.nextDueAt!(ctx(), SLOT)).toEqual(new Date(due('Europe/Berlin')));
    // On Wednesday at 10:00 Berlin time each gets their check-in.
    expect(await planner.plan(ctx(), new Date(due('Europe/Berlin')))).toBe(3);
  });

  it('queues a busy minute a few at a time, and says the next tick has the rest', async () => {
    await seedActiveMatches(db, { workspaceId, programId: ids.get('workplace')!, pairs: 4, startedAt: SLOT });
    await createCheckinSchedules(db, catalog, SLOT);
    const wednesday = new Date(due('Europe/London'));
    const planner = recurringPlanner({ name: 'checkins', kind: 'checkin', perStatement: 3, budgetMs: 0 });
    const queued = [];
    for (let tick = 0; tick < 3; tick++) {
      const at = new Date(wednesday.getTime() + tick * 60_000);
      queued.push(await planner.plan(ctx(), at));
      // Then next Wednesday, 10:00 in London, which has gone over to summer time since.
      const next = firstDueAt({ weekday: WEEKDAYS.wednesday, time: '10:00', zone: 'Europe/London', after: wednesday });
      expect(await planner.nextDueAt!(ctx(), at)).toEqual(tick < 2 ? new Date(at.getTime() + 60_000) : next);
    }
    expect(queued).toEqual([3, 3, 2]);
    // Each member once, at the minute it was due.
    const rows = await queryRows<{ n: number; due: string }>(db, sql`select count(*)::int as n, min(payload->>'dueAt') as due from outbox`);
    expect(rows[0]).toEqual({ n: 8, due: wednesday.toISOString() });
  });

  it('holds a check-in behind what is still open for the person, and behind their other check-in', async () => {
    await seedActiveMatches(db, { workspaceId, programId: ids.get('workplace')!, pairs: 2, startedAt: SLOT });
    await createCheckinSchedules(db, catalog, SLOT);
    const wednesday = new Date(due('Europe/London'));
    // M1 mentors in a second match too; E2 has a message still waiting.
    const [m1] = await queryRows<{ id: string; program_id: string }>(db, sql`select person_id as id, program_id from schedules s join people p on p.id = s.person_id where p.platform_user_id = 'M1'`);
    await createSchedule(db, { kind: 'checkin', personId: m1!.id, programId: m1!.program_id, subjectId: randomUUID(), timeZone: 'Europe/London', every: '7 days', firstDueAt: wednesday, now: SLOT });
    const [e2] = await queryRows<{ id: string }>(db, sql`select id from people where platform_user_id = 'E2'`);
    await enqueueDirect(db, { key: 'waiting', personId: e2!.id, programId: null, message: message('Earlier news'), at: SLOT });
    expect(await checkinPlanner().plan(ctx(), wednesday)).toBe(5);
    const held = await queryRows<{ who: string; held: boolean }>(
      db,
      sql`select p.platform_user_id as who, o.held from outbox o join people p on p.id = o.person_id where o.kind = 'checkin' order by o.id`,
    );
    expect(held.filter((h) => h.held).map((h) => h.who).sort()).toEqual(['E2', 'M1']);
    expect(held.filter((h) => !h.held).map((h) => h.who).sort()).toEqual(['E1', 'M1', 'M2']);
  });

  it('makes one schedule per member when several schedulers create them at once', async () => {
    await seedActiveMatches(db, { workspaceId, programId: ids.get('workplace')!, pairs: 60, startedAt: SLOT, zones: ['Asia/Kolkata', 'America/New_York', null, 'Australia/Sydney'] });
    // In statements of 7 matches, as a tick takes a burst a few thousand at a time.
    const runs = await Promise.all([0, 1, 2, 3].map(async () => {
      const made = { matches: 0, created: 0 };
      for (let step = await createCheckinSchedules(db, catalog, SLOT, 7); step.matches > 0; step = await createCheckinSchedules(db, catalog, SLOT, 7)) {
        expect(step.matches).toBeLessThanOrEqual(7);
        made.matches += step.matches;
        made.created += step.created;
      }
      return made;
    }));
    expect(runs.reduce((a, b) => ({ matches: a.matches + b.matches, created: a.created + b.created }))).toEqual({ matches: 60, created: 120 });
    const [counts] = await queryRows<{ schedules: number; members: number }>(
      db,
      sql`select count(*)::int as schedules, count(distinct (subject_id, person_id))::int as members from schedules where kind = 'checkin'`,
    );
    expect(counts).toEqual({ schedules: 120, members: 120 });
  });
});
