import { describe, expect, it } from 'vitest';
import { LIMITS, splitText, truncate } from '../../adapters/slack/limits.js';
import { actionEvent, type BlockActionsPayload } from '../../adapters/slack/parse.js';
import { answeredBlocks, promptBlocks, renderHome, renderMessage, renderModal, sectionActionBlocks } from '../../adapters/slack/render.js';
import type { Message, Section } from '../../src/core/render.js';

type AnyBlock = Record<string, unknown> & { type: string; block_id?: string; elements?: Record<string, unknown>[]; text?: { text: string } };
const blocksOf = (m: { blocks: unknown[] }) => m.blocks as AnyBlock[];

describe('slack render: Block Kit within its limits', () => {
  it('renders text and titled sections as mrkdwn sections, keeping mentions', () => {
    const [msg] = renderMessage({ text: 'Hello <@U1>', sections: [{ title: 'You', text: 'a mentee' }] });
    expect(msg!.text).toBe('Hello <@U1>');
    expect(blocksOf(msg!).map((b) => b.text?.text)).toEqual(['Hello <@U1>', '*You*\na mentee']);
  });

  it('splits a section longer than 3,000 characters, at line breaks', () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n');
    const [msg] = renderMessage({ text: long });
    const texts = blocksOf(msg!).map((b) => b.text!.text);
    expect(texts.length).toBeGreaterThan(2);
    for (const t of texts) expect([...t].length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(texts.join('\n')).toBe(long);
  });

  it('splits a message of more than 50 blocks into several, the prompt whole in the last', () => {
    const sections = Array.from({ length: 120 }, (_, i) => ({ text: `section ${i}` }));
    const parts = renderMessage({
      text: 'Report',
      sections,
      prompt: { id: 'p:1', spec: { kind: 'choice', question: 'OK?', choices: [{ value: 'y', label: 'Yes' }] } },
    });
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(parts.flatMap((p) => blocksOf(p)).filter((b) => b.type === 'section')).toHaveLength(122);
    expect(blocksOf(parts[2]!).at(-1)!.type).toBe('actions');
  });

  it('offers a date picker for a date question and no control for other typed answers', () => {
    const date = promptBlocks({ id: 'p:d', spec: { kind: 'text', question: 'From when?', format: 'date' } }) as AnyBlock[];
    expect(date.find((b) => b.type === 'actions')?.elements?.map((e) => (e as { type: string }).type)).toEqual(['datepicker']);
    const free = promptBlocks({ id: 'p:t', spec: { kind: 'text', question: 'Your role?' } }) as AnyBlock[];
    expect(free.some((b) => b.type === 'actions')).toBe(false);
  });

  it('truncates button, option and placeholder texts, and option values', () => {
    const label = 'L'.repeat(200);
    const buttons = promptBlocks({ id: 'p:1', spec: { kind: 'choice', question: 'Q', choices: [{ value: 'v'.repeat(3000), label }] } }) as AnyBlock[];
    const button = buttons.find((b) => b.type === 'actions')!.elements![0] as { text: { text: string }; value: string };
    expect([...button.text.text].length).toBe(LIMITS.buttonText);
    expect(button.text.text.endsWith('…')).toBe(true);
    expect(button.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    const choices = Array.from({ length: 8 }, (_, i) => ({ value: `${i}`.repeat(200), label }));
    const select = (promptBlocks({ id: 'p:2', spec: { kind: 'choice', question: 'Q', choices } }) as AnyBlock[]).find((b) => b.type === 'actions')!;
    const options = (select.elements![0] as { options: { text: { text: string }; value: string }[] }).options;
    expect(options.every((o) => [...o.text.text].length <= LIMITS.optionText && o.value.length <= LIMITS.optionValue)).toBe(true);
  });

  it('uses buttons up to five choices, a static select beyond, and several selects past 100 options', () => {
    const spec = (n: number) => ({ kind: 'choice' as const, question: 'Q', choices: Array.from({ length: n }, (_, i) => ({ value: `v${i}`, label: `c${i}` })) });
    const five = promptBlocks({ id: 'p:5', spec: spec(5) }) as AnyBlock[];
    expect(five.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.type))).toEqual(Array(5).fill('button'));
    const six = promptBlocks({ id: 'p:6', spec: spec(6) }) as AnyBlock[];
    expect(six.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.type))).toEqual(['static_select']);
    const many = promptBlocks({ id: 'p:250', spec: spec(250) }) as AnyBlock[];
    const selects = many.filter((b) => b.type === 'actions');
    expect(selects.map((b) => (b.elements![0] as { options: unknown[] }).options.length)).toEqual([100, 100, 50]);
    expect(new Set(selects.map((b) => b.block_id)).size).toBe(3);
  });

  it('renders a 0–10 scale as rows of at most five buttons with unique block ids, and its end labels', () => {
    const blocks = promptBlocks({ id: 'nps:1', spec: { kind: 'scale', question: 'Recommend?', min: 0, max: 10, minLabel: 'never', maxLabel: 'surely' } }) as AnyBlock[];
    const rows = blocks.filter((b) => b.type === 'actions');
    expect(rows.map((r) => r.elements!.length)).toEqual([5, 5, 1]);
    expect(rows.map((r) => r.block_id)).toEqual(['nps:1', 'nps:1|1', 'nps:1|2']);
    expect(JSON.stringify(blocks)).toContain('0 = never · 10 = surely');
  });

  it('renders a multi-choice as a multi-select capped at maxChoices, with a Submit button', () => {
    const blocks = promptBlocks({ id: 'm:1', spec: { kind: 'multi', question: 'Which?', maxChoices: 2, choices: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] } }) as AnyBlock[];
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions[0]!.elements![0]).toMatchObject({ type: 'multi_static_select', action_id: 'prompt:pick', max_selected_items: 2 });
    expect(actions[1]!.elements![0]).toMatchObject({ type: 'button', action_id: 'prompt:submit' });
  });

  it('tells how to answer a free-text prompt', () => {
    const blocks = promptBlocks({ id: 't:1', spec: { kind: 'text', question: 'Why?' } }) as AnyBlock[];
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(blocks)).toContain('Reply in this conversation');
  });

  it('replaces the answered prompt’s controls with who answered what', () => {
    const [msg] = renderMessage({ text: 'Check-in', prompt: { id: 'p:1', spec: { kind: 'scale', question: 'How?', min: 1, max: 7 } } });
    const after = answeredBlocks(msg!.blocks, 'p:1', 'U1', '6') as AnyBlock[];
    expect(after.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(after.at(-1))).toContain('<@U1> answered: *6*');
  });

  it('renders a form as a modal: title cut to 24, input blocks named by field id', () => {
    const view = renderModal(
      {
        id: 'intake:abc',
        title: 'Tell us about your mentoring goals',
        submitLabel: 'Send it to the coordinators now',
        fields: [
          { id: 'goals', label: 'Goals', long: true, maxLength: 10_000, placeholder: 'p'.repeat(400) },
          { id: 'tz', label: 'Time zone', optional: true, initial: 'UTC' },
        ],
      },
      '{"channel":"C1"}',
    );
    expect(view.callback_id).toBe('intake:abc');
    expect([...view.title.text].length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect([...view.submit!.text].length).toBeLessThanOrEqual(LIMITS.modalButton);
    expect(view.private_metadata).toBe('{"channel":"C1"}');
    expect(view.blocks.map((b) => [b.type, b.block_id])).toEqual([
      ['input', 'goals'],
      ['input', 'tz'],
    ]);
    expect(view.blocks[0]).toMatchObject({ optional: false, element: { multiline: true, max_length: 3000, action_id: 'value' } });
    expect(view.blocks[1]).toMatchObject({ optional: true, element: { initial_value: 'UTC' } });
  });

  it('renders the App Home with a header and at most 100 blocks', () => {
    const home: Message = { text: 'Workplace mentoring', sections: Array.from({ length: 80 }, (_, i) => ({ title: `S${i}`, text: 'x' })) };
    const view = renderHome(home);
    expect(view.type).toBe('home');
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Workplace mentoring' } });
    expect(view.blocks.length).toBe(LIMITS.blocksPerView);
  });

  it('truncates and splits text by characters, not UTF-16 units', () => {
    expect(truncate('😀😀😀', 2)).toBe('😀…');
    expect(splitText('a b c', 100)).toEqual(['a b c']);
    expect(splitText('x'.repeat(250), 100).map((s) => s.length)).toEqual([100, 100, 50]);
  });
});

describe('slack render: buttons on a section', () => {
  const pair = (i: number): Section => ({
    title: `Pair ${i}`,
    text: `<@U${i}> with <@M${i}>`,
    actions: { id: `match:round-1.pair-${i}`, choices: [{ value: 'approve', label: 'Approve', style: 'primary' }, { value: 'reject', label: 'Reject', style: 'danger' }, { value: 'later', label: 'Later' }] },
  });
  /** What Slack sends back when a button of these blocks is clicked. */
  const click = (block: AnyBlock, i: number): BlockActionsPayload => ({
    team: { id: 'T1' },
    user: { id: 'U_COORD' },
    channel: { id: 'D1' },
    trigger_id: 'trig.1',
    actions: [{ type: 'button', block_id: block.block_id!, ...(block.elements![i] as { action_id: string; value: string; text: { text: string } }) }],
  });

  it('follows the section with an actions block of styled buttons whose clicks come back as the section’s action', () => {
    const [msg] = renderMessage({ text: 'Proposed pairs', sections: [pair(1), pair(2)] });
    const blocks = blocksOf(msg!);
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions', 'section', 'actions']);
    const actions = blocks[2]!;
    expect(actions.block_id).toBe('match:round-1.pair-1');
    expect(actions.elements).toEqual([
      { type: 'button', action_id: 'prompt:section0', text: { type: 'plain_text', text: 'Approve', emoji: true }, value: 'approve', style: 'primary' },
      { type: 'button', action_id: 'prompt:section1', text: { type: 'plain_text', text: 'Reject', emoji: true }, value: 'reject', style: 'danger' },
      { type: 'button', action_id: 'prompt:section2', text: { type: 'plain_text', text: 'Later', emoji: true }, value: 'later' },
    ]);
    const parsed = actionEvent(click(blocks[4]!, 1));
    expect(parsed?.event).toMatchObject({ type: 'action', promptId: 'match:round-1.pair-2', value: 'reject' });
    expect(parsed?.label).toBe('Reject');
  });

  it('puts more than five choices on rows of five with unique block ids that still name the section', () => {
    const choices = Array.from({ length: 7 }, (_, i) => ({ value: `v${i}`, label: `c${i}` }));
    const blocks = sectionActionBlocks({ id: 'x:1', choices }) as AnyBlock[];
    expect(blocks.map((b) => [b.block_id, b.elements!.length])).toEqual([['x:1', 5], ['x:1|1', 2]]);
    expect(actionEvent(click(blocks[1]!, 1))?.event).toMatchObject({ promptId: 'x:1', value: 'v6' });
  });

  it('keeps each section with its buttons when a message is split at 50 blocks', () => {
    const sections = Array.from({ length: 40 }, (_, i) => pair(i));
    const parts = renderMessage({ text: 'Proposed pairs', sections });
    expect(parts.length).toBe(2);
    for (const p of parts) {
      const blocks = blocksOf(p);
      expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      blocks.forEach((b, i) => {
        if (b.type === 'actions') expect(blocks[i - 1]?.text?.text).toContain(`Pair ${b.block_id!.split('-').at(-1)}*`);
      });
    }
    expect(blocksOf(parts[0]!).length).toBe(49);
    const ids = parts.flatMap((p) => blocksOf(p)).filter((b) => b.type === 'actions').map((b) => b.block_id);
    expect(new Set(ids).size).toBe(40);
  });

  it('shows the choices as a hint where the id would not come back whole: too long, or used twice', () => {
    const long = sectionActionBlocks({ id: `x:${'a'.repeat(300)}`, choices: [{ value: 'ok', label: 'OK' }] }) as AnyBlock[];
    expect(long).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: '(buttons: OK)' }] }]);
    const [msg] = renderMessage({ text: 'Twice', sections: [pair(1), pair(1)] });
    const blocks = blocksOf(msg!);
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(1);
    expect(JSON.stringify(blocks.at(-1))).toContain('(buttons: Approve · Reject · Later)');
    for (const b of blocks.flatMap((x) => x.elements ?? [])) expect(String(b.action_id ?? '').length).toBeLessThanOrEqual(255);
  });

  it('marks the answered section in place and leaves the other sections’ buttons', () => {
    const [msg] = renderMessage({ text: 'Proposed pairs', sections: [pair(1), pair(2)] });
    const after = answeredBlocks(msg!.blocks, 'match:round-1.pair-1', 'U_COORD', 'Approve') as AnyBlock[];
    expect(after.map((b) => b.type)).toEqual(['section', 'section', 'context', 'section', 'actions']);
    expect(JSON.stringify(after[2])).toContain('<@U_COORD> answered: *Approve*');
    expect(after[4]!.block_id).toBe('match:round-1.pair-2');
  });

  it('renders section buttons on the App Home too', () => {
    const view = renderHome({ text: 'Home', sections: [pair(1)] });
    expect(view.blocks.map((b) => b.type)).toEqual(['header', 'divider', 'header', 'section', 'actions']);
  });
});
