import { ApplicationCommandOptionType as T } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommandPayload, autocompleteChoices } from '../../adapters/discord/command-registration.js';
import { commandInvocation, type OptionData } from '../../adapters/discord/parse.js';
import type { CommandDef } from '../../src/core/bot.js';
import { checkTypedArgs, findCommand, type ArgDef, type CommandSpec } from '../../src/core/command-grammar.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Opt = { name: string; type: number; required?: boolean; choices?: { value: string }[]; autocomplete?: boolean; options?: Opt[] };

function sample(arg: ArgDef): { value: string | number; text: string } {
  switch (arg.type) {
    case 'user':
      return { value: '1800000000000000009', text: '1800000000000000009' };
    case 'number':
      return { value: 7, text: '7' };
    case 'date':
      return { value: '2026-12-31', text: '2026-12-31' };
    case 'choice':
      return { value: arg.choices?.[0] ?? 'x', text: arg.choices?.[0] ?? 'x' };
    case 'text':
      return { value: 'two "quoted" words', text: 'two "quoted" words' };
    default:
      return { value: 'item-1', text: 'item-1' };
  }
}

/** The options Discord would send for a spec with every argument filled in. */
function filledOptions(spec: CommandSpec): OptionData[] {
  const leaves: OptionData[] = spec.args.map((a) => ({
    name: a.name,
    type: a.type === 'user' ? T.User : a.type === 'number' ? T.Number : T.String,
    value: sample(a).value,
  }));
  const sub: OptionData = { name: spec.path[spec.path.length - 1] as string, type: T.Subcommand, options: leaves.reverse() };
  return spec.path.length === 2 ? [{ name: spec.path[0] as string, type: T.SubcommandGroup, options: [sub] }] : [sub];
}

describe('Discord command registration', () => {
  let testApp: TestApp;
  let commands: CommandDef[];
  beforeAll(async () => {
    testApp = await createTestApp('pglite', { programFiles: ['examples/youth.yaml'] });
    commands = testApp.app.bot.commands;
  });
  afterAll(async () => testApp?.close());

  it('registers exactly the core subcommands, with typed options', () => {
    const payload = buildCommandPayload(commands) as unknown as { name: string; options: Opt[] };
    expect(payload.name).toBe('mentor');
    const registered: string[] = [];
    for (const top of payload.options) {
      if (top.type === T.SubcommandGroup) for (const sub of top.options ?? []) registered.push(`${top.name} ${sub.name}`);
      else registered.push(top.name);
    }
    expect(registered.sort()).toEqual(commands.map((c) => c.path.join(' ')).sort());
    for (const spec of commands) {
      const top = payload.options.find((o) => o.name === spec.path[0]) as Opt;
      const sub = spec.path.length === 2 ? (top.options?.find((o) => o.name === spec.path[1]) as Opt) : top;
      expect(sub.options?.map((o) => o.name).sort()).toEqual(spec.args.map((a) => a.name).sort());
      for (const arg of spec.args) {
        const option = sub.options?.find((o) => o.name === arg.name) as Opt;
        expect(option.required).toBe(!arg.optional);
        const expected = arg.type === 'user' ? T.User : arg.type === 'number' ? T.Number : T.String;
        expect(option.type, `${spec.path.join(' ')} ${arg.name}`).toBe(expected);
        if (arg.type === 'choice') expect(option.choices?.map((c) => c.value)).toEqual(arg.choices);
      }
      // Discord rejects a required option after an optional one.
      const required = (sub.options ?? []).map((o) => o.required === true);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('builds an invocation the core parses back to the same arguments, for every subcommand', () => {
    for (const spec of commands) {
      const invocation = commandInvocation(filledOptions(spec), commands);
      const matched = findCommand(commands, invocation.path);
      expect(matched.path).toEqual(spec.path);
      const args = checkTypedArgs(matched, invocation.args);
      for (const arg of spec.args) expect(args[arg.name], `${spec.path.join(' ')} ${arg.name}`).toBe(sample(arg).value);
    }
  });

  it('gives every subcommand an optional program option when two programs are loaded, and none with one', () => {
    const programs = ['workplace', 'youth'];
    const payload = buildCommandPayload(commands, { programs }) as unknown as { options: Opt[] };
    const subs = payload.options.flatMap((top) => (top.type === T.SubcommandGroup ? (top.options ?? []) : [top]));
    expect(subs).toHaveLength(commands.length);
    for (const sub of subs) {
      const program = sub.options?.at(-1);
      expect(program, sub.name).toMatchObject({ name: 'program', type: T.String, required: false });
      expect(program?.choices?.map((c) => c.value)).toEqual(programs);
    }
    expect(buildCommandPayload(commands, { programs: ['youth'] })).toEqual(buildCommandPayload(commands));
    expect(autocompleteChoices(commands, ['status'], 'program', 'yo', programs)).toEqual([{ name: 'youth', value: 'youth' }]);
  });

  it('passes the program option as the invocation’s program, and typed values as they came', () => {
    const options: OptionData[] = [
      {
        name: 'role',
        type: T.SubcommandGroup,
        options: [
          {
            name: 'grant',
            type: T.Subcommand,
            options: [
              { name: 'program', type: T.String, value: 'youth' },
              { name: 'person', type: T.User, value: '1800000000000000009' },
              { name: 'role', type: T.String, value: 'mentor' },
            ],
          },
        ],
      },
    ];
    expect(commandInvocation(options, commands, ['workplace', 'youth'])).toEqual({
      path: ['role', 'grant'],
      args: { person: '1800000000000000009', role: 'mentor' },
      program: 'youth',
    });
    // With one program there is no such option: it reaches the core as an unknown argument.
    expect(commandInvocation(options, commands, ['youth']).args).toHaveProperty('program', 'youth');
    const audit: OptionData[] = [{ name: 'audit', type: T.Subcommand, options: [{ name: 'count', type: T.Number, value: 5 }, { name: 'frob', type: T.String, value: 'x y' }] }];
    expect(commandInvocation(audit, commands)).toEqual({ path: ['audit'], args: { count: 5, frob: 'x y' } });
  });

  it('keeps names and descriptions within Discord limits', () => {
    const json = JSON.stringify(buildCommandPayload(commands));
    for (const m of json.matchAll(/"name":"([^"]*)"/g)) expect((m[1] ?? '').length).toBeLessThanOrEqual(32);
    for (const m of json.matchAll(/"description":"((?:[^"\\]|\\.)*)"/g)) expect((m[1] ?? '').length).toBeLessThanOrEqual(100);
  });

  it('offers autocomplete instead of choices for a long list, and rejects impossible shapes', () => {
    const many = Array.from({ length: 30 }, (_, i) => `topic-${i}`);
    const spec: CommandSpec = { path: ['topic'], summary: 'Pick', access: 'anyone', args: [{ name: 'topic', type: 'choice', description: 'a topic', choices: many }] };
    const payload = buildCommandPayload([spec]) as unknown as { options: Opt[] };
    const option = payload.options[0]?.options?.[0];
    expect(option?.autocomplete).toBe(true);
    expect(option?.choices).toBeUndefined();
    expect(autocompleteChoices([spec], ['topic'], 'topic', '2').map((c) => c.value)[0]).toBe('topic-2');
    expect(autocompleteChoices([spec], ['topic'], 'topic', '')).toHaveLength(25);
    const clash: CommandSpec[] = [
      { path: ['role'], summary: 'x', access: 'anyone', args: [] },
      { path: ['role', 'grant'], summary: 'x', access: 'anyone', args: [] },
    ];
    expect(() => buildCommandPayload(clash)).toThrow(/both a subcommand and a group/);
  });
});
