import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent, Reply } from '../../src/core/chat.js';
import { AppError } from '../../src/core/errors.js';
import { renderPlainText } from '../../src/core/render.js';
import { queryRows, sql } from '../../src/db/client.js';
import { openPrompt, takeAnswer } from '../../src/domain/conversation/prompts.js';
import { databaseKinds } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let sequence = 0;
function command(user: string, text: string, id = `e${++sequence}`): InboundEvent {
  return { type: 'command', id, text, actor: { platform: 'terminal', workspace: 'w', user }, where: { kind: 'dm' } };
}
function dm(user: string, text: string): InboundEvent {
  return { type: 'message', id: `e${++sequence}`, text, actor: { platform: 'terminal', workspace: 'w', user }, where: { kind: 'dm' } };
}
/** Replies read with mentions as Slack writes them, as these tests were written. */
const SLACK_LIKE = { mention: (u: string) => `<@${u}>`, channel: (c: string) => `<#${c}>` };
const text = (replies: Reply[]) => replies.map((r) => (r.kind === 'ephemeral' ? renderPlainText(r.message, SLACK_LIKE) : r.kind === 'form' ? `form ${r.form.id}` : '')).join('\n');

describe.each(databaseKinds())('foundation commands on %s', (kind) => {
  let t: TestApp;
  const answers: unknown[] = [];
  const count = async (table: string) =>
    (await queryRows<{ n: number }>(t.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n;

  beforeAll(async () => {
    t = await createTestApp(kind, { coordinators: ['carol'] });
    t.app.bot.command({
      path: ['boom'],
      summary: 'fails',
      access: 'anyone',
      args: [],
      run: async () => {
        throw new AppError('test_failure', 'kaboom');
      },
    });
    t.app.bot.command({
      path: ['ask'],
      summary: 'asks',
      access: 'anyone',
      args: [],
      run: async (ctx) => {
        const prompt = await openPrompt(ctx.db, {
          personId: ctx.principal.personId,
          programId: ctx.principal.programId,
          flow: 'demo',
          spec: { kind: 'choice', question: 'Tea or coffee?', choices: [{ value: 'tea', label: 'Tea' }, { value: 'coffee', label: 'Coffee' }] },
          now: ctx.clock.now(),
        });
        ctx.reply({ text: 'Question', prompt });
      },
    });
    t.app.bot.flow('demo', {
      async onAction(ctx) {
        const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now: ctx.clock.now() });
        answers.push(taken.value);
        ctx.reply(`Noted: ${String(taken.value)}`);
      },
    });
  });
  afterAll(() => t.close());

  it('lists only what a participant may run, and everything for a coordinator', async () => {
    const forAlice = text(await t.app.bot.handle(command('alice', 'help')));
    expect(forAlice).toContain('/mentor program');
    expect(forAlice).not.toContain('/mentor role grant');
    const forCarol = text(await t.app.bot.handle(command('carol', 'help')));
    expect(forCarol).toContain('Coordinator commands');
    expect(forCarol).toContain('/mentor role grant <person> <role>');
  });

  it('answers an unknown subcommand with a suggestion', async () => {
    expect(text(await t.app.bot.handle(command('alice', 'progam')))).toBe(
      '“progam” is not a subcommand. Did you mean `/mentor program`? `/mentor help` lists what you can do.',
    );
  });

  it('refuses a coordinator command to a participant and changes nothing', async () => {
    const before = { roles: await count('program_roles'), audit: await count('audit_log') };
    const reply = text(await t.app.bot.handle(command('alice', 'role grant @bob mentor')));
    expect(reply).toBe('`/mentor role grant` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.');
    expect({ roles: await count('program_roles'), audit: await count('audit_log') }).toEqual(before);
  });

  it('lets a coordinator grant a role, audits it, and acts once on a redelivered event', async () => {
    const event = command('carol', 'role grant @bob mentor', 'redelivered-1');
    expect(text(await t.app.bot.handle(event))).toBe('<@bob> is now a mentor.');
    expect(await t.app.bot.handle(event)).toEqual([{ kind: 'duplicate' }]);
    const audit = text(await t.app.bot.handle(command('carol', 'audit')));
    expect(audit.match(/role\.grant <@bob> \(role=mentor\)/g)).toHaveLength(1);
    expect(audit).toContain('the bot role.bootstrap <@carol> (role=coordinator)');
  });

  it('rejects malformed arguments with the usage and changes nothing', async () => {
    const before = await count('audit_log');
    expect(text(await t.app.bot.handle(command('carol', 'role grant @bob boss')))).toContain('“boss” is not a valid role');
    expect(text(await t.app.bot.handle(command('carol', 'audit 500')))).toBe('The count must be a whole number from 1 to 50.');
    expect(await count('audit_log')).toBe(before);
  });

  it('apologises for an internal error with a reference that is logged once', async () => {
    const reply = text(await t.app.bot.handle(command('alice', 'boom')));
    const reference = /reference: ([0-9A-F]{8})/.exec(reply)?.[1];
    expect(reference).toBeDefined();
    expect(reply).not.toContain('kaboom');
    expect(t.logs.filter((l) => l.reference === reference)).toHaveLength(1);
  });

  it('takes a typed number as the answer to the open prompt, first answer wins', async () => {
    await t.app.bot.handle(command('dana', 'ask'));
    expect(text(await t.app.bot.handle(dm('dana', '3')))).toBe('Please answer with a number from 1 to 2.');
    expect(text(await t.app.bot.handle(dm('dana', '2')))).toBe('Noted: coffee');
    expect(answers).toEqual(['coffee']);
    expect(text(await t.app.bot.handle(dm('dana', '1')))).toBe('I only understand commands here. Try `/mentor help` to see what you can do.');
  });

  it('refuses an answer to someone else’s prompt and a second click', async () => {
    const replies = await t.app.bot.handle(command('erin', 'ask'));
    const promptId = replies[0]?.kind === 'ephemeral' ? replies[0].message.prompt?.id : undefined;
    expect(promptId).toMatch(/^demo:/);
    const click = (user: string): InboundEvent => ({
      type: 'action', id: `e${++sequence}`, promptId: promptId as string, value: 'tea', actor: { platform: 'terminal', workspace: 'w', user }, where: { kind: 'dm' },
    });
    expect(text(await t.app.bot.handle(click('frank')))).toBe('That question was asked of someone else, so your answer was not recorded.');
    expect(text(await t.app.bot.handle(click('erin')))).toBe('Noted: tea');
    expect(text(await t.app.bot.handle(click('erin')))).toBe('You have already answered that question; your first answer stands.');
    expect(answers.filter((a) => a === 'tea')).toHaveLength(1);
  });

  it('reads a known person without rewriting them, and records a new display name', async () => {
    const named = (name: string): InboundEvent => ({ type: 'command', id: `e${++sequence}`, text: 'help', actor: { platform: 'terminal', workspace: 'w', user: 'hana', displayName: name }, where: { kind: 'dm' } });
    const version = async () =>
      (await queryRows<{ v: string; name: string }>(t.database.db, sql`select xmin::text as v, display_name as name from people where platform_user_id = 'hana'`))[0];
    await t.app.bot.handle(named('Hana'));
    const first = await version();
    await t.app.bot.handle(named('Hana'));
    expect(await version()).toEqual(first);
    await t.app.bot.handle(named('Hana K.'));
    expect((await version())?.name).toBe('Hana K.');
  });

  it('logs one line per handled event with its duration and no message text', async () => {
    await t.app.bot.handle(dm('gina', 'my secret worry'));
    const handled = t.logs.filter((l) => l.msg === 'handled event');
    expect(handled.length).toBeGreaterThan(5);
    expect(handled.every((l) => typeof l.durationMs === 'number' && typeof l.outcome === 'string')).toBe(true);
    expect(JSON.stringify(t.logs)).not.toContain('my secret worry');
  });
});
