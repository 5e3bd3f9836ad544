import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { parseComponentId, parseModalId } from '../../adapters/discord/custom-ids.js';
import { renderModal, stepCount } from '../../adapters/discord/modals.js';
import { closedComponents, renderMessage } from '../../adapters/discord/render.js';
import { FormSteps } from '../../adapters/discord/form-steps.js';
import type { Form, Prompt } from '../../src/core/render.js';

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
    const closed = closedComponents(rows, ['v2']);
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
