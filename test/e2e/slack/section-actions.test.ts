import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blockAction, slashCommand } from '../../fakes/slack/signed-requests.js';
import { clickButton, controls, exchange, pairSection, shown, startSlackHarness, type SlackHarness } from './harness.js';

type Block = { type: string; block_id?: string; elements?: { type: string; action_id: string; value?: string; style?: string; text?: { text: string } }[] };

describe('slack: buttons on a section, through the real Bolt app', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('pglite');
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.api.reset());

  it('takes a click on a pair’s button in an ephemeral round as an action for that pair and answers ephemerally, leaving the round whole', async () => {
    const [reply] = await exchange(h, slashCommand({ user: 'U_COORD', channel: 'C_ADMIN' }, 'try pairs', h.api.responseUrl('pairs')));
    expect(reply!.method).toBe('response_url');
    const blocks = reply!.args.blocks as Block[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions', 'section', 'actions']);
    const second = blocks[4]!;
    expect(second.block_id).toBe('trypair:p2');
    expect(second.elements!.map((e) => [e.text?.text, e.style, e.value])).toEqual([
      ['Approve', 'primary', 'approve'],
      ['Reject', 'danger', 'reject'],
    ]);
    const calls = await exchange(
      h,
      // Slack sends no blocks back for an ephemeral message: it is left whole, the other pair's buttons with it.
      blockAction({ user: 'U_COORD', channel: 'C_ADMIN' }, { ...second.elements![1]!, block_id: second.block_id! }, { ephemeral: true, responseUrl: h.api.responseUrl('pairs-click') }),
    );
    expect(calls.map((c) => c.method)).toEqual(['response_url']);
    expect(calls[0]!.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Pair trypair:p2: reject' });
    expect(h.test.logs.find((l) => l.msg === 'handled event' && l.handler === 'action:trypair')).toMatchObject({ outcome: 'ok' });
  });

  it('posts a long round in messages of at most 50 blocks, each pair with its buttons, and a click in a DM updates that message', async () => {
    const sections = Array.from({ length: 30 }, (_, i) => pairSection(i + 1));
    await h.slack.chat.sendDirect({ platform: 'slack', workspace: 'T_TEST', user: 'U_COORD' }, { text: 'Proposed pairs', sections });
    const posts = h.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    for (const p of posts) expect((p.args.blocks as Block[]).length).toBeLessThanOrEqual(50);
    const last = posts[1]!;
    expect(controls(last).map((c) => c.blockId)).toContain('trypair:p30');
    expect(shown(last)).toContain('Pair 30');
    h.api.reset();
    const calls = await exchange(h, clickButton('U_COORD', last, 'Approve'));
    expect(calls.map((c) => c.method)).toEqual(['chat.update', 'chat.postMessage']);
    const updated = calls[0]!.args.blocks as Block[];
    expect(updated.filter((b) => b.type === 'actions')).toHaveLength(controls(last).length / 2 - 1);
    const note = updated.findIndex((b) => b.type === 'context');
    expect(JSON.stringify(updated[note])).toContain('answered: *Approve*');
    expect(JSON.stringify(updated[note - 1])).toContain(`Pair ${controls(last)[0]!.blockId.slice('trypair:p'.length)}*`);
    expect(calls[1]!.args).toMatchObject({ channel: 'D_U_COORD', text: `Pair ${controls(last)[0]!.blockId}: approve` });
  });
});
