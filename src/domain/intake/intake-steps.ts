import type { ApplicantRole, OrientationSection, ProgramDefinition, Question } from '../programs/definition.js';

/** Orientation sections shown together on one page: enough to read, few enough to take in. */
export const ORIENTATION_PAGE_SIZE = 3;

export type IntakeStep =
  | { kind: 'role' }
  | { kind: 'orientation'; sections: OrientationSection[]; page: number; pages: number }
  | { kind: 'consent' }
  | { kind: 'question'; question: Question; number: number; of: number };

/**
 * The intake as a list of steps: role (when more than one is offered), orientation pages,
 * consent, then the role's questions one at a time. An application stores only its index.
 */
export function intakeSteps(program: ProgramDefinition, role: ApplicantRole | null): IntakeStep[] {
  const steps: IntakeStep[] = [];
  if (program.roles.length > 1) steps.push({ kind: 'role' });
  if (!role) return steps;
  const sections = program.orientation.filter((s) => !s.roles || s.roles.includes(role));
  const pages = Math.ceil(sections.length / ORIENTATION_PAGE_SIZE);
  for (let p = 0; p < pages; p++) {
    steps.push({ kind: 'orientation', sections: sections.slice(p * ORIENTATION_PAGE_SIZE, (p + 1) * ORIENTATION_PAGE_SIZE), page: p + 1, pages });
  }
  steps.push({ kind: 'consent' });
  const questions = program.intake[role];
  questions.forEach((question, i) => steps.push({ kind: 'question', question, number: i + 1, of: questions.length }));
  return steps;
}

/** The role an application starts with: the only one offered, or none until the person picks. */
export function initialRole(program: ProgramDefinition): ApplicantRole | null {
  return program.roles.length === 1 ? (program.roles[0] ?? null) : null;
}
