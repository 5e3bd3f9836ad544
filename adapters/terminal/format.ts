import { PLAIN_SYNTAX, renderPlainText, type Form, type Message } from '../../src/core/render.js';

/**
 * Older string messages may still carry wire syntax (`<@x>`, `<#c>`); in the terminal a user
 * id is their name, so those read as `@x` and `#c` like spans do.
 */
export function plainMentions(text: string): string {
  return text.replace(/<@([^>|]+)(\|[^>]*)?>/g, '@$1').replace(/<#([^>|]+)(\|[^>]*)?>/g, '#$1');
}

/** Every output line carries where it went, so a transcript can be read or grepped line by line. */
export function formatLines(where: string, msg: Message): string[] {
  return plainMentions(renderPlainText(msg, PLAIN_SYNTAX))
    .split('\n')
    .map((line) => `[${where}] ${line}`);
}

export function formLines(user: string, form: Form, fieldIndex: number): string[] {
  const field = form.fields[fieldIndex];
  const head = fieldIndex === 0 ? [`[form ${user}] ${form.title} (answer each field; “cancel” closes the form)`] : [];
  if (!field) return head;
  const hint = field.optional ? ' (optional: “-” to leave empty)' : '';
  return [...head, `[form ${user}] ${field.label}${hint}`];
}
