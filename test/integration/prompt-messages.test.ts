import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/core/chat.js';
import { message } from '../../src/core/render.js';
import { openPrompt, takeAnswer } from '../../src/domain/conversation/prompts.js';
import { enqueueDirect } from '../../src/jobs/enqueue.js';
import { databaseKinds } from '../support/databases.js';
import { FakeChat } from '../support/fake-chat.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let n = 0;
const from = (user: string, rest: { type: 'command' | 'message'; text: string }): InboundEvent =>
  ({ id: `pm${++n}`, actor: { platform: 'terminal', workspace: 'w', user }, where: { kind: 'dm' }, ...rest }) as InboundEvent;

describe.each(databaseKinds())('messages that carry prompts on %s', (kind) => {
  let t: TestApp;
  let chat: FakeChat;
  beforeAll(async () => {
    t = await createTestApp(kind);
    chat = new FakeChat('terminal');
    t.chat.register(chat);
    t.app.bot.command({
      path: ['ask'],
      summary: 'asks by DM',
      access: 'anyone',
      args: [],
      async run(ctx) {
        const now = ctx.clock.now();
        const spec = { kind: 'choice' as const, question: 'Tea or coffee?', choices: [{ value: 'tea', label: 'Tea' }, { value: 'coffee', label: 'Coffee' }] };
        const prompt = await openPrompt(ctx.db, { personId: ctx.principal.personId, programId: ctx.principal.programId, flow: 'drink', spec, now });
        await enqueueDirect(ctx.db, { key: `drink:${prompt.id}`, personId: ctx.principal.personId, message: message('A question', { prompt }), at: now });
      },
    });
    t.app.bot.flow('drink', {
      async onAction(ctx) {
        await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now: ctx.clock.now() });
      },
    });
  });
  afterAll(() => t.close());

  it('lose their buttons when the question is answered by typing', async () => {
    await t.app.bot.handle(from('ada', { type: 'command', text: 'ask' }));
    await t.app.drain();
    const sent = chat.directs.at(-1)!;
    expect(sent.message.prompt?.spec.question).toBe('Tea or coffee?');
    await t.app.bot.handle(from('ada', { type: 'message', text: '5' })); // refused: stays open, nothing queued
    await t.app.bot.handle(from('ada', { type: 'message', text: '2' }));
    await t.app.drain();
    const updates = chat.calls.filter((c) => c.method === 'updateMessage');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ ref: sent.ref, message: { text: 'Tea or coffee?\n✓ Answered.' } });
    expect(updates[0]?.message.prompt).toBeUndefined();
  });

  it('lose their buttons when the typed answer lands before the worker recorded where the question was posted', async () => {
    await t.app.bot.handle(from('cyd', { type: 'command', text: 'ask' }));
    // Answered before the question's message was even sent: nothing knows where to close it yet.
    await t.app.bot.handle(from('cyd', { type: 'message', text: '1' }));
    const before = chat.calls.filter((c) => c.method === 'updateMessage').length;
    await t.app.drain();
    const sent = chat.directs.at(-1)!;
    expect(sent.to.user).toBe('cyd');
    const updates = chat.calls.filter((c) => c.method === 'updateMessage').slice(before);
    expect(updates).toEqual([{ method: 'updateMessage', ref: sent.ref, message: { text: 'Tea or coffee?\n✓ Answered.' } }]);
  });

  it('drop an update that cannot be made without alerting anyone', async () => {
    await t.app.grantCoordinator('terminal', 'w', 'cora');
    await t.app.bot.handle(from('bea', { type: 'command', text: 'ask' }));
    await t.app.drain();
    chat.failNext(1, { permanent: true, code: 'message_not_found' });
    const before = chat.directs.length;
    await t.app.bot.handle(from('bea', { type: 'message', text: '1' }));
    await t.app.drain();
    expect(chat.directs.length).toBe(before);
    expect(chat.failures.at(-1)).toMatchObject({ method: 'updateMessage' });
  });
});
