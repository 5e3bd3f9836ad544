import type { types } from '@slack/bolt';
import type { Form, Message, Prompt, Section, SectionActions } from '../../src/core/render.js';
import { choiceScale, flattenMessage, type SpanSyntax } from '../../src/core/render.js';
import { LIMITS, splitText, truncate } from './limits.js';

export type Block = types.KnownBlock;
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Every interactive element on a prompt has an action id starting with this. */
export const PROMPT_ACTION_PREFIX = 'prompt:';
export const MULTI_PICK_ACTION = 'prompt:pick';
export const MULTI_SUBMIT_ACTION = 'prompt:submit';
/** A section's own buttons: `prompt:section<i>`, so a click is told from a prompt's. */
export const SECTION_ACTION_PREFIX = 'prompt:section';
/** Modal inputs use one action id; the field is named by the block id. */
export const FIELD_ACTION = 'value';

/** Block ids must be unique in a message, so rows after the first get `|<n>` after the prompt id. */
export function promptBlockId(promptId: string, row: number): string {
  return row === 0 ? promptId : `${promptId}|${row}`;
}

export function promptIdOfBlock(blockId: string): string {
  const bar = blockId.lastIndexOf('|');
  return bar < 0 ? blockId : blockId.slice(0, bar);
}

const plain = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: truncate(text, max), emoji: true });

function sectionBlocks(text: string): Block[] {
  if (text.trim() === '') return [];
  return splitText(text, LIMITS.sectionText).map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } }));
}

function sectionOf(s: Section & { text: string }): Block[] {
  return sectionBlocks(s.title ? `*${s.title}*\n${s.text}` : s.text);
}

/** The choices of section actions as a line of text, where they cannot be buttons. */
export function actionsHint(actions: SectionActions): string {
  return `(buttons: ${actions.choices.map((c) => c.label || c.value).join(' · ')})`;
}

/**
 * A section's own buttons, encoded as a prompt's are (block id = the actions id, `|<n>` on
 * later rows; action id `prompt:section<i>`; value = the choice's value), so a click comes back
 * through the same listener as an `action` for that id. Block ids must be unique in a message
 * and at most 255 characters: an id already used, or too long to carry whole, would not come
 * back right, so those choices are shown as a hint line instead (`used` collects the ids).
 */
export function sectionActionBlocks(actions: SectionActions, used: Set<string> = new Set()): Block[] {
  const { id, choices } = actions;
  if (choices.length === 0) return [];
  const groups = rows(choices, LIMITS.buttonsPerRow);
  const blockIds = groups.map((_, r) => promptBlockId(id, r));
  if (blockIds.some((b) => b.length > LIMITS.blockId || used.has(b)) || choices.some((c) => c.value.length > LIMITS.buttonValue)) {
    return [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(actionsHint(actions), LIMITS.contextText) }] }];
  }
  blockIds.forEach((b) => used.add(b));
  return groups.map((group, r) => ({
    type: 'actions' as const,
    block_id: blockIds[r]!,
    elements: group.map((c, i) => ({
      type: 'button' as const,
      action_id: `${SECTION_ACTION_PREFIX}${r * LIMITS.buttonsPerRow + i}`,
      text: plain(c.label || c.value, LIMITS.buttonText),
      value: c.value,
      ...(c.style ? { style: c.style } : {}),
    })),
  }));
}

function rows<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function option(label: string, value: string): types.PlainTextOption {
  return { text: plain(label, LIMITS.optionText), value: truncate(value, LIMITS.optionValue) };
}

/** A prompt as Block Kit: buttons up to five choices, a static select beyond, a scale as buttons. */
export function promptBlocks(prompt: Prompt): Block[] {
  const { spec, id } = prompt;
  const blocks: Block[] = sectionBlocks(spec.question);
  const notes: string[] = [];
  if (spec.help) notes.push(spec.help);
  if (spec.kind === 'scale' && (spec.minLabel || spec.maxLabel)) {
    notes.push([spec.minLabel && `${spec.min} = ${spec.minLabel}`, spec.maxLabel && `${spec.max} = ${spec.maxLabel}`].filter(Boolean).join(' · '));
  }
  if (spec.kind === 'text') notes.push(spec.format === 'date' ? 'Pick a date, or reply in this conversation.' : 'Reply in this conversation with your answer.');
  if (notes.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(notes.join('\n'), LIMITS.contextText) }] });
  }
  if (spec.kind === 'text') {
    // Slack has a native date picker; everything else typed is answered by a reply.
    if (spec.format === 'date') {
      blocks.push({ type: 'actions', block_id: promptBlockId(id, 0), elements: [{ type: 'datepicker', action_id: `${PROMPT_ACTION_PREFIX}date`, placeholder: plain('Pick a date', LIMITS.placeholder) }] });
    }
    return blocks;
  }
  const choices = spec.kind === 'scale' ? choiceScale(spec) : spec.choices;
  let row = 0;
  if (spec.kind === 'multi') {
    for (const group of rows(choices, LIMITS.optionsPerSelect)) {
      blocks.push({
        type: 'actions',
        block_id: promptBlockId(id, row++),
        elements: [
          {
            type: 'multi_static_select',
            action_id: MULTI_PICK_ACTION,
            placeholder: plain('Choose…', LIMITS.placeholder),
            options: group.map((c) => option(c.label, c.value)),
            ...(spec.maxChoices ? { max_selected_items: spec.maxChoices } : {}),
          },
        ],
      });
    }
    blocks.push({
      type: 'actions',
      block_id: promptBlockId(id, row),
      elements: [{ type: 'button', action_id: MULTI_SUBMIT_ACTION, style: 'primary', text: plain('Submit', LIMITS.buttonText), value: 'submit' }],
    });
    return blocks;
  }
  if (spec.kind === 'choice' && choices.length > LIMITS.buttonsPerRow) {
    rows(choices, LIMITS.optionsPerSelect).forEach((group, n) => {
      blocks.push({
        type: 'actions',
        block_id: promptBlockId(id, row++),
        elements: [
          {
            type: 'static_select',
            action_id: `${PROMPT_ACTION_PREFIX}select${n}`,
            placeholder: plain('Choose…', LIMITS.placeholder),
            options: group.map((c) => option(c.label, c.value)),
          },
        ],
      });
    });
    return blocks;
  }
  rows(choices, LIMITS.buttonsPerRow).forEach((group, r) => {
    blocks.push({
      type: 'actions',
      block_id: promptBlockId(id, row++),
      elements: group.map((c, i) => ({
        type: 'button' as const,
        action_id: `${PROMPT_ACTION_PREFIX}${r * LIMITS.buttonsPerRow + i}`,
        text: plain(c.label, LIMITS.buttonText),
        value: truncate(c.value, LIMITS.buttonValue),
      })),
    });
  });
  return blocks;
}

/** Slack's wire syntax for mentions: the domain writes spans, never this. */
export const SLACK_SPANS: SpanSyntax = { mention: (u) => `<@${u}>`, channel: (c) => `<#${c}>` };

/**
 * A neutral message as one or more Slack messages of at most 50 blocks. The prompt always
 * travels whole in the last one, so its ts is the one to update once it is answered; a section
 * with buttons travels whole with them, so a click's message holds the section it acts on.
 */

export function renderMessage(message: Message): SlackMessage[] {
  const msg = flattenMessage(message, SLACK_SPANS);
  const used = new Set<string>(msg.prompt ? [msg.prompt.id] : []);
  // Units that must not be split across messages: a section with buttons stays with them.
  const units: Block[][] = [
    ...sectionBlocks(msg.text).map((b) => [b]),
    ...(msg.sections ?? []).flatMap((s) => (s.actions ? [[...sectionOf(s), ...sectionActionBlocks(s.actions, used)]] : sectionOf(s).map((b) => [b]))),
  ];
  const prompt = msg.prompt ? promptBlocks(msg.prompt) : [];
  const max = LIMITS.blocksPerMessage;
  const chunks: Block[][] = [];
  for (const unit of units) {
    const last = chunks[chunks.length - 1];
    if (last && last.length + unit.length <= max) last.push(...unit);
    // Only a section longer than a whole message is cut, its buttons staying with its end.
    else chunks.push(...rows(unit, max));
  }
  const last = chunks[chunks.length - 1];
  if (prompt.length > 0) {
    if (last && last.length + prompt.length <= max) last.push(...prompt);
    else chunks.push(prompt.slice(0, max));
  }
  if (chunks.length === 0) chunks.push([]);
  const fallback = truncate(msg.text || msg.prompt?.spec.question || ' ', LIMITS.fallbackText);
  return chunks.map((blocks) => ({ text: fallback, blocks }));
}

/** What replaces a prompt once answered: the question stays, the controls go. */
export function answeredBlocks(original: Block[] | undefined, promptId: string, user: string, label: string): Block[] {
  const blocks = original ?? [];
  const answered = (b: Block) => 'block_id' in b && !!b.block_id && promptIdOfBlock(b.block_id) === promptId;
  const note: Block = { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`✅ <@${user}> answered: *${label}*`, LIMITS.contextText) }] };
  // The note takes the place of the controls: a section's buttons are answered under that section.
  const at = blocks.findIndex(answered);
  const kept = blocks.filter((b) => !answered(b));
  const before = at < 0 ? kept.length : blocks.slice(0, at).filter((b) => !answered(b)).length;
  const out = [...kept.slice(0, before), note, ...kept.slice(before)];
  return out.length <= LIMITS.blocksPerMessage ? out : [...kept.slice(0, LIMITS.blocksPerMessage - 1), note];
}

/** A form as a modal: one input block per field, named by the field id. */
export function renderModal(form: Form, privateMetadata = ''): types.ModalView {
  return {
    type: 'modal',
    callback_id: truncate(form.id, LIMITS.callbackId),
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel ?? 'Submit', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: privateMetadata.length <= LIMITS.privateMetadata ? privateMetadata : '',
    blocks: form.fields.slice(0, LIMITS.blocksPerView).map((f) => ({
      type: 'input',
      block_id: f.id,
      optional: f.optional ?? false,
      label: plain(f.label, LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: FIELD_ACTION,
        multiline: f.long ?? false,
        max_length: Math.min(f.maxLength ?? LIMITS.inputMaxLength, LIMITS.inputMaxLength),
        ...(f.placeholder ? { placeholder: plain(f.placeholder, LIMITS.placeholder) } : {}),
        ...(f.initial ? { initial_value: truncate(f.initial, LIMITS.inputMaxLength) } : {}),
      },
    })),
  };
}

/** The App Home tab: the message's text as a header, each section under a divider. */
export function renderHome(message: Message): types.HomeView {
  const msg = flattenMessage(message, SLACK_SPANS);
  const blocks: Block[] = [{ type: 'header', text: plain(msg.text || 'Mentoring', LIMITS.headerText) }];
  const used = new Set<string>(msg.prompt ? [msg.prompt.id] : []);
  for (const s of msg.sections ?? []) {
    blocks.push({ type: 'divider' });
    if (s.title) blocks.push({ type: 'header', text: plain(s.title, LIMITS.headerText) });
    blocks.push(...sectionBlocks(s.text));
    if (s.actions) blocks.push(...sectionActionBlocks(s.actions, used));
  }
  if (msg.prompt) blocks.push(...promptBlocks(msg.prompt));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}
