/**
 * Component and modal custom ids (at most 100 characters each). Prompt and form ids are
 * `<flow>:<uuid>` and never contain `|` or `/`, so these shapes cannot be confused:
 *   `<promptId>|<value>`           a button answering a prompt with that choice's value
 *   `<promptId>` / `<promptId>|*`  a string select (single / multiple answers)
 *   `<formId>` / `<formId>|<n>`    a modal (a whole form / step n of a longer one)
 *   `mentorbot/answer|<promptId>`  a button or modal for typing a free-text answer
 *   `mentorbot/form|<formId>|<n>`  a button that opens step n of a form
 * The value is in the button's id, not its index, because the adapter keeps no prompt state:
 * the core needs the choice's value and only the database knows the prompt's choices.
 */

export const MAX_CUSTOM_ID = 100;
const ANSWER = 'mentorbot/answer|';
const OPEN_FORM = 'mentorbot/form|';

export type ComponentId =
  | { kind: 'choice'; promptId: string; value: string }
  | { kind: 'select'; promptId: string; multi: boolean }
  | { kind: 'answer'; promptId: string }
  | { kind: 'open-form'; formId: string; step: number };

export type ModalId = { kind: 'form'; formId: string; step: number | null } | { kind: 'answer'; promptId: string };

export const ids = {
  button: (promptId: string, value: string) => `${promptId}|${value}`,
  select: (promptId: string, multi: boolean) => (multi ? `${promptId}|*` : promptId),
  answer: (promptId: string) => `${ANSWER}${promptId}`,
  openForm: (formId: string, step: number) => `${OPEN_FORM}${formId}|${step}`,
  modal: (formId: string, step: number | null) => (step === null ? formId : `${formId}|${step}`),
};

export function fits(id: string): boolean {
  return id.length > 0 && id.length <= MAX_CUSTOM_ID;
}

function splitFirst(text: string): [string, string | undefined] {
  const at = text.indexOf('|');
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** What a button or select on one of our messages stands for; `isSelect` from its type. */
export function parseComponentId(customId: string, isSelect: boolean): ComponentId {
  if (customId.startsWith(ANSWER)) return { kind: 'answer', promptId: customId.slice(ANSWER.length) };
  if (customId.startsWith(OPEN_FORM)) {
    const rest = customId.slice(OPEN_FORM.length);
    const at = rest.lastIndexOf('|');
    return { kind: 'open-form', formId: rest.slice(0, at), step: Number(rest.slice(at + 1)) };
  }
  const [promptId, rest] = splitFirst(customId);
  if (isSelect) return { kind: 'select', promptId, multi: rest === '*' };
  return { kind: 'choice', promptId, value: rest ?? '' };
}

export function parseModalId(customId: string): ModalId {
  if (customId.startsWith(ANSWER)) return { kind: 'answer', promptId: customId.slice(ANSWER.length) };
  const [formId, step] = splitFirst(customId);
  return { kind: 'form', formId, step: step === undefined ? null : Number(step) };
}
