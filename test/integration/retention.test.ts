import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/core/chat.js';
import { queryRows, sql } from '../../src/db/client.js';
import { databaseKinds } from '../support/databases.js';
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

    // Eight days on, at the top of the hour: the events are gone, the closed prompt not yet.
    await t.app.scheduler.runSlot(new Date('2026-12-01T10:00:00Z'));
    expect(await count('inbound_events')).toBe(0);
    expect(await count('prompts', "status <> 'open'")).toBe(1);

    // A redelivery of a forgotten event id would act again, so the window must outlast retries:
    // within it, the same id is still refused.
    await t.app.bot.handle(event('recent', 'help'));
    expect(await t.app.bot.handle(event('recent', 'help'))).toEqual([{ kind: 'duplicate' }]);

    await t.app.scheduler.runSlot(new Date('2026-12-24T10:30:00Z'));
    expect(await count('prompts', "status <> 'open'")).toBe(1); // not the top of the hour
    await queryRows(t.database.db, sql`update outbox set status = 'sent'`);
    expect(await count('outbox', "status = 'sent'")).toBeGreaterThan(0);
    await t.app.scheduler.runSlot(new Date('2026-12-24T11:00:00Z'));
    expect(await count('outbox', "status = 'sent'")).toBe(0);
    expect(await count('prompts', "status <> 'open'")).toBe(0);
    expect(await count('prompts', "status = 'open'")).toBe(1);
  });
});
