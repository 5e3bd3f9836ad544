import { intakeSteps } from '../../src/domain/intake/intake-questionnaire.js';
import type { ApplicantRole, ProgramDefinition, Question } from '../../src/domain/programs/definition.js';

/** A typed answer any question of this type accepts, for tests that only need to get through. */
function anyAnswer(q: Question): string {
  switch (q.type) {
    case 'text':
    case 'long_text':
      return 'Something to say';
    case 'number':
      return String(q.min !== undefined && q.min > 0 ? q.min : Math.max(q.min ?? 0, 30));
    case 'date':
      return '2027-01-15';
    case 'timezone':
      return 'Europe/London';
    case 'scale':
      return String(q.min ?? 1);
    default:
      return '1';
  }
}

/** Terminal lines that take `user` through a whole intake for `role`, with chosen answers. */
export function intakeScript(program: ProgramDefinition, user: string, role: ApplicantRole, answers: Record<string, string> = {}): string {
  const lines = [`${user}: /mentor join`];
  for (const step of intakeSteps(program, role)) {
    if (step.key === 'role') lines.push(`${user}: ${program.roles.indexOf(role) + 1}`);
    else if (!step.question) lines.push(`${user}: 1`);
    else lines.push(`${user}: ${answers[step.question.id] ?? anyAnswer(step.question)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The checklist ticks and approval a coordinator gives once the applicant is eligible. */
export function approvalScript(program: ProgramDefinition, coordinator: string, user: string, role: ApplicantRole): string {
  const items = program.screening.checklist.filter((c) => !c.roles || c.roles.includes(role));
  return `${items.map((c) => `${coordinator}: /mentor check @${user} ${c.id}`).join('\n')}\n${coordinator}: /mentor approve @${user}\n`;
}
