import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A copy of a shipped program file with some top-level sections replaced, written to a
 * temporary file: a test states the settings it depends on instead of keeping a fixture copy.
 */
export function programVariant(base: string, changes: Record<string, unknown>): string {
  const program = { ...(parse(readFileSync(base, 'utf8')) as Record<string, unknown>) };
  for (const [key, value] of Object.entries(changes)) {
    const current = program[key];
    program[key] = current && typeof current === 'object' && !Array.isArray(current) && value && typeof value === 'object' && !Array.isArray(value)
      ? { ...(current as Record<string, unknown>), ...(value as Record<string, unknown>) }
      : value;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'mentorbot-program-')), 'program.yaml');
  writeFileSync(file, stringify(program));
  return file;
}
