import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import type { Form, FormField } from '../../src/core/render.js';
import { fits, ids } from './custom-ids.js';
import { truncate, type Row } from './render.js';

export const MAX_MODAL_INPUTS = 5;
const TITLE = 45;
const LABEL = 45;
const DESCRIPTION = 100;
const INPUT_MAX = 4000;

export type Modal = APIModalInteractionResponseCallbackData;

function labelled(field: FormField): APILabelComponent {
  // Discord cuts labels at 45 characters; the full wording goes in the description below it.
  const long = field.label.length > LABEL;
  return {
    type: ComponentType.Label,
    label: truncate(field.label, LABEL),
    ...(long ? { description: truncate(field.label, DESCRIPTION) } : {}),
    component: {
      type: ComponentType.TextInput,
      custom_id: field.id,
      style: field.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
      required: !field.optional,
      ...(field.placeholder ? { placeholder: truncate(field.placeholder, 100) } : {}),
      ...(field.initial ? { value: field.initial.slice(0, INPUT_MAX) } : {}),
      ...(field.maxLength ? { max_length: Math.min(Math.max(1, field.maxLength), INPUT_MAX) } : {}),
    },
  };
}

export function stepCount(form: Form): number {
  return Math.max(1, Math.ceil(form.fields.length / MAX_MODAL_INPUTS));
}

/**
 * The modal for one step of a form. A modal holds at most five inputs, so a longer form is
 * shown as numbered steps (custom id `<formId>|<n>`); a short one keeps the form id as is.
 */
export function renderModal(form: Form, step = 1): Modal {
  const steps = stepCount(form);
  const fields = form.fields.slice((step - 1) * MAX_MODAL_INPUTS, step * MAX_MODAL_INPUTS);
  const customId = ids.modal(form.id, steps === 1 ? null : step);
  if (!fits(customId)) throw new Error(`Form id too long for a Discord modal: ${form.id.length} characters`);
  const suffix = steps === 1 ? '' : ` (${step}/${steps})`;
  return {
    custom_id: customId,
    title: truncate(form.title, TITLE - suffix.length) + suffix,
    components: fields.map(labelled),
  };
}

/** A one-input modal for a free-text prompt, so it can be answered in a channel too. */
export function answerModal(promptId: string, question: string): Modal {
  // The adapter keeps no prompt state, so the box is sized for any answer.
  return {
    custom_id: ids.answer(promptId),
    title: 'Your answer',
    components: [labelled({ id: 'answer', label: question, long: true })],
  };
}

/** A button that opens (a step of) a form, for when a modal cannot be the response itself. */
export function openFormRow(form: Form, step: number): Row[] {
  const steps = stepCount(form);
  const label = steps === 1 ? `Open: ${form.title}` : step === 1 ? `Open: ${form.title} (1/${steps})` : `Continue (${step}/${steps})`;
  return [
    {
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: ids.openForm(form.id, step), label: truncate(label, 80) }],
    },
  ];
}
