import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent, Reply } from '../../src/core/chat.js';
import { sql } from '../../src/db/client.js';
import { workspaces } from '../../src/db/schema/index.js';
import { intakeSteps } from '../../src/domain/intake/intake-questionnaire.js';
import { databaseKinds } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'my-secret-answer-7Q';
let sequence = 0;
const actor = (user: string) => ({ platform: 'terminal' as const, workspace: 'w', user });
const command = (user: string, text: string): InboundEvent => ({ type: 'command', id: `c${++sequence}`, text, actor: actor(user), where: { kind: 'dm' } });
const dm = (user: string, text: string): InboundEvent => ({ type: 'message', id: `m${++sequence}`, text, actor: actor(user), where: { kind: 'dm' } });
const referenceOf = (replies: Reply[]) => replies.flatMap((r) => (r.kind === 'ephemeral' && r.error ? [r.error.reference] : []))[0];

/** Failing queries whose errors quote a person's value: the value must not reach any log line. */
describe.each(databaseKinds())('error logs on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    t.app.bot.command({
      path: ['dup'],
      summary: 'a unique violation carrying a value',
      access: 'anyone',
      args: [],
      run: async (ctx) => {
        await ctx.db.insert(workspaces).values({ platform: 'slack', externalId: SECRET });
        await ctx.db.insert(workspaces).values({ platform: 'slack', externalId: SECRET });
      },
    });
    t.app.bot.command({
      path: ['cast'],
      summary: 'an error message quoting a value',
      access: 'anyone',
      args: [],
      run: async (ctx) => {
        await ctx.db.execute(sql`select ${SECRET}::uuid`);
      },
    });
  });
  afterAll(() => t.close());

  /** Handles the event; asserts no line it logged holds the secret; returns the one error line's `err`. */
  async function errorLine(event: InboundEvent): Promise<{ code?: unknown; statement?: unknown; constraint?: unknown; message?: unknown }> {
    const mark = t.logs.length;
    const reference = referenceOf(await t.app.bot.handle(event));
    expect(reference).toBeDefined();
    for (const line of t.logs.slice(mark)) expect(JSON.stringify(line)).not.toContain(SECRET);
    const lines = t.logs.filter((l) => l.reference === reference);
    expect(lines).toHaveLength(1);
    return lines[0]!.err as { code?: unknown; statement?: unknown };
  }

  it('logs a unique violation by SQLSTATE, constraint and statement, without the key', async () => {
    const err = await errorLine(command('alice', 'dup'));
    expect(err).toMatchObject({ code: '23505', constraint: 'workspaces_platform_external_uq', statement: 'insert into "workspaces"' });
  });

  it('drops the value PostgreSQL quotes in its message', async () => {
    const err = await errorLine(command('alice', 'cast'));
    expect(err.code).toBe('22P02');
    expect(JSON.stringify(err)).toContain('invalid input syntax for type uuid');
  });

  it('keeps an intake answer with a NUL byte out of the logs: it is cleaned where it enters, so nothing fails', async () => {
    const steps = intakeSteps(t.catalog.require(t.catalog.defaultSlug), 'mentee');
    await t.app.bot.handle(command('bob', 'join'));
    await t.app.bot.handle(dm('bob', '2'));
    for (const step of steps.slice(1)) {
      if (!step.key.startsWith('orientation:') && step.key !== 'consent') break;
      await t.app.bot.handle(dm('bob', '1'));
    }
    const mark = t.logs.length;
    expect(referenceOf(await t.app.bot.handle(dm('bob', `Analyst\u0000${SECRET}`)))).toBeUndefined();
    for (const line of t.logs.slice(mark)) expect(JSON.stringify(line)).not.toContain(SECRET);
  });
});
