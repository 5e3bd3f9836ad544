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
import { flattenMessage, promptChoices, renderPlainText, type FlatMessage, type Message, type Prompt, type SectionActions, type SpanSyntax } from '../../src/core/render.js';
import { fits, ids, parseComponentId } from './custom-ids.js';

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

const STYLES = { primary: ButtonStyle.Primary, danger: ButtonStyle.Danger } as const;

/** The choices of section actions as words, where they cannot be buttons. */
export function actionsHint(actions: SectionActions): string {
  return `(buttons: ${actions.choices.map((c) => c.label || c.value).join(' · ')})`;
}

/**
 * One row of buttons for a section's own actions, each id `<actions id>|<value>` like a
 * prompt's button, so a click comes back as an `action` for that id. `marker` (the section's
 * number) starts each label when several sections have buttons. A row holds five buttons, the
 * model's own limit for a section, so choices past five are dropped. Null when it cannot be a row:
 * an id over 100 characters, or used already in the message (Discord needs unique ids).
 */
export function sectionActionRow(actions: SectionActions, marker = '', used: Set<string> = new Set()): Row | null {
  const choices = actions.choices.slice(0, LIMITS.buttonsPerRow);
  const customIds = choices.map((c) => ids.button(actions.id, c.value));
  if (choices.length === 0 || customIds.some((id) => !fits(id) || used.has(id)) || new Set(customIds).size < customIds.length) return null;
  customIds.forEach((id) => used.add(id));
  const buttons: APIButtonComponent[] = choices.map((c, i) => ({
    type: ComponentType.Button,
    style: c.style ? STYLES[c.style] : ButtonStyle.Secondary,
    custom_id: customIds[i]!,
    label: truncate(`${marker}${c.label || c.value}`, LIMITS.buttonLabel),
  }));
  return { type: ComponentType.ActionRow, components: buttons };
}

/**
 * Buttons for the sections that carry actions, one row each, in the rows a prompt leaves free
 * (Discord allows five per message). With several sections, each section with buttons is
 * numbered and its buttons start with that number. Sections past the last free row keep their
 * text and show their choices as words, with a line saying why; the domain pages its lists so
 * that this stays a guard.
 */
function sectionRows(msg: FlatMessage, free: number, used: Set<string>): { msg: FlatMessage; rows: Row[]; notes: string[] } {
  const sections = msg.sections ?? [];
  const numbered = sections.length > 1;
  const rows: Row[] = [];
  const notes: string[] = [];
  let n = 0;
  let skipped = 0;
  const out = sections.map((s) => {
    if (!s.actions || s.actions.choices.length === 0) return s;
    const mark = numbered ? `${++n}` : '';
    const row = rows.length < free ? sectionActionRow(s.actions, mark ? `${mark} · ` : '', used) : null;
    if (row) rows.push(row);
    else if (rows.length >= free) skipped += 1;
    const hint = row ? '' : `\n${actionsHint(s.actions)}`;
    if (!mark) return { ...s, text: `${s.text}${hint}` };
    return s.title ? { ...s, title: `${mark}. ${s.title}`, text: `${s.text}${hint}` } : { ...s, text: `**${mark}.** ${s.text}${hint}` };
  });
  if (skipped > 0) notes.push(`_Buttons are shown for the first ${rows.length === 1 ? 'item' : `${rows.length} items`} only: Discord allows ${LIMITS.rows} rows of buttons in one message._`);
  return { msg: { ...msg, sections: out }, rows, notes };
}

export function renderMessage(message: Message): RenderedMessage {
  const flat = flattenMessage(message, DISCORD_SPANS);
  const lines = [flat.text];
  let components: Row[] = [];
  if (flat.prompt) {
    const native = promptComponents(flat.prompt);
    if (native) {
      lines.push('', ...promptLines(flat.prompt));
      components = native;
    } else {
      lines.push('', renderPlainText({ text: '', prompt: flat.prompt }));
    }
  }
  const used = new Set(components.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : ''))));
  const { msg, rows, notes } = sectionRows(flat, LIMITS.rows - components.length, used);
  if (notes.length > 0) lines.push('', ...notes);
  return {
    content: truncate(lines.join('\n').trim() || '\u200b', LIMITS.content),
    embeds: sectionsEmbed(msg),
    components: [...components, ...rows],
    allowedMentions: { parse: ['users'] },
  };
}

/**
 * The components of an answered prompt: its own disabled, the picked button marked, so the
 * message shows the answer and nobody clicks a closed question. Components of other prompts
 * or sections on the same message (another pair's buttons) stay as they were.
 */
export function closedComponents(rows: readonly Row[], promptId: string, picked: readonly string[]): Row[] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((c) => {
      if (!('custom_id' in c)) return c;
      const id = parseComponentId(c.custom_id, c.type === ComponentType.StringSelect);
      if (!('promptId' in id) || id.promptId !== promptId) return c;
      if (c.type === ComponentType.Button) {
        return { ...c, disabled: true, style: id.kind === 'choice' && picked.includes(id.value) ? ButtonStyle.Success : c.style };
      }
      if (c.type === ComponentType.StringSelect) {
        return { ...c, disabled: true, options: c.options.map((o) => ({ ...o, default: picked.includes(o.value) })) };
      }
      return c;
    }),
  }));
}
