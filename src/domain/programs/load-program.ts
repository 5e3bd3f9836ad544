import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ProgramDefinitionError, programDefinitionSchema, type ProgramDefinition } from './definition.js';
import { describeValue } from './questions.js';
import { resolveSurveyIncludes, type CheckInstrument } from './survey-includes.js';
import { instrumentSchema } from './survey-schema.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** The "what is wrong" half of an issue, for zod's per-parse error customisation. */
function issueText(issue: z.core.$ZodRawIssue): string | undefined {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${got}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${got}`;
    case 'unrecognized_keys':
      return 'unknown field';
    case 'too_small':
      return sizeText(issue.origin, 'at least', 'more than', Number(issue.minimum), issue.inclusive !== false, got);
    case 'too_big':
      return sizeText(issue.origin, 'at most', 'less than', Number(issue.maximum), issue.inclusive !== false, got);
    case 'invalid_format':
      return `has the wrong format, got ${got}`;
    default:
      return undefined;
  }
}

function sizeText(origin: string, inclusiveWord: string, strictWord: string, bound: number, inclusive: boolean, got: string): string {
  const word = inclusive ? inclusiveWord : strictWord;
  const empty = bound === 1 && inclusive && inclusiveWord === 'at least';
  if (origin === 'string') return empty ? 'must not be empty' : `must be ${word} ${bound} characters long`;
  if (origin === 'array' || origin === 'set') return empty ? 'must not be empty' : `must have ${word} ${bound} items`;
  return `must be ${word} ${bound}, got ${got}`;
}

const joinPath = (path: readonly PropertyKey[]) => (path.length === 0 ? '(top level)' : path.map(String).join('.'));

/** Turns zod issues into "<dotted.path>: <what is wrong>" lines; one per unknown key. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${joinPath([...path, key])}: unknown field`);
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the alternative whose type matched, if exactly one did; otherwise name the types.
      const matched = issue.errors.filter((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (matched.length === 1) return formatIssues(matched[0] ?? [], path);
      const wanted = issue.errors.flatMap((errs) =>
        errs.filter((e) => e.code === 'invalid_type' && e.path.length === 0).map((e) => e.message.replace(/^expected (.*), got .*$/, '$1')),
      );
      return [`${joinPath(path)}: expected ${[...new Set(wanted)].join(' or ')}, got ${describeValue(issue.input)}`];
    }
    return [`${joinPath(path)}: ${issue.message}`];
  });
}

/** Validates already-parsed data (e.g. from YAML or JSON) as a program definition. */
export function validateProgramDefinition(data: unknown, source: string): ProgramDefinition {
  if (data === null || data === undefined) throw new ProgramDefinitionError(source, ['(top level): the file is empty']);
  const result = programDefinitionSchema.safeParse(data, { error: issueText, reportInput: true });
  if (!result.success) throw new ProgramDefinitionError(source, formatIssues(result.error.issues));
  return result.data;
}

const checkInstrument: CheckInstrument = (data) => {
  const result = instrumentSchema.safeParse(data, { error: issueText, reportInput: true });
  return result.success ? { instrument: result.data } : { issues: formatIssues(result.error.issues) };
};

/**
 * Parses the YAML text of a program definition; `source` names it in errors (usually its path).
 * Surveys that include an instrument file are looked up from `baseDir` (default: the source's directory).
 */
export function parseProgramDefinition(text: string, source: string, options: { baseDir?: string } = {}): ProgramDefinition {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ProgramDefinitionError(
      source,
      doc.errors.map((err) => {
        const { line, col } = lineCounter.linePos(err.pos[0]);
        return `line ${line}, column ${col}: ${err.message}`;
      }),
    );
  }
  const baseDir = options.baseDir ?? dirname(resolve(source));
  return validateProgramDefinition(resolveSurveyIncludes(doc.toJS({ maxAliasCount: 100 }), { source, baseDir, check: checkInstrument }), source);
}

/** Reads and parses one program definition file. */
export async function loadProgramFile(path: string): Promise<ProgramDefinition> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'this is a directory' : (err as Error).message;
    throw new ProgramDefinitionError(path, [`${why} (looked at ${resolve(path)})`], 'cannot read program definition');
  }
  return parseProgramDefinition(text, path);
}

/** Loads several program definitions, in order; two files may not use the same slug. */
export async function loadPrograms(paths: string[]): Promise<ProgramDefinition[]> {
  const programs = await Promise.all(paths.map((path) => loadProgramFile(path)));
  const firstPath = new Map<string, string>();
  programs.forEach((program, i) => {
    const path = paths[i] ?? '';
    const earlier = firstPath.get(program.slug);
    if (earlier !== undefined) {
      throw new ProgramDefinitionError(path, [`slug: "${program.slug}" is already used by ${earlier}`], 'duplicate program');
    }
    firstPath.set(program.slug, path);
  });
  return programs;
}
