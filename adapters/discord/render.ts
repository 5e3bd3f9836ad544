import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APIStringSelectComponent,
} from 'discord.js';
import { flattenMessage, promptChoices, renderPlainText, type FlatMessage, type Message, type Prompt, type SpanSyntax } from '../../src/core/render.js';
import { fits, ids } from './custom-ids.js';

/** Discord's limits for one message and its parts. */
export const LIMITS = {
  content: 2000,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  selectOptions: 25,
  buttonLabel: 80,
  optionLabel: 100,
} as const;

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface RenderedMessage {
  content: string;
  embeds: APIEmbed[];
  components: Row[];
  /** People named in a message are pinged; @everyone and roles never are. */
  allowedMentions: { parse: ['users'] };
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Splits text at line breaks into pieces of at most `max` characters. */
function splitLines(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length <= max) current = next;
    else {
      if (current) pieces.push(current);
      current = truncate(line, max);
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

function sectionsEmbed(msg: FlatMessage): APIEmbed[] {
  const sections = msg.sections ?? [];
  if (sections.length === 0) return [];
  const description = sections.filter((s) => !s.title).map((s) => s.text).join('\n\n');
  const fields: APIEmbedField[] = [];
  let budget = LIMITS.embedTotal - Math.min(description.length, LIMITS.description);
  for (const s of sections.filter((x) => x.title)) {
    splitLines(s.text || '-', LIMITS.fieldValue).forEach((value, i) => {
      const name = truncate(i === 0 ? (s.title as string) : `${s.title} (continued)`, LIMITS.fieldName);
      if (fields.length < LIMITS.fields && budget - name.length - value.length >= 0) {
        budget -= name.length + value.length;
        fields.push({ name, value });
      }
    });
  }
  const embed: APIEmbed = { fields };
  if (description) embed.description = truncate(description, LIMITS.description);
  return [embed];
}

function promptLines(prompt: Prompt): string[] {
  const { spec } = prompt;
  const lines = [`**${spec.question}**`];
  if (spec.help) lines.push(`_${spec.help}_`);
  if (spec.kind === 'scale' && (spec.minLabel || spec.maxLabel)) {
    lines.push([spec.minLabel && `${spec.min} = ${spec.minLabel}`, spec.maxLabel && `${spec.max} = ${spec.maxLabel}`].filter(Boolean).join(', '));
  }
  if (spec.kind === 'text') lines.push('Reply to this message with your answer, or press Answer.');
  return lines;
}

function buttonRows(prompt: Prompt): Row[] | null {
  const choices = promptChoices(prompt.spec);
  if (choices.length > LIMITS.buttonsPerRow * LIMITS.rows) return null;
  if (choices.some((c) => c.label.length > LIMITS.buttonLabel || !fits(ids.button(prompt.id, c.value)))) return null;
  const buttons: APIButtonComponent[] = choices.map((c) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: ids.button(prompt.id, c.value),
    label: c.label || c.value,
  }));
  return chunk(buttons, LIMITS.buttonsPerRow).map((row) => ({ type: ComponentType.ActionRow, components: row }));
}

function selectRow(prompt: Prompt): Row[] | null {
  const { spec } = prompt;
  const choices = promptChoices(spec);
  const multi = spec.kind === 'multi';
  if (choices.length === 0 || choices.length > LIMITS.selectOptions || !fits(ids.select(prompt.id, multi))) return null;
  if (choices.some((c) => c.value.length > 100 || c.value.length === 0)) return null;
  const max = multi ? Math.min(spec.maxChoices ?? choices.length, choices.length) : 1;
  const select: APIStringSelectComponent = {
    type: ComponentType.StringSelect,
    custom_id: ids.select(prompt.id, multi),
    placeholder: multi ? (max < choices.length ? `Choose up to ${max}` : 'Choose all that apply') : 'Choose one',
    min_values: 1,
    max_values: max,
    options: choices.map((c) => ({ value: c.value, label: truncate(c.label || c.value, LIMITS.optionLabel) })),
  };
  return [{ type: ComponentType.ActionRow, components: [select] }];
}

/**
 * Buttons for a single answer from up to 25 short choices; a select for several answers or
 * long labels; an Answer button for free text. What fits nowhere falls back to numbered
 * choices, which a typed DM reply answers just as well.
 */
export function promptComponents(prompt: Prompt): Row[] | null {
  const { spec } = prompt;
  if (spec.kind === 'text') {
    const id = ids.answer(prompt.id);
    if (!fits(id)) return null;
    return [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: id, label: 'Answer' }] }];
  }
  if (spec.kind === 'multi') return selectRow(prompt);
  return buttonRows(prompt) ?? selectRow(prompt);
}

/** Discord's wire syntax for mentions: the domain writes spans, never this. */
export const DISCORD_SPANS: SpanSyntax = { mention: (u) => `<@${u}>`, channel: (c) => `<#${c}>` };

export function renderMessage(message: Message): RenderedMessage {
  const msg = flattenMessage(message, DISCORD_SPANS);
  const lines = [msg.text];
  let components: Row[] = [];
  if (msg.prompt) {
    const native = promptComponents(msg.prompt);
    if (native) {
      lines.push('', ...promptLines(msg.prompt));
      components = native;
    } else {
      lines.push('', renderPlainText({ text: '', prompt: msg.prompt }));
    }
  }
  return {
    content: truncate(lines.join('\n').trim() || '\u200b', LIMITS.content),
    embeds: sectionsEmbed(msg),
    components,
    allowedMentions: { parse: ['users'] },
  };
}

/**
 * The components of an answered prompt: all disabled, the picked button marked, so the
 * message shows the answer and nobody clicks a closed question.
 */
export function closedComponents(rows: readonly Row[], picked: readonly string[]): Row[] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((c) => {
      if (c.type === ComponentType.Button && 'custom_id' in c) {
        const value = c.custom_id.slice(c.custom_id.indexOf('|') + 1);
        return { ...c, disabled: true, style: picked.includes(value) ? ButtonStyle.Success : c.style };
      }
      if (c.type === ComponentType.StringSelect) {
        return { ...c, disabled: true, options: c.options.map((o) => ({ ...o, default: picked.includes(o.value) })) };
      }
      return c;
    }),
  }));
}
