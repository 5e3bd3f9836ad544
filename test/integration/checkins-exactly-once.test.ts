import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { renderText } from '../../src/core/render.js';
import { queryRows, sql, type Database, type Db } from '../../src/db/client.js';
import { workspaces } from '../../src/db/schema/index.js';
import { ProgramCatalog } from '../../src/domain/programs/catalog.js';
import { loadPrograms } from '../../src/domain/programs/load-program.js';
import { programVariant } from '../support/program-variant.js';
import { syncPrograms } from '../../src/domain/programs/sync-programs.js';
import { firstDueAt, WEEKDAYS } from '../../src/jobs/recurring.js';
import { seedActiveMatches } from '../support/active-matches.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';
import { FakeChat } from '../support/fake-chat.js';

// Monday 2 March 2026; New York's clocks go forward on the 8th.
const START = new Date('2026-03-02T00:00:00Z');
const WEEKS = 4;
const DAY = 86_400_000;
const PAIRS = 20;
// Taken in turn by person k (mentor of pair g is k = 2(g-1), its mentee k + 1).
const ZONES = ['Asia/Kolkata', 'America/New_York', null, 'Australia/Sydney', 'Europe/Berlin', 'Pacific/Auckland', 'America/Sao_Paulo', 'Not/AZone'];
const PLATFORM_ZONES = [null, null, 'Asia/Tokyo'];
const INTRO = 'Time for your mentoring check-in.';

/** The zone each person's check-ins follow: their answer, else their profile's, else the program's (London). */
function zoneOf(k: number): string {
  const own = ZONES[k % ZONES.length];
  if (own && own !== 'Not/AZone') return own;
  return PLATFORM_ZONES[k % PLATFORM_ZONES.length] ?? 'Europe/London';
}

/** Wednesdays at 10:00 in the zone, after the schedule was made (the first tick) and up to the end. */
function expectedDue(zone: string, end: Date): string[] {
  const due: string[] = [];
  let at = DateTime.fromJSDate(firstDueAt({ weekday: WEEKDAYS.wednesday, time: '10:00', zone, after: new Date(START.getTime() + 60_000) }), { zone });
  for (; at.toJSDate() <= end; at = at.plus({ weeks: 1 })) due.push(at.toUTC().toISO()!);
  return due;
}

/**
 * Two replicas (two schedulers, two outbox workers) on one database ask every member of every
 * match each weekly check-in exactly once. On PostgreSQL they share a pool, so their claims and
 * plans really run at once; on PGlite (one connection) the same code interleaves.
 */
describe.each(databaseKinds())('check-ins exactly once with two replicas on %s', (kind) => {
  let database: Database;
  let db: Db;
  let chat: FakeChat;
  let replicas: App[];
  const clock = new ManualClock(START);

  beforeAll(async () => {
    // Check-ins only: the program's surveys would add their own deliveries to every step. Each
    // step drains at its end, not at 10:00, so quiet hours are a minute no zone's clock shows
    // then; putting off a check-in in quiet hours has its own test (match-support).
    const catalog = new ProgramCatalog(await loadPrograms([programVariant('examples/workplace.yaml', { surveys: [], quietHours: { start: '03:07', end: '03:08' } })]));
    database = await openTestDatabase(kind, { max: 8 });
    db = database.db;
    chat = new FakeChat('slack', { latencyMs: 1 });
    const logger = createLogger({ level: 'silent' });
    const options = { db, chat: FakeChat.router(chat), clock, logger, catalog, coordinators: [], schedule: '* * * * *', timezone: 'UTC', workers: 0, drainAfterEvents: false };
    replicas = [createApp(options), createApp(options)];
    const [ws] = await db.insert(workspaces).values({ platform: 'slack', externalId: 'T1' }).returning();
    const programId = (await syncPrograms(db, ws!.id, catalog, START)).get('workplace')!;
    await seedActiveMatches(db, { workspaceId: ws!.id, programId, pairs: PAIRS, startedAt: START, zones: ZONES, platformZones: PLATFORM_ZONES });
  });
  afterAll(async () => {
    for (const app of replicas ?? []) await app.stop();
    await database?.close();
  });

  it('asks each member once per weekly occurrence over four weeks, losing none', async () => {
    const [a, b] = replicas as [App, App];
    // Two days at a time: each step's check-ins are delivered before the next step plans more.
    for (let day = 0; day < WEEKS * 7; day += 2) {
      const from = clock.now();
      const to = clock.advance(2 * DAY);
      // Both walk the same ticks, racing for each slot; then both plan the last slot anyway, as
      // a replica whose claim ran out would, so the planners themselves race too.
      await Promise.all([a.scheduler.advance(from, to), b.scheduler.advance(from, to)]);
      await Promise.all([a.scheduler.planSlot(to), b.scheduler.planSlot(to)]);
      await Promise.all([a.drain(), b.drain()]);
    }
    const end = clock.now();

    const people = Array.from({ length: 2 * PAIRS }, (_, k) => ({ user: `${k % 2 === 0 ? 'M' : 'E'}${Math.floor(k / 2) + 1}`, due: expectedDue(zoneOf(k), end) }));
    const expected = Object.fromEntries(people.map((p) => [p.user, p.due]));
    expect(Object.values(expected).every((due) => due.length === WEEKS)).toBe(true);

    // One run per member and occurrence...
    const runs = await queryRows<{ who: string; due: Date | string; n: number }>(
      db,
      sql`select p.platform_user_id as who, r.due_at as due, count(*)::int as n
          from questionnaire_runs r join people p on p.id = r.person_id
          where r.kind = 'checkin' group by 1, 2 order by 1, 2`,
    );
    expect(runs.every((r) => Number(r.n) === 1)).toBe(true);
    const ran: Record<string, string[]> = {};
    for (const r of runs) (ran[r.who] ??= []).push(new Date(r.due).toISOString());
    expect(ran).toEqual(expected);

    // ...and one message asking it, each prompt sent once.
    const asked = chat.directs.filter((d) => renderText(d.message.text).startsWith(INTRO));
    const perUser: Record<string, number> = {};
    for (const d of asked) perUser[d.to.user] = (perUser[d.to.user] ?? 0) + 1;
    expect(perUser).toEqual(Object.fromEntries(people.map((p) => [p.user, WEEKS])));
    expect(new Set(asked.map((d) => d.message.prompt?.id)).size).toBe(asked.length);

    // Nothing left behind, and both workers took part.
    const statuses = await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from outbox group by 1`);
    expect(statuses.map((s) => s.status)).toEqual(['sent']);
    const workers = await queryRows<{ n: number }>(db, sql`select count(distinct claimed_by)::int as n from outbox where kind = 'checkin'`);
    expect(Number(workers[0]!.n)).toBe(2);
  });
});
