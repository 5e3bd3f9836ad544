import { UserError } from '../../core/errors.js';
import { CHOICE_TYPES } from '../programs/questions.js';
import { questionOptions, slugifyOption, type Question } from '../programs/definition.js';
import { validateAnswer, type AnswerValue } from '../questionnaires/validate-answer.js';

/** Separates the choices of a multiple_choice cell: `Leadership; Communication`. */
export const CHOICE_SEPARATOR = ';';

/** A cell that does not answer its question; the message says what would. */
export class CellError extends Error {}

const quoted = (s: string) => `"${s.length > 40 ? `${s.slice(0, 37)}...` : s}"`;

/**
 * One spreadsheet cell as the answer to `q`, stored as the bot stores answers (option values,
 * numbers, IANA zones), or undefined when the cell is empty. Choices may be written as the option
 * value or its label, in any case; the rest goes through the bot's own answer checks, so a
 * spreadsheet answer is held to what the bot would accept in a conversation.
 */
export function parseCell(q: Question, cell: string): AnswerValue | undefined {
  const text = cell.trim();
  if (text === '') return undefined;
  if (CHOICE_TYPES.includes(q.type) || q.type === 'yes_no') return parseChoices(q, text);
  try {
    return validateAnswer(q, text);
  } catch (err) {
    if (err instanceof UserError) throw new CellError(`${err.message.replace(/\s*\(or “cancel” to stop\)/, '')} Got ${quoted(text)}.`);
    throw err;
  }
}

function parseChoices(q: Question, text: string): AnswerValue | undefined {
  const options = questionOptions(q);
  const byKey = new Map<string, string>();
  for (const o of options) {
    byKey.set(o.label.toLowerCase(), o.value);
    byKey.set(o.value.toLowerCase(), o.value);
  }
  const find = (written: string) => byKey.get(written.toLowerCase()) ?? byKey.get(slugifyOption(written));
  const written = q.type === 'multiple_choice' ? text.split(CHOICE_SEPARATOR).map((s) => s.trim()).filter(Boolean) : [text];
  if (written.length === 0) return undefined;
  const values: string[] = [];
  for (const w of written) {
    const value = find(w);
    if (value === undefined) {
      const hint = q.type !== 'multiple_choice' && text.includes(CHOICE_SEPARATOR) ? ' (only one choice here)' : '';
      throw new CellError(`${quoted(w)} is not one of the options${hint}: ${options.map((o) => o.label).join(', ')}`);
    }
    if (!values.includes(value)) values.push(value);
  }
  if (q.type !== 'multiple_choice') return values[0]!;
  if (q.maxChoices !== undefined && values.length > q.maxChoices) {
    throw new CellError(`at most ${q.maxChoices} choices, got ${values.length}`);
  }
  return values;
}
