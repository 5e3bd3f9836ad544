import { ProgramDefinitionError } from '../../src/domain/programs/definition.js';
import { parseProgramDefinition } from '../../src/domain/programs/load-program.js';

/** The smallest valid program: tests add the sections they are about. */
export const MINIMAL = `
slug: test
name: Test programme
audience: workplace
consent:
  version: "2026-01"
  text: I agree.
`;

/** The issues a definition produces; fails the test if it parses. */
export function issuesOf(yaml: string, source = 'test.yaml'): string[] {
  try {
    parseProgramDefinition(yaml, source);
  } catch (err) {
    if (err instanceof ProgramDefinitionError) return err.issues;
    throw err;
  }
  throw new Error('expected a ProgramDefinitionError');
}
