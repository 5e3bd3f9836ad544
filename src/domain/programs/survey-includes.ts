import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { ProgramDefinitionError } from './definition.js';
import type { Instrument } from './survey-schema.js';

/** The instruments that ship with mentorbot, looked in after the program file's own directory. */
export const INSTRUMENT_LIBRARY = fileURLToPath(new URL('../../../examples/instruments/', import.meta.url));

/** What a program may say about a survey it includes: who is asked, when, and under which id. */
const GIVEN_BY_PROGRAM = new Set(['include', 'id', 'title', 'roles', 'when']);

export type CheckInstrument = (data: unknown) => { instrument: Instrument } | { issues: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The instrument file an include names: next to the program file, else the library's file of that name. */
function findInstrument(include: string, baseDir: string): { path: string } | { tried: string[] } {
  const tried = [...new Set([resolve(baseDir, include), resolve(INSTRUMENT_LIBRARY, basename(include))])];
  const path = tried.find((p) => existsSync(p) && statSync(p).isFile());
  return path ? { path } : { tried };
}

/** Reads and checks one instrument; every problem is a line naming the file. */
function readInstrument(path: string, shown: string, check: CheckInstrument): { instrument: Instrument } | { issues: string[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((err) => {
        const { line, col } = lineCounter.linePos(err.pos[0]);
        return `${shown}: line ${line}, column ${col}: ${err.message}`;
      }),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) return { issues: [`${shown}: the file is empty`] };
  const checked = check(data);
  return 'issues' in checked ? { issues: checked.issues.map((issue) => `${shown}: ${issue}`) } : checked;
}

/**
 * Replaces each `- include: <file>` survey with the instrument's title, version, questions and
 * scales, keeping the `id`, `roles`, `when` (and optionally `title`) the program gives. The file
 * is looked for relative to the program file's directory, then in `examples/instruments/`.
 * Problems are reported at `surveys.<n>.include`, naming the instrument file and the place in it.
 */
export function resolveSurveyIncludes(data: unknown, input: { source: string; baseDir: string; check: CheckInstrument }): unknown {
  if (!isObject(data) || !Array.isArray(data.surveys)) return data;
  const issues: string[] = [];
  const surveys = data.surveys.map((entry: unknown, i) => {
    if (!isObject(entry) || !('include' in entry)) return entry;
    const at = `surveys.${i}.include`;
    const include = entry.include;
    if (typeof include !== 'string' || include.trim() === '') {
      issues.push(`${at}: expected the path of an instrument file, such as "instruments/relationship-quality.yaml"`);
      return entry;
    }
    const found = findInstrument(include.trim(), input.baseDir);
    if ('tried' in found) {
      issues.push(`${at}: no instrument file "${include}" (looked at ${found.tried.join(' and ')})`);
      return entry;
    }
    // As the file is named to the reader: from the working directory when it is under it.
    const rel = relative(process.cwd(), found.path);
    const shown = rel && !rel.startsWith('..') ? rel : found.path;
    const read = readInstrument(found.path, shown, input.check);
    if ('issues' in read) {
      issues.push(...read.issues.map((issue) => `${at}: ${issue}`));
      return entry;
    }
    for (const key of Object.keys(entry).filter((k) => !GIVEN_BY_PROGRAM.has(k))) {
      const from = ['questions', 'scales', 'version', 'instrument'].includes(key);
      issues.push(`surveys.${i}.${key}: ${from ? `comes from the included instrument (${shown}); write a survey of your own to change it` : 'unknown field'}`);
    }
    const { instrument } = read;
    const { include: _include, ...given } = entry;
    return {
      instrument: instrument.instrument ?? basename(found.path, extname(found.path)),
      version: instrument.version,
      title: instrument.title,
      questions: instrument.questions,
      scales: instrument.scales,
      ...given,
    };
  });
  if (issues.length > 0) throw new ProgramDefinitionError(input.source, issues);
  return { ...data, surveys };
}
