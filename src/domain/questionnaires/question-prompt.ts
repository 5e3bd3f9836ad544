import type { PromptSpec } from '../../core/render.js';
import { questionOptions, type Question } from '../programs/definition.js';

/**
 * One question, described neutrally: each adapter renders it natively (buttons, selects,
 * numbered choices). Typed types (text, number, date, time zone) are answered by a reply.
 */
export function questionPrompt(q: Question): PromptSpec {
  // Typed answers say their format up front, so nobody learns it from a refusal.
  const format: Partial<Record<Question['type'], string>> = {
    date: 'Write the date as YYYY-MM-DD.',
    timezone: 'A city or zone, like Europe/London.',
    number: q.min !== undefined && q.max !== undefined ? `A number from ${q.min} to ${q.max}.` : 'A number.',
  };
  const help = [q.help, format[q.type], q.required ? undefined : 'Reply “skip” to leave it out.'].filter(Boolean).join(' ') || undefined;
  switch (q.type) {
    case 'single_choice':
    case 'yes_no':
      return { kind: 'choice', question: q.prompt, choices: questionOptions(q), help };
    case 'multiple_choice':
      return { kind: 'multi', question: q.prompt, choices: questionOptions(q), maxChoices: q.maxChoices, help };
    case 'scale':
      return { kind: 'scale', question: q.prompt, min: q.min ?? 1, max: q.max ?? 5, minLabel: q.minLabel, maxLabel: q.maxLabel, help };
    case 'consent':
      return {
        kind: 'choice',
        question: `${q.prompt}\n${q.text ?? ''}`.trim(),
        choices: [
          { value: 'agree', label: 'I agree' },
          { value: 'decline', label: 'I do not agree' },
        ],
        help,
      };
    case 'number':
      return { kind: 'text', question: q.prompt, placeholder: 'a number', help };
    case 'date':
      return { kind: 'text', question: q.prompt, placeholder: 'YYYY-MM-DD', format: 'date', help };
    case 'timezone':
      return { kind: 'text', question: q.prompt, placeholder: 'e.g. Europe/London', help };
    case 'long_text':
      return { kind: 'text', question: q.prompt, long: true, help };
    case 'text':
      return { kind: 'text', question: q.prompt, help };
  }
}
