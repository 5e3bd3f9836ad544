import { UserError } from './errors.js';
import { promptChoices, type PromptSpec } from './render.js';

/** Words that steer a conversation rather than answer it; flows decide what they mean. */
export const CONTROL_WORDS = ['back', 'cancel', 'skip'] as const;

const SYNONYMS: Record<string, string> = { y: 'yes', n: 'no' };

function pickChoice(spec: PromptSpec, token: string): string {
  const choices = promptChoices(spec);
  const n = Number(token);
  if (Number.isInteger(n) && n >= 1 && n <= choices.length) return (choices[n - 1] as { value: string }).value;
  const byText = choices.find((c) => c.value === token.toLowerCase() || c.label.toLowerCase() === token.toLowerCase());
  if (byText) return byText.value;
  // "yes" to "1. Yes, leave", "no" to "2. No, stay": the first word of a label, when only one starts so.
  const word = SYNONYMS[token.toLowerCase()] ?? token.toLowerCase();
  const byWord = choices.filter((c) => c.label.toLowerCase().split(/[\s,:.!]+/)[0] === word);
  if (byWord.length === 1) return byWord[0]!.value;
  if (choices.length === 1) throw new UserError(`Please choose “${choices[0]?.label}” (or reply 1).`, 'bad_answer');
  throw new UserError(`Please answer with a number from 1 to ${choices.length}.`, 'bad_answer');
}

/**
 * Turns a typed reply into the value a click on the same prompt would carry, so the terminal
 * and a DM answer exactly like buttons do. Validation of the value itself stays with the flow.
 */
export function typedAnswer(spec: PromptSpec, text: string): string | string[] {
  const trimmed = text.trim();
  if ((CONTROL_WORDS as readonly string[]).includes(trimmed.toLowerCase())) return trimmed.toLowerCase();
  switch (spec.kind) {
    case 'text':
      return trimmed;
    case 'scale': {
      const n = Number(trimmed);
      if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
        throw new UserError(`Please answer with a number between ${spec.min} and ${spec.max}.`, 'bad_answer');
      }
      return String(n);
    }
    case 'choice':
      return pickChoice(spec, trimmed);
    case 'multi': {
      const parts = trimmed.split(/[\s,]+/).filter(Boolean);
      if (parts.length === 0) throw new UserError('Please answer with the numbers of your choices, e.g. 1,3.', 'bad_answer');
      return [...new Set(parts.map((p) => pickChoice(spec, p)))];
    }
  }
}
