import { PLAIN_SYNTAX, renderPlainText, type Form, type Message } from '../../src/core/render.js';

/**
 * Older string messages may still carry wire syntax (`<@x>`, `<#c>`); in the terminal a user
 * id is their name, so those read as `@x` and `#c` like spans do.
 */
export function plainMentions(text: string): string {
  return text.replace(/<@([^>|]+)(\|[^>]*)?>/g, '@$1').replace(/<#([^>|]+)(\|[^>]*)?>/g, '#$1');
}

/**
 * The plain text of a message, with a short hint under each section that has buttons elsewhere
 * (`  (buttons: Approve · Reject)`): terminal users act by typing commands, not by clicking.
 */
export function plainWithHints(msg: Message): string {
  const sections = msg.sections ?? [];
  if (!sections.some((s) => s.actions?.choices.length)) return renderPlainText(msg, PLAIN_SYNTAX);
  const parts = [renderPlainText({ text: msg.text }, PLAIN_SYNTAX)];
  for (const s of sections) {
    parts.push(renderPlainText({ text: '', sections: [s] }, PLAIN_SYNTAX));
    if (s.actions?.choices.length) parts.push(`  (buttons: ${s.actions.choices.map((c) => c.label || c.value).join(' · ')})`);
  }
  if (msg.prompt) parts.push(renderPlainText({ text: '', prompt: msg.prompt }, PLAIN_SYNTAX));
  return parts.filter((p) => p !== '').join('\n');
}

/** Every output line carries where it went, so a transcript can be read or grepped line by line. */
export function formatLines(where: string, msg: Message): string[] {
  return plainMentions(plainWithHints(msg))
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
