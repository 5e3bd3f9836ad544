import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { prompts } from '../../../src/db/schema/index.js';
import type { ClickedMessage } from '../../fakes/slack/signed-requests.js';
import { blockAction, directMessage, eventCallback, postSigned, slashCommand } from '../../fakes/slack/signed-requests.js';
import { databaseKinds } from '../../support/databases.js';
import { exchange, SPECS, startSlackHarness, type SlackHarness } from './harness.js';

type Block = { type: string; block_id?: string; elements?: { type: string; action_id: string; value?: string; text?: { text: string } }[] };

describe.each(databaseKinds())('slack: conversation on %s', (kind) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness(kind);
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.api.reset());

  /** Posts a prompt to the person's DM through the ChatAdapter, as the outbox would. */
  async function promptInDm(user: string, spec: keyof typeof SPECS): Promise<{ promptId: string; message: ClickedMessage }> {
    await postSigned(h.url, slashCommand({ user }, `try prompt ${spec}`, h.api.responseUrl(`p-${spec}`)));
    const [reply] = await h.api.waitFor('response_url');
    const blocks = reply!.args.blocks as Block[];
    const actions = blocks.find((b) => b.type === 'actions');
    const promptId = actions?.block_id ?? (await h.test.database.db.select().from(prompts)).map((p) => `try:${p.id}`).at(-1)!;
    h.api.reset();
    const ref = await h.slack.chat.sendDirect({ platform: 'slack', workspace: 'T_TEST', user }, { text: 'Check-in', prompt: { id: promptId, spec: SPECS[spec]! } });
    const posted = h.api.callsTo('chat.postMessage').at(-1)!;
    h.api.reset();
    return { promptId, message: { ts: ref.id, text: String(posted.args.text), blocks: posted.args.blocks as Record<string, unknown>[] } };
  }

  it('holds a DM conversation: a typed reply answers the open prompt, in the DM', async () => {
    const { promptId } = await promptInDm('U_DM', 'text');
    const res = await postSigned(h.url, directMessage('U_DM', 'We talked about goals'));
    expect(res.status).toBe(200);
    const [answer] = await h.api.waitFor('chat.postMessage');
    expect(answer!.args.channel).toBe('D_U_DM');
    expect(answer!.args.text).toBe('Recorded: We talked about goals');
    const [row] = await h.test.database.db.select().from(prompts).where(eq(prompts.id, promptId.split(':')[1]!));
    expect(row!.status).toBe('answered');
    await postSigned(h.url, directMessage('U_DM', 'anything else?'));
    const [, second] = await h.api.waitFor('chat.postMessage', 2);
    expect(second!.args.text).toContain('/mentor help');
  });

  it('acts once on an event Slack redelivers (x-slack-retry-num)', async () => {
    await promptInDm('U_RETRY', 'text');
    const event = directMessage('U_RETRY', 'first and only', 'Ev_REDELIVERED');
    await postSigned(h.url, event);
    await h.api.waitFor('chat.postMessage');
    const again = await postSigned(h.url, event, { retryNum: 1, retryReason: 'http_timeout' });
    expect(again.status).toBe(200);
    await postSigned(h.url, event, { retryNum: 2, retryReason: 'http_timeout' });
    // Both redeliveries reach the core and are recognised as duplicates.
    const duplicates = () => h.test.logs.filter((l) => l.eventId === 'event:Ev_REDELIVERED' && l.outcome === 'duplicate').length;
    for (let i = 0; duplicates() < 2 && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(duplicates()).toBe(2);
    await postSigned(h.url, directMessage('U_RETRY', 'a new message'));
    await h.api.waitFor('chat.postMessage', 2);
    expect(h.api.callsTo('chat.postMessage').map((c) => c.args.text)).toEqual([
      'Recorded: first and only',
      expect.stringContaining('/mentor help'),
    ]);
  });

  it('answers a click delivered again (same trigger, x-slack-retry-num) once: one update, one reply', async () => {
    const { promptId, message } = await promptInDm('U_TWICE', 'pair');
    const buttons = message.blocks.find((b) => b.type === 'actions') as Block;
    const click = blockAction({ user: 'U_TWICE' }, { ...buttons.elements![0]!, block_id: promptId }, { message, triggerId: 'trig.twice' });
    const first = await exchange(h, click);
    expect(first.map((c) => c.method)).toEqual(['chat.update', 'chat.postMessage']);
    expect(await exchange(h, click, { retryNum: 1, retryReason: 'http_timeout' })).toEqual([]);
    expect(h.test.logs.filter((l) => l.eventId === 'action:trig.twice').map((l) => l.outcome)).toEqual(['ok', 'duplicate']);
  });

  it('ignores the bot’s own messages and edits', async () => {
    await postSigned(h.url, eventCallback({ type: 'message', subtype: 'message_changed', channel: 'D_U_X', channel_type: 'im', ts: '1.1' }));
    await postSigned(h.url, eventCallback({ type: 'message', bot_id: 'B_BOT', user: 'U_BOT', text: 'hi', channel: 'D_U_X', channel_type: 'im', ts: '1.2' }));
    await postSigned(h.url, directMessage('U_X', 'hello'));
    await h.api.waitFor('chat.postMessage');
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('records a button answer, replaces the buttons, and keeps the first answer on a double click', async () => {
    const { promptId, message } = await promptInDm('U_BTN', 'pair');
    const buttons = message.blocks.find((b) => b.type === 'actions') as Block;
    expect(buttons.elements!.map((e) => [e.type, e.action_id, e.value])).toEqual([
      ['button', 'prompt:0', 'yes'],
      ['button', 'prompt:1', 'no'],
    ]);
    const click = (i: number) =>
      postSigned(h.url, blockAction({ user: 'U_BTN' }, { ...buttons.elements![i]!, block_id: promptId }, { message, responseUrl: h.api.responseUrl('btn') }));
    await click(0);
    const [update] = await h.api.waitFor('chat.update');
    expect(update!.args).toMatchObject({ channel: 'D_U_BTN', ts: message.ts });
    const updated = update!.args.blocks as Block[];
    expect(updated.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(updated)).toContain('answered: *Yes*');
    await h.api.waitFor('chat.postMessage');
    await click(1);
    await h.api.waitFor('chat.postMessage', 2);
    expect(h.api.callsTo('chat.postMessage').map((c) => c.args.text)).toEqual([
      'Recorded: yes',
      'You have already answered that question; your first answer stands.',
    ]);
    expect(h.api.callsTo('chat.update')).toHaveLength(1);
  });

  it('refuses an answer from someone the prompt was not asked of, leaving the buttons', async () => {
    const { promptId, message } = await promptInDm('U_OWNER', 'pair');
    await postSigned(
      h.url,
      blockAction({ user: 'U_OTHER', channel: 'C_PAIR' }, { type: 'button', block_id: promptId, action_id: 'prompt:0', value: 'yes', text: { type: 'plain_text', text: 'Yes' } }, { message, responseUrl: h.api.responseUrl('other') }),
    );
    const [reply] = await h.api.waitFor('response_url');
    expect(reply!.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('asked of someone else') });
    expect(h.api.callsTo('chat.update')).toHaveLength(0);
  });

  it('renders more than five choices as a static select, and a 7-point scale as two rows of buttons', async () => {
    const many = await promptInDm('U_SEL', 'many');
    const select = many.message.blocks.find((b) => b.type === 'actions') as Block;
    expect(select.elements![0]!.type).toBe('static_select');
    await postSigned(
      h.url,
      blockAction({ user: 'U_SEL' }, { type: 'static_select', block_id: many.promptId, action_id: 'prompt:select0', selected_option: { value: 'network', text: { type: 'plain_text', text: 'network' } } }, { message: many.message }),
    );
    const [answer] = await h.api.waitFor('chat.postMessage');
    expect(answer!.args.text).toBe('Recorded: network');
    const scale = await promptInDm('U_SEL', 'scale');
    const rows = scale.message.blocks.filter((b) => b.type === 'actions') as Block[];
    expect(rows.map((r) => r.elements!.length)).toEqual([5, 2]);
    expect(new Set(rows.map((r) => r.block_id)).size).toBe(2);
    const six = rows[1]!.elements![0]!;
    await postSigned(h.url, blockAction({ user: 'U_SEL' }, { ...six, block_id: rows[1]!.block_id! }, { message: scale.message }));
    const [scaled] = await h.api.waitFor('chat.postMessage');
    expect(scaled!.args.text).toBe('Recorded: 6');
  });

  it('sends the picks of a multi-select when its Submit button is pressed', async () => {
    const { promptId, message } = await promptInDm('U_MULTI', 'multi');
    const state = { [promptId]: { 'prompt:pick': { type: 'multi_static_select', selected_options: [{ value: 'a', text: { text: 'Goal a' } }, { value: 'c', text: { text: 'Goal c' } }] } } };
    await postSigned(h.url, blockAction({ user: 'U_MULTI' }, { type: 'multi_static_select', block_id: promptId, action_id: 'prompt:pick', selected_options: [] }, { message }));
    const submitBlock = (message.blocks.filter((b) => b.type === 'actions') as Block[]).at(-1)!;
    await postSigned(h.url, blockAction({ user: 'U_MULTI' }, { type: 'button', block_id: submitBlock.block_id!, action_id: 'prompt:submit', value: 'submit' }, { message, state }));
    const [answer] = await h.api.waitFor('chat.postMessage');
    expect(answer!.args.text).toBe('Recorded: a+c');
    const [update] = await h.api.waitFor('chat.update');
    expect(JSON.stringify(update!.args.blocks)).toContain('Goal a, Goal c');
  });

  it('answers a button on an ephemeral prompt in place through the response_url', async () => {
    await postSigned(h.url, slashCommand({ user: 'U_EPH' }, 'try prompt pair', h.api.responseUrl('eph')));
    const [reply] = await h.api.waitFor('response_url');
    const actions = (reply!.args.blocks as Block[]).find((b) => b.type === 'actions')!;
    h.api.reset();
    await postSigned(
      h.url,
      blockAction({ user: 'U_EPH', channel: 'C_GENERAL' }, { ...actions.elements![1]!, block_id: actions.block_id! }, { ephemeral: true, responseUrl: h.api.responseUrl('eph-click') }),
    );
    const calls = await h.api.waitFor('response_url', 2);
    expect(calls[0]!.args).toMatchObject({ replace_original: true });
    expect(calls[1]!.args).toMatchObject({ response_type: 'ephemeral', text: 'Recorded: no' });
  });
});
