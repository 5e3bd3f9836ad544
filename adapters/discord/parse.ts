import { ApplicationCommandOptionType, ComponentType } from 'discord.js';
import type { Actor, InboundEvent, Where } from '../../src/core/chat.js';
import type { CommandSpec } from '../../src/core/command-grammar.js';
import { parseComponentId, parseModalId, type ComponentId, type ModalId } from './custom-ids.js';
import { optionName } from './command-registration.js';

/** The slice of discord.js's CommandInteractionOption that the text is rebuilt from. */
export interface OptionData {
  name: string;
  type: ApplicationCommandOptionType;
  value?: string | number | boolean;
  options?: readonly OptionData[];
}

/** Quotes a value that would otherwise split into several words for the core's tokenizer. */
function quoted(value: string, last: boolean): string {
  if (value !== '' && !/\s/.test(value) && !/^["']/.test(value)) return value;
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  // A trailing text argument takes the rest of the line anyway; quotes inside it survive best unquoted.
  return last ? value : value.replace(/"/g, '”');
}

/**
 * Rebuilds `/mentor ...` text from a chat-input interaction, in the argument order the core's
 * grammar expects: USER options become `<@id>`, keyword arguments get their keyword back.
 */
export function commandText(options: readonly OptionData[], specs: readonly CommandSpec[]): string {
  const path: string[] = [];
  let leaves = options;
  for (;;) {
    const nested = leaves.find(
      (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (!nested) break;
    path.push(nested.name);
    leaves = nested.options ?? [];
  }
  const spec = specs.find((s) => s.path.join(' ') === path.join(' '));
  if (!spec) return [...path, ...leaves.map((o) => String(o.value ?? ''))].join(' ');
  const words: string[] = [...path];
  spec.args.forEach((arg, i) => {
    const option = leaves.find((o) => o.name === optionName(arg.name));
    if (option?.value === undefined) return;
    if (arg.keyword) words.push(arg.keyword);
    const value = String(option.value);
    words.push(arg.type === 'user' ? `<@${value}>` : quoted(value, i === spec.args.length - 1));
  });
  return words.join(' ');
}

export interface Origin {
  user: { id: string; username: string; globalName?: string | null };
  member?: { displayName?: string } | null;
  guildId: string | null;
  channelId: string | null;
}

/**
 * Actor and place of an interaction or message. A DM carries no server id, so it belongs to
 * the configured server's workspace (`dmWorkspace`).
 */
export function actorAndWhere(origin: Origin, dmWorkspace: string): { actor: Actor; where: Where } {
  const displayName = origin.member?.displayName ?? origin.user.globalName ?? origin.user.username;
  const workspace = origin.guildId ?? dmWorkspace;
  const where: Where = origin.guildId && origin.channelId ? { kind: 'channel', channel: origin.channelId } : { kind: 'dm' };
  return { actor: { platform: 'discord', workspace, user: origin.user.id, displayName }, where };
}

type Base = { id: string; actor: Actor; where: Where };

export function commandEvent(base: Base, options: readonly OptionData[], specs: readonly CommandSpec[]): InboundEvent {
  return { ...base, type: 'command', text: commandText(options, specs) };
}

/** A click or a selection on one of our prompts; null for the adapter's own buttons. */
export function componentEvent(
  base: Base,
  interaction: { customId: string; componentType: ComponentType; values?: readonly string[] },
): { event: InboundEvent | null; id: ComponentId } {
  const isSelect = interaction.componentType === ComponentType.StringSelect;
  const id = parseComponentId(interaction.customId, isSelect);
  if (id.kind === 'choice') return { id, event: { ...base, type: 'action', promptId: id.promptId, value: id.value } };
  if (id.kind === 'select') {
    const values = [...(interaction.values ?? [])];
    return { id, event: { ...base, type: 'action', promptId: id.promptId, value: id.multi ? values : (values[0] ?? '') } };
  }
  return { id, event: null };
}

/** The text inputs of a submitted modal, by input custom id. */
export function modalValues(components: readonly unknown[]): Record<string, string> {
  const values: Record<string, string> = {};
  const visit = (c: unknown): void => {
    if (!c || typeof c !== 'object') return;
    const o = c as { type?: number; customId?: string; value?: string; component?: unknown; components?: unknown[] };
    if (o.type === ComponentType.TextInput && o.customId) values[o.customId] = o.value ?? '';
    if (o.component) visit(o.component);
    for (const child of o.components ?? []) visit(child);
  };
  components.forEach(visit);
  return values;
}

export function modalId(customId: string): ModalId {
  return parseModalId(customId);
}

export function messageEvent(base: Base, content: string): InboundEvent {
  return { ...base, type: 'message', text: content };
}
