import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { parseComponentId, parseModalId } from '../../adapters/discord/custom-ids.js';
import { renderModal, stepCount } from '../../adapters/discord/modals.js';
import { closedComponents, renderMessage, sectionActionRow, type Row } from '../../adapters/discord/render.js';
import { FormSteps } from '../../adapters/discord/form-steps.js';
import type { Form, Prompt, Section } from '../../src/core/render.js';

const PROMPT_ID = 'checkin:7d1f0c39-3a37-4f4e-9c4c-2f4f1b0e6a11';
const choices = (n: number, label = (i: number) => `Choice ${i}`) =>
  Array.from({ length: n }, (_, i) => ({ value: `v${i + 1}`, label: label(i + 1) }));

function componentsOf(prompt: Prompt) {
  return renderMessage({ text: 'Hi', prompt }).components;
}

describe('Discord rendering', () => {
  it('renders a scale as buttons, five a row, each carrying the prompt id and value', () => {
    const rows = componentsOf({ id: PROMPT_ID, spec: { kind: 'scale', question: 'How was it?', min: 0, max: 10, minLabel: 'Awful' } });
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 1]);
    const first = rows[0]?.components[0] as { custom_id: string; type: number };
    expect(first.type).toBe(ComponentType.Button);
    expect(parseComponentId(first.custom_id, false)).toEqual({ kind: 'choice', promptId: PROMPT_ID, value: '0' });
    expect(renderMessage({ text: 'Hi', prompt: { id: PROMPT_ID, spec: { kind: 'scale', question: 'How was it?', min: 1, max: 5, minLabel: 'Awful' } } }).content).toContain('1 = Awful');
  });

  it('uses a select for several answers and for long labels, and numbered text beyond 25 choices', () => {
    const multi = componentsOf({ id: PROMPT_ID, spec: { kind: 'multi', question: 'Topics?', choices: choices(8), maxChoices: 3 } });
    const select = multi[0]?.components[0] as { type: number; custom_id: string; max_values: number; options: unknown[] };
    expect(select.type).toBe(ComponentType.StringSelect);
    expect(select.max_values).toBe(3);
    expect(parseComponentId(select.custom_id, true)).toEqual({ kind: 'select', promptId: PROMPT_ID, multi: true });

    const long = componentsOf({ id: PROMPT_ID, spec: { kind: 'choice', question: 'Which?', choices: choices(3, (i) => `${'x'.repeat(90)} ${i}`) } });
    expect(long[0]?.components[0]?.type).toBe(ComponentType.StringSelect);

    const huge = renderMessage({ text: 'Hi', prompt: { id: PROMPT_ID, spec: { kind: 'choice', question: 'Which?', choices: choices(30) } } });
    expect(huge.components).toEqual([]);
    expect(huge.content).toContain('30. Choice 30');
  });

  it('puts sections in an embed within Discord limits and keeps content under 2000 characters', () => {
    const rendered = renderMessage({
      text: 'y'.repeat(2500),
      sections: [{ text: 'Intro' }, { title: 'Long', text: Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n') }],
    });
    expect(rendered.content.length).toBeLessThanOrEqual(2000);
    const embed = rendered.embeds[0];
    expect(embed?.description).toBe('Intro');
    expect(embed?.fields?.every((f) => f.value.length <= 1024)).toBe(true);
    expect(embed?.fields?.[1]?.name).toBe('Long (continued)');
  });

  it('closes an answered prompt: everything disabled, the answer marked', () => {
    const rows = componentsOf({ id: PROMPT_ID, spec: { kind: 'choice', question: 'Q', choices: choices(3) } });
    const closed = closedComponents(rows, PROMPT_ID, ['v2']);
    const buttons = closed[0]?.components as { disabled?: boolean; style: number }[];
    expect(buttons.every((b) => b.disabled)).toBe(true);
    expect(buttons.map((b) => b.style)).toEqual([ButtonStyle.Secondary, ButtonStyle.Success, ButtonStyle.Secondary]);
  });

  it('splits a form longer than five fields into numbered modal steps', () => {
    const form: Form = {
      id: 'profile:abc',
      title: 'A very long form title that goes past the limit',
      fields: Array.from({ length: 7 }, (_, i) => ({ id: `f${i}`, label: i === 0 ? 'L'.repeat(60) : `Field ${i}`, optional: i > 3 })),
    };
    expect(stepCount(form)).toBe(2);
    const first = renderModal(form, 1);
    expect(first.custom_id).toBe('profile:abc|1');
    expect(first.title.length).toBeLessThanOrEqual(45);
    expect(first.components).toHaveLength(5);
    const label = first.components[0] as { label: string; description?: string; component: { required: boolean } };
    expect(label.label.length).toBeLessThanOrEqual(45);
    expect(label.description?.startsWith('LLL')).toBe(true);
    expect(renderModal(form, 2).components).toHaveLength(2);
    expect(parseModalId('profile:abc|2')).toEqual({ kind: 'form', formId: 'profile:abc', step: 2 });
    expect(parseModalId('profile:abc')).toEqual({ kind: 'form', formId: 'profile:abc', step: null });

    const steps = new FormSteps();
    steps.remember('u1', form);
    expect(steps.submit('u1', form.id, 1, { f0: 'a' })).toMatchObject({ done: false, next: 2 });
    expect(steps.submit('u1', form.id, 2, { f5: 'b' })).toEqual({ done: true, values: { f0: 'a', f5: 'b' } });
    expect(steps.submit('u1', form.id, 2, {})).toBeNull();
  });
});

describe('Discord rendering: buttons on a section', () => {
  const pair = (i: number): Section => ({
    title: `Pair ${i}`,
    text: `<@${i}> with <@${i + 100}>`,
    actions: { id: `match:r1.p${i}`, choices: [{ value: 'approve', label: 'Approve', style: 'primary' }, { value: 'reject', label: 'Reject', style: 'danger' }, { value: 'later', label: 'Later' }] },
  });
  type Button = { type: number; custom_id: string; label: string; style: number; disabled?: boolean };
  const buttonsOf = (rows: Row[]) => rows.map((r) => r.components as unknown as Button[]);

  it('renders one row per section, styled, each id the section’s action id and the value through the codec', () => {
    const rendered = renderMessage({ text: 'Proposed pair', sections: [pair(1)] });
    const [row] = buttonsOf(rendered.components);
    expect(row!.map((b) => [b.label, b.style])).toEqual([['Approve', ButtonStyle.Primary], ['Reject', ButtonStyle.Danger], ['Later', ButtonStyle.Secondary]]);
    expect(row!.map((b) => parseComponentId(b.custom_id, false))).toEqual(['approve', 'reject', 'later'].map((value) => ({ kind: 'choice', promptId: 'match:r1.p1', value })));
    expect(rendered.embeds[0]?.fields?.[0]?.name).toBe('Pair 1');
  });

  it('numbers several sections and their buttons, so each row is tied to its section', () => {
    const rendered = renderMessage({ text: 'Proposed pairs', sections: [{ text: 'Round 1' }, pair(1), pair(2)] });
    expect(buttonsOf(rendered.components).map((r) => r[0]!.label)).toEqual(['1 · Approve', '2 · Approve']);
    expect(rendered.embeds[0]?.fields?.map((f) => f.name)).toEqual(['1. Pair 1', '2. Pair 2']);
    expect(rendered.embeds[0]?.description).toBe('Round 1');
  });

  it('renders at most five rows: later sections show their choices as words, and the content says why', () => {
    const rendered = renderMessage({ text: 'Proposed pairs', sections: Array.from({ length: 7 }, (_, i) => pair(i + 1)) });
    expect(rendered.components).toHaveLength(5);
    expect(buttonsOf(rendered.components).map((r) => parseComponentId(r[0]!.custom_id, false))).toEqual(
      [1, 2, 3, 4, 5].map((i) => ({ kind: 'choice', promptId: `match:r1.p${i}`, value: 'approve' })),
    );
    expect(rendered.content).toContain('Buttons are shown for the first 5 items only');
    const sixth = rendered.embeds[0]?.fields?.find((f) => f.name === '6. Pair 6');
    expect(sixth?.value).toContain('(buttons: Approve · Reject · Later)');
  });

  it('gives a prompt its rows first and the sections the rows left', () => {
    const prompt: Prompt = { id: PROMPT_ID, spec: { kind: 'scale', question: 'How?', min: 1, max: 20 } };
    const rendered = renderMessage({ text: 'Hi', prompt, sections: [pair(1), pair(2)] });
    expect(rendered.components).toHaveLength(5);
    expect(parseComponentId((rendered.components[4]!.components[0] as Button).custom_id, false)).toMatchObject({ promptId: 'match:r1.p1' });
    expect(rendered.content).toContain('Buttons are shown for the first item only');
  });

  it('keeps custom ids within 100 characters: an id that cannot fit shows its choices as words', () => {
    expect(sectionActionRow({ id: `match:${'x'.repeat(95)}`, choices: [{ value: 'ok', label: 'OK' }] })).toBeNull();
    const rendered = renderMessage({ text: 'Hi', sections: [{ text: 'Pair', actions: { id: `match:${'x'.repeat(95)}`, choices: [{ value: 'ok', label: 'OK' }] } }] });
    expect(rendered.components).toEqual([]);
    expect(rendered.embeds[0]?.description).toContain('(buttons: OK)');
    for (const row of renderMessage({ text: 'x', sections: [pair(1), pair(2)] }).components) {
      for (const b of row.components as unknown as Button[]) expect(b.custom_id.length).toBeLessThanOrEqual(100);
    }
  });

  it('closes only the clicked section’s row', () => {
    const { components } = renderMessage({ text: 'Proposed pairs', sections: [pair(1), pair(2)] });
    const closed = buttonsOf(closedComponents(components, 'match:r1.p2', ['reject']));
    expect(closed[0]!.every((b) => !b.disabled)).toBe(true);
    expect(closed[1]!.map((b) => [b.disabled, b.style])).toEqual([[true, ButtonStyle.Primary], [true, ButtonStyle.Success], [true, ButtonStyle.Secondary]]);
  });
});
