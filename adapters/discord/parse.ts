import { ApplicationCommandOptionType, ComponentType } from 'discord.js';
import type { Actor, InboundEvent, Where } from '../../src/core/chat.js';
import type { CommandSpec } from '../../src/core/command-grammar.js';
import { parseComponentId, parseModalId, type ComponentId, type ModalId } from './custom-ids.js';
import { PROGRAM_OPTION, optionName } from './command-registration.js';

/** The slice of discord.js's CommandInteractionOption that an invocation is built from. */
export interface OptionData {
  name: string;
  type: ApplicationCommandOptionType;
  value?: string | number | boolean;
  options?: readonly OptionData[];
}

export type Invocation = { path: string[]; args: Record<string, string | number>; program?: string };

const isNested = (o: OptionData) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup;

/**
 * The subcommand path and typed arguments of a chat-input interaction, as Discord parsed them:
 * USER options are user ids, numbers stay numbers, and option names map back to the core's
 * argument names. Nothing is turned into text, so an option the core does not know arrives
 * under its own name and is refused there, never read as words of the command.
 */
export function commandInvocation(options: readonly OptionData[], specs: readonly CommandSpec[], programs: readonly string[] = []): Invocation {
  const path: string[] = [];
  let leaves = options;
  for (let nested = leaves.find(isNested); nested; nested = leaves.find(isNested)) {
    path.push(nested.name);
    leaves = nested.options ?? [];
  }
  const spec = specs.find((s) => s.path.length === path.length && s.path.every((p, i) => optionName(p) === path[i]));
  const invocation: Invocation = { path: spec ? [...spec.path] : path, args: {} };
  for (const option of leaves) {
    if (option.value === undefined) continue;
    // Only registered when several programs are loaded; otherwise it is an unknown option like any other.
    if (option.name === PROGRAM_OPTION && programs.length > 1 && typeof option.value === 'string') {
      invocation.program = option.value;
      continue;
    }
    const arg = spec?.args.find((a) => optionName(a.name) === option.name);
    invocation.args[arg?.name ?? option.name] = typeof option.value === 'boolean' ? String(option.value) : option.value;
  }
  return invocation;
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

export function commandEvent(base: Base, options: readonly OptionData[], specs: readonly CommandSpec[], programs: readonly string[] = []): InboundEvent {
  return { ...base, type: 'command', invocation: commandInvocation(options, specs, programs) };
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
