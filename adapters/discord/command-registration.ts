import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { ArgDef, CommandSpec } from '../../src/core/command-grammar.js';

export const COMMAND_NAME = 'mentor';
const MAX_CHOICES = 25;
const MAX_OPTIONS = 25;

type Command = RESTPutAPIApplicationCommandsJSONBody[number];

/** Discord names: lowercase letters, digits, `-` and `_`, at most 32 characters. */
export function optionName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return (cleaned || 'value').slice(0, 32);
}

function description(text: string, fallback: string): string {
  const t = (text || fallback).trim();
  return t.length <= 100 ? t : `${t.slice(0, 99)}…`;
}

function argOption(arg: ArgDef): APIApplicationCommandBasicOption {
  const base = { name: optionName(arg.name), description: description(arg.description, arg.name), required: !arg.optional };
  switch (arg.type) {
    case 'user':
      return { ...base, type: ApplicationCommandOptionType.User };
    case 'number':
      return { ...base, type: ApplicationCommandOptionType.Number };
    case 'choice': {
      const choices = arg.choices ?? [];
      // Discord shows at most 25 fixed choices; a longer list is offered by autocomplete.
      if (choices.length > MAX_CHOICES) return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
      return { ...base, type: ApplicationCommandOptionType.String, choices: choices.map((c) => ({ name: c, value: c })) };
    }
    case 'date':
      return { ...base, description: description(`${arg.description} (YYYY-MM-DD)`, arg.name), type: ApplicationCommandOptionType.String, min_length: 10, max_length: 10 };
    default:
      return { ...base, type: ApplicationCommandOptionType.String };
  }
}

/** Which program a subcommand is about, when there is more than one to choose from. */
export const PROGRAM_OPTION = 'program';

function programOption(programs: readonly string[]): APIApplicationCommandBasicOption {
  const base = { name: PROGRAM_OPTION, description: 'The program this is about (default: yours)', required: false, type: ApplicationCommandOptionType.String } as const;
  if (programs.length > MAX_CHOICES) return { ...base, autocomplete: true };
  return { ...base, choices: programs.map((slug) => ({ name: slug, value: slug })) };
}

function subcommand(spec: CommandSpec, programs: readonly string[]): APIApplicationCommandSubcommandOption {
  const name = spec.path[spec.path.length - 1] as string;
  const options = spec.args.map(argOption);
  if (programs.length > 1) {
    if (options.some((o) => o.name === PROGRAM_OPTION)) throw new Error(`/mentor ${spec.path.join(' ')} has an argument named "${PROGRAM_OPTION}", which the program option needs`);
    options.push(programOption(programs));
  }
  if (options.length > MAX_OPTIONS) throw new Error(`/mentor ${spec.path.join(' ')} has more than ${MAX_OPTIONS} arguments`);
  // Discord wants required options first; order does not matter otherwise, arguments arrive by name.
  options.sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: optionName(name),
    description: description(spec.summary, name),
    options,
  };
}

/**
 * The `/mentor` command with one subcommand per core command, generated from the same specs
 * the core parses, so Discord and the other platforms never disagree. One-word commands are
 * subcommands; two-word commands (`role grant`) are grouped under their first word. With more
 * than one program loaded, every subcommand also takes an optional `program` (its slug).
 */
export function buildCommandPayload(commands: readonly CommandSpec[], options: { programs?: readonly string[] } = {}): Command {
  const programs = options.programs ?? [];
  const top: (APIApplicationCommandSubcommandOption | APIApplicationCommandSubcommandGroupOption)[] = [];
  const groups = new Map<string, APIApplicationCommandSubcommandGroupOption>();
  for (const spec of commands) {
    const [first, second, ...more] = spec.path;
    if (!first || more.length > 0) throw new Error(`/mentor ${spec.path.join(' ')}: Discord allows at most two words before the arguments`);
    if (second === undefined) {
      if (groups.has(first)) throw new Error(`/mentor ${first} is both a subcommand and a group of subcommands`);
      top.push(subcommand(spec, programs));
      continue;
    }
    if (top.some((o) => o.name === first && o.type === ApplicationCommandOptionType.Subcommand)) throw new Error(`/mentor ${first} is both a subcommand and a group of subcommands`);
    let group = groups.get(first);
    if (!group) {
      group = {
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: optionName(first),
        description: description(`${first[0]?.toUpperCase()}${first.slice(1)} commands`, first),
        options: [],
      };
      groups.set(first, group);
      top.push(group);
    }
    group.options?.push(subcommand(spec, programs));
  }
  if (top.length > MAX_OPTIONS) throw new Error(`/mentor has ${top.length} subcommands; Discord allows ${MAX_OPTIONS}`);
  return {
    type: ApplicationCommandType.ChatInput,
    name: COMMAND_NAME,
    description: 'Your mentoring program: join, answer check-ins, get help',
    // Visible to everyone: Discord cannot hide a subcommand per program role, so the core refuses instead.
    default_member_permissions: null,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: top,
  };
}

/** Suggestions for an autocompleted choice argument: those starting with, then containing, the input. */
export function autocompleteChoices(commands: readonly CommandSpec[], path: string[], option: string, typed: string, programs: readonly string[] = []) {
  const spec = commands.find((c) => c.path.join(' ') === path.join(' '));
  const arg = spec?.args.find((a) => optionName(a.name) === option);
  const all = option === PROGRAM_OPTION && programs.length > 1 ? programs : (arg?.choices ?? []);
  const q = typed.toLowerCase();
  const ranked = [...all.filter((c) => c.toLowerCase().startsWith(q)), ...all.filter((c) => !c.toLowerCase().startsWith(q) && c.toLowerCase().includes(q))];
  return ranked.slice(0, MAX_CHOICES).map((c) => ({ name: c, value: c }));
}
