import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/core/chat.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { queryRows, sql, type Database } from '../../src/db/client.js';
import { inboundEvents, workspaces } from '../../src/db/schema/index.js';
import { ProgramCatalog } from '../../src/domain/programs/catalog.js';
import { loadPrograms } from '../../src/domain/programs/load-program.js';
import { remindersPlanner } from '../../src/jobs/reminders-planner.js';
import { retentionPlanner } from '../../src/jobs/retention-planner.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { databaseKinds, openTestDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const event = (id: string, text: string): InboundEvent => ({ type: 'command', id, text, actor: { platform: 'terminal', workspace: 'w', user: 'ada' }, where: { kind: 'dm' } });

describe.each(databaseKinds())('retention on %s', (kind) => {
  let t: TestApp;
  const count = async (table: string, where = 'true') =>
    (await queryRows<{ n: number }>(t.database.db, sql.raw(`select count(*)::int as n from ${table} where ${where}`)))[0]?.n;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('forgets handled-event ids after a week, closed prompts and sent messages after 30 days, keeping open prompts', async () => {
    await t.app.bot.handle(event('old-event', 'help'));
    await t.app.bot.handle(event('join', 'join')); // opens an intake prompt, left open
    await t.app.bot.handle(event('leave-prompt', 'leave'));
    await queryRows(t.database.db, sql`update prompts set status = 'cancelled', answered_at = ${t.clock.now().toISOString()}::timestamptz where flow = 'leave'`);
    expect(await count('inbound_events')).toBe(3);

    // Eight days on: the events are gone, the closed prompt not yet.
    await t.app.scheduler.runSlot(new Date('2026-12-01T10:00:00Z'));
    expect(await count('inbound_events')).toBe(0);
    expect(await count('prompts', "status <> 'open'")).toBe(1);

    // A redelivery of a forgotten event id would act again, so the window must outlast retries:
    // within it, the same id is still refused (answered as a duplicate).
    await t.app.bot.handle(event('recent', 'help'));
    expect(await t.app.bot.handle(event('recent', 'help'))).toEqual([{ kind: 'duplicate' }]);

    // Past 30 days, on a tick off the top of the hour: it runs, an hour having passed since the last run.
    await t.app.scheduler.runSlot(new Date('2026-12-24T10:30:00Z'));
    expect(await count('prompts', "status <> 'open'")).toBe(0);
    expect(await count('prompts', "status = 'open'")).toBe(1);

    // At most once an hour: half an hour later it does not run again, an hour later it does.
    await queryRows(t.database.db, sql`update outbox set status = 'sent'`);
    expect(await count('outbox', "status = 'sent'")).toBeGreaterThan(0);
    await t.app.scheduler.runSlot(new Date('2026-12-24T11:00:00Z'));
    expect(await count('outbox', "status = 'sent'")).toBeGreaterThan(0);
    await t.app.scheduler.runSlot(new Date('2026-12-24T11:30:00Z'));
    expect(await count('outbox', "status = 'sent'")).toBe(0);
    expect(await count('prompts', "status = 'open'")).toBe(1);
  });
});

describe.each(databaseKinds())('retention on a schedule that never ticks at minute 0, on %s', (kind) => {
  let database: Database;
  const logger = createLogger({ level: 'silent' });
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('runs on the first tick an hour after its last run, and advance jumps past it', async () => {
    const { db } = database;
    const start = new Date('2025-03-03T10:03:00Z');
    const clock = new ManualClock(start);
    const catalog = new ProgramCatalog(await loadPrograms(['examples/workplace.yaml']));
    const [ws] = await db.insert(workspaces).values({ platform: 'terminal', externalId: 'w' }).returning();
    const addEvents = (ids: string[], at: Date) =>
      db.insert(inboundEvents).values(ids.map((eventId) => ({ workspaceId: ws!.id, eventId, receivedAt: at })));
    const scheduler = new Scheduler({
      db, clock, logger, catalog, instanceId: 'a', schedule: '7,37 * * * *', timezone: 'UTC',
      planners: [remindersPlanner, retentionPlanner],
    });
    await addEvents(['e1', 'e2'], new Date('2025-02-20T00:00:00Z'));

    // Three days of ticks at :07 and :37, none at minute 0; nothing else is due, so `advance`
    // runs the first and the last tick only, and retention runs on them.
    const to = clock.advance(3 * 86_400_000);
    const result = await scheduler.advance(start, to);
    expect(result.ticks).toBe(2);
    expect(await db.$count(inboundEvents)).toBe(0);

    // The last tick was 09:37.
    await addEvents(['e3'], new Date('2025-02-20T00:00:00Z'));
    expect((await scheduler.runSlot(new Date('2025-03-06T10:07:00Z'))).claimed).toBe(true);
    expect(await db.$count(inboundEvents)).toBe(1); // 30 minutes after its last run
    await scheduler.runSlot(new Date('2025-03-06T10:37:00Z'));
    expect(await db.$count(inboundEvents)).toBe(0);
  });
});
