import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { renderPlainText, type PromptSpec } from '../../src/core/render.js';
import { typedAnswer } from '../../src/core/typed-answer.js';

const choice: PromptSpec = {
  kind: 'choice',
  question: 'Which role?',
  choices: [
    { value: 'mentor', label: 'Mentor' },
    { value: 'mentee', label: 'Mentee' },
  ],
};
const scale: PromptSpec = { kind: 'scale', question: 'How confident?', min: 1, max: 5, minLabel: 'not at all', maxLabel: 'very' };
const multi: PromptSpec = { ...choice, kind: 'multi', question: 'Goals?' };

describe('typed answers to prompts', () => {
  it('maps a number or a label to the choice value', () => {
    expect(typedAnswer(choice, '2')).toBe('mentee');
    expect(typedAnswer(choice, ' mentor ')).toBe('mentor');
  });

  it('rejects a number outside the choices with a specific message', () => {
    expect(() => typedAnswer(choice, '3')).toThrow(UserError);
    expect(() => typedAnswer(choice, '3')).toThrow('Please answer with a number from 1 to 2.');
  });

  it('checks scales against their range', () => {
    expect(typedAnswer(scale, '4')).toBe('4');
    expect(() => typedAnswer(scale, '9')).toThrow('Please answer with a number between 1 and 5.');
    expect(() => typedAnswer(scale, 'good')).toThrow('Please answer with a number between 1 and 5.');
  });

  it('reads several choices, without duplicates', () => {
    expect(typedAnswer(multi, '2, 1 2')).toEqual(['mentee', 'mentor']);
  });

  it('passes control words and free text through', () => {
    expect(typedAnswer(choice, 'Back')).toBe('back');
    expect(typedAnswer({ kind: 'text', question: 'Name?' }, '  Ada  ')).toBe('Ada');
  });

  it('renders prompts as numbered choices in plain text', () => {
    expect(renderPlainText({ text: 'Question 1 of 3', prompt: { id: 'x:1', spec: choice } })).toBe(
      'Question 1 of 3\nWhich role?\n  1. Mentor\n  2. Mentee\nReply with the number of your choice.',
    );
    expect(renderPlainText({ text: 'Q', prompt: { id: 'x:2', spec: scale } })).toContain(
      'Reply with a number from 1 to 5 (1 = not at all, 5 = very).',
    );
  });
});
