import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { Reply } from '../../src/core/chat.js';
import type { Form } from '../../src/core/render.js';
import type { FormSteps } from './form-steps.js';
import { openFormRow, renderModal, stepCount } from './modals.js';
import { closedComponents, renderMessage, type Row } from './render.js';

export type Answerable = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

const TIMED_OUT = Symbol('timed out');
const DUPLICATE = Symbol('duplicate');

type Shown = Exclude<Reply, { kind: 'duplicate' }>;

/** The replies to show, or DUPLICATE when the core recognised a redelivered event. */
function shown(replies: Reply[]): Shown[] | typeof DUPLICATE {
  if (replies.some((r) => r.kind === 'duplicate')) return DUPLICATE;
  return replies.filter((r): r is Shown => r.kind !== 'duplicate');
}

/** The core's handling, or TIMED_OUT once `budgetMs` has passed (the handling carries on). */
export async function within<T>(work: Promise<T>, budgetMs: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), budgetMs)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface RespondOptions {
  /** Close the prompt the component sits on (disable it, mark the answer) if the answer went through. */
  closePrompt?: { promptId: string; picked: string[] };
  budgetMs: number;
  forms: FormSteps;
}

function ephemeral(reply: Shown, user: string, forms: FormSteps) {
  if (reply.kind === 'form') {
    forms.remember(user, reply.form);
    return { content: 'Please fill in this form.', components: openFormRow(reply.form, 1), allowedMentions: { parse: [] } };
  }
  const r = renderMessage(reply.message);
  return { content: r.content, embeds: r.embeds, components: r.components, allowedMentions: { parse: [] } };
}

function closed(interaction: Answerable, close: { promptId: string; picked: string[] }) {
  const message = 'message' in interaction ? interaction.message : null;
  const rows = (message?.components ?? []).map((row) => row.toJSON() as Row);
  return { components: closedComponents(rows, close.promptId, close.picked) };
}

async function showForm(interaction: Answerable, form: Form, forms: FormSteps): Promise<void> {
  if (stepCount(form) > 1) forms.remember(interaction.user.id, form);
  await (interaction as Exclude<Answerable, ModalSubmitInteraction>).showModal(renderModal(form, 1));
}

/**
 * Answers an interaction within Discord's 3 seconds. If the core is done within the budget,
 * its first reply is the response itself: a form opens as a modal, an answered prompt is
 * closed in place, anything else is an ephemeral reply. Otherwise the interaction is deferred
 * first and the replies follow; a form then arrives as a button that opens the modal, because
 * Discord only accepts a modal as the very first response.
 */
export async function respond(interaction: Answerable, handling: Promise<Reply[]>, options: RespondOptions): Promise<void> {
  const { forms } = options;
  const user = interaction.user.id;
  const isComponent = interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage());
  const work = handling.then(shown);
  // A zero budget defers at once (PGlite can finish a whole event before a 0 ms timer fires).
  const early = options.budgetMs > 0 ? await within(work, options.budgetMs) : TIMED_OUT;
  // A redelivery the core already handled: its first delivery answered, so no callback at all.
  if (early === DUPLICATE) return;
  if (early === TIMED_OUT) {
    if (isComponent) await (interaction as ButtonInteraction).deferUpdate();
    else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const replies = await work;
    // Deferred before the core said so: the first delivery's answer goes to the same token, leave it be.
    if (replies === DUPLICATE) return;
    const close = options.closePrompt && !replies.some((r) => r.kind === 'ephemeral' && r.error !== undefined);
    if (isComponent) {
      if (close) await interaction.editReply(closed(interaction, options.closePrompt!));
      for (const reply of replies) await interaction.followUp({ ...ephemeral(reply, user, forms), flags: MessageFlags.Ephemeral });
      return;
    }
    const [first, ...rest] = replies;
    await interaction.editReply(first ? ephemeral(first, user, forms) : { content: 'Done.' });
    for (const reply of rest) await interaction.followUp({ ...ephemeral(reply, user, forms), flags: MessageFlags.Ephemeral });
    return;
  }
  const replies = early;
  const [first, ...rest] = replies;
  if (first?.kind === 'form' && !interaction.isModalSubmit()) {
    await showForm(interaction, first.form, forms);
    // Nothing may precede the modal; what else the core said follows it.
    for (const reply of rest) await interaction.followUp({ ...ephemeral(reply, user, forms), flags: MessageFlags.Ephemeral });
    return;
  }
  const close = options.closePrompt && !replies.some((r) => r.kind === 'ephemeral' && r.error !== undefined);
  if (isComponent && close) {
    await (interaction as ButtonInteraction).update(closed(interaction, options.closePrompt!));
    for (const reply of replies) await interaction.followUp({ ...ephemeral(reply, user, forms), flags: MessageFlags.Ephemeral });
    return;
  }
  if (!first) {
    if (isComponent) await (interaction as ButtonInteraction).deferUpdate();
    else await interaction.reply({ content: 'Done.', flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.reply({ ...ephemeral(first, user, forms), flags: MessageFlags.Ephemeral });
  for (const reply of rest) await interaction.followUp({ ...ephemeral(reply, user, forms), flags: MessageFlags.Ephemeral });
}
