import { describe, expect, it } from 'vitest';
import { matchCommand, parseArgs, parseUserRef, tokenize, usage, type CommandSpec } from '../../src/core/command-grammar.js';
import { UserError } from '../../src/core/errors.js';

const specs: CommandSpec[] = [
  { path: ['help'], summary: 'help', access: 'anyone', args: [] },
  {
    path: ['role', 'grant'],
    summary: 'grant',
    access: 'coordinator',
    args: [
      { name: 'person', type: 'user', description: 'who' },
      { name: 'role', type: 'choice', description: 'role', choices: ['mentor', 'mentee', 'coordinator'] },
    ],
  },
  { path: ['role', 'revoke'], summary: 'revoke', access: 'coordinator', args: [] },
  { path: ['pause'], summary: 'pause', access: 'anyone', args: [{ name: 'date', type: 'date', description: 'when', keyword: 'until', optional: true }] },
];

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('command grammar', () => {
  it('tokenizes quoted phrases as one argument', () => {
    expect(tokenize('reject @bob "not a good fit" now')).toEqual(['reject', '@bob', 'not a good fit', 'now']);
  });

  it('reads Slack, Discord and plain mentions', () => {
    expect(parseUserRef('<@U123ABC|alice>')).toBe('U123ABC');
    expect(parseUserRef('<@!81234>')).toBe('81234');
    expect(parseUserRef('@bob')).toBe('bob');
    expect(parseUserRef('not a user!')).toBeNull();
  });

  it('matches the longest subcommand path and parses typed arguments', () => {
    const { spec, rest } = matchCommand(specs, 'role grant @bob Mentor');
    expect(spec.path).toEqual(['role', 'grant']);
    expect(parseArgs(spec, rest)).toEqual({ person: 'bob', role: 'mentor' });
  });

  it('says which choice was wrong and shows the usage', () => {
    const { spec, rest } = matchCommand(specs, 'role grant @bob boss');
    const err = userError(() => parseArgs(spec, rest));
    expect(err.message).toContain('“boss” is not a valid role: use one of mentor, mentee, coordinator.');
    expect(err.message).toContain('Usage: `/mentor role grant <person> <role>`');
  });

  it('names a missing argument and rejects extra ones', () => {
    const { spec } = matchCommand(specs, 'role grant');
    expect(userError(() => parseArgs(spec, ['@bob'])).message).toContain('Missing <role>');
    expect(userError(() => parseArgs(spec, ['@bob', 'mentor', 'extra'])).code).toBe('extra_argument');
  });

  it('handles keyword arguments and validates dates', () => {
    const { spec } = matchCommand(specs, 'pause');
    expect(parseArgs(spec, [])).toEqual({});
    expect(parseArgs(spec, ['until', '2026-12-31'])).toEqual({ date: '2026-12-31' });
    expect(userError(() => parseArgs(spec, ['until', '31/12/2026'])).message).toContain('write it as YYYY-MM-DD');
  });

  it('suggests the nearest subcommand for a typo and lists the group for a bad second word', () => {
    expect(userError(() => matchCommand(specs, 'hlep')).message).toBe(
      '“hlep” is not a subcommand. Did you mean `/mentor help`? `/mentor help` lists what you can do.',
    );
    expect(userError(() => matchCommand(specs, 'role give')).message).toBe(
      '“role give” is not a subcommand. Did you mean `/mentor role grant`, `/mentor role revoke`?',
    );
    expect(userError(() => matchCommand(specs, '  ')).code).toBe('no_subcommand');
  });

  it('prints usage with optional keyword arguments', () => {
    expect(usage(specs[3] as CommandSpec)).toBe('/mentor pause [until <date>]');
  });
});
