import { UserError } from './errors.js';
import { checkDate, parseDecimal } from './values.js';

const shown = (token: string) => (token.length > 40 ? `${token.slice(0, 37)}...` : token);

/** Who may run a subcommand; help lists only what the asking person may run. */
export type Access = 'anyone' | 'coordinator';

export type ArgType = 'user' | 'word' | 'text' | 'choice' | 'date' | 'number';

export interface ArgDef {
  name: string;
  type: ArgType;
  description: string;
  optional?: boolean;
  choices?: readonly string[];
  /** A literal word that introduces the argument, e.g. `until` in `pause [until <date>]`. */
  keyword?: string;
}

export type ArgValues = Record<string, string | number | undefined>;

export interface CommandSpec {
  /** Subcommand words, e.g. ['training', 'record']. */
  path: string[];
  /**
   * Other words that run it when typed (Slack, the terminal), e.g. `plans` for `plan list`:
   * short forms people expect, without a top-level subcommand of their own on Discord (25 at most).
   */
  aliases?: string[][];
  summary: string;
  access: Access;
  args: ArgDef[];
}

export function usage(spec: CommandSpec): string {
  const args = spec.args.map((a) => {
    const inner = `${a.keyword ? `${a.keyword} ` : ''}<${a.name}>`;
    return a.optional ? `[${inner}]` : inner;
  });
  return ['/mentor', ...spec.path, ...args].join(' ');
}

/** Splits on spaces, keeping "quoted phrases" together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) tokens.push(m[1] ?? m[2] ?? m[3] ?? '');
  return tokens;
}

/** Accepts Slack `<@U123|name>`, Discord `<@123>`/`<@!123>`, and plain `@alice` or `alice`. */
export function parseUserRef(token: string): string | null {
  const mention = /^<@!?([A-Za-z0-9._-]+)(\|[^>]*)?>$/.exec(token);
  if (mention) return mention[1] ?? null;
  const plain = /^@?([A-Za-z0-9._-]{1,64})$/.exec(token);
  return plain ? (plain[1] ?? null) : null;
}

function parseArg(def: ArgDef, token: string, spec: CommandSpec): string | number {
  const fail = (what: string): never => {
    throw new UserError(`${what}\nUsage: \`${usage(spec)}\``, 'bad_argument');
  };
  switch (def.type) {
    case 'user':
      return parseUserRef(token) ?? fail(`“${token}” is not a person: mention them, like @alice.`);
    case 'choice': {
      const value = token.toLowerCase();
      if (!def.choices?.includes(value)) {
        fail(`“${token}” is not a valid ${def.name}: use one of ${def.choices?.join(', ')}.`);
      }
      return value;
    }
    case 'number': {
      const n = parseDecimal(token);
      return n !== null ? n : fail(`“${shown(token)}” is not a number (${def.name}): write it with digits, like 3.`);
    }
    case 'date': {
      const checked = checkDate(token);
      if (checked.ok) return checked.date;
      return /^\d{4}-\d{2}-\d{2}$/.test(token) ? fail(`“${token}” is not a date. ${checked.why}`) : fail(`“${shown(token)}” is not a date: write it as YYYY-MM-DD, e.g. 2026-12-31.`);
    }
    default:
      return token;
  }
}

/** Parses the arguments of a matched subcommand; throws a UserError saying what would work. */
export function parseArgs(spec: CommandSpec, tokens: string[]): ArgValues {
  const values: ArgValues = {};
  let i = 0;
  for (const def of spec.args) {
    if (def.keyword) {
      if (tokens[i]?.toLowerCase() !== def.keyword) {
        if (def.optional) continue;
        throw new UserError(`Missing “${def.keyword} <${def.name}>”.\nUsage: \`${usage(spec)}\``, 'missing_argument');
      }
      i++;
    }
    if (i >= tokens.length) {
      if (def.optional) continue;
      throw new UserError(`Missing <${def.name}> (${def.description}).\nUsage: \`${usage(spec)}\``, 'missing_argument');
    }
    if (def.type === 'text') {
      values[def.name] = tokens.slice(i).join(' ');
      i = tokens.length;
    } else {
      values[def.name] = parseArg(def, tokens[i] as string, spec);
      i++;
    }
  }
  if (i < tokens.length) {
    throw new UserError(`Unexpected “${tokens.slice(i).join(' ')}”.\nUsage: \`${usage(spec)}\``, 'extra_argument');
  }
  return values;
}

/**
 * Checks arguments a platform already parsed (Discord options) against the same definitions,
 * without turning them into text: an unknown option is refused, not joined into the command.
 */
export function checkTypedArgs(spec: CommandSpec, given: Record<string, string | number>): ArgValues {
  const values: ArgValues = {};
  const known = new Set(spec.args.map((a) => a.name));
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new UserError(`\`/mentor ${spec.path.join(' ')}\` has no option “${unknown[0]}”.\nUsage: \`${usage(spec)}\``, 'extra_argument');
  }
  for (const def of spec.args) {
    const raw = given[def.name];
    if (raw === undefined || raw === '') {
      if (def.optional) continue;
      throw new UserError(`Missing <${def.name}> (${def.description}).\nUsage: \`${usage(spec)}\``, 'missing_argument');
    }
    values[def.name] = def.type === 'text' ? String(raw) : parseArg(def, String(raw), spec);
  }
  return values;
}

/** Finds the subcommand with exactly this path (a platform that parsed the command itself). */
export function findCommand<T extends CommandSpec>(specs: readonly T[], path: readonly string[]): T {
  const spec = specs.find((s) => s.path.length === path.length && s.path.every((p, i) => p === path[i]));
  if (spec) return spec;
  const near = matchCommand(specs, path.join(' ')).spec;
  throw new UserError(`“${path.join(' ')}” is not a subcommand. Did you mean \`/mentor ${near.path.join(' ')}\`?`, 'unknown_subcommand');
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

/** Finds the subcommand with the longest matching path; unknown ones get a suggestion. */
export function matchCommand<T extends CommandSpec>(
  specs: readonly T[],
  text: string,
): { spec: T; rest: string[] } {
  const tokens = tokenize(text.trim());
  const words = tokens.map((t) => t.toLowerCase());
  let best: { spec: T; length: number } | undefined;
  for (const spec of specs) {
    for (const path of [spec.path, ...(spec.aliases ?? [])]) {
      const matches = path.every((p, i) => words[i] === p);
      if (matches && (!best || path.length > best.length)) best = { spec, length: path.length };
    }
  }
  if (best) return { spec: best.spec, rest: tokens.slice(best.length) };
  if (words.length === 0) {
    throw new UserError('Tell me what to do, e.g. `/mentor help`.', 'no_subcommand');
  }
  const asked = words.slice(0, 2).join(' ');
  const group = specs.filter((s) => s.path[0] === words[0]);
  if (group.length > 0) {
    const options = group.map((s) => `\`/mentor ${s.path.join(' ')}\``).join(', ');
    throw new UserError(`“${asked}” is not a subcommand. Did you mean ${options}?`, 'unknown_subcommand');
  }
  const names = [...new Set(specs.map((s) => s.path[0] as string))];
  const near = names
    .map((n) => ({ n, d: distance(n, words[0] as string) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d)[0];
  const hint = near ? ` Did you mean \`/mentor ${near.n}\`?` : '';
  throw new UserError(
    `“${words[0]}” is not a subcommand.${hint} \`/mentor help\` lists what you can do.`,
    'unknown_subcommand',
  );
}
