import { UserError } from '../../core/errors.js';
import type { ApplicantRole, ProgramDefinition } from '../programs/definition.js';
import type { QuestionnaireKind, Step } from '../questionnaires/questionnaire.js';
import { closeRun, deleteRunsOf } from '../questionnaires/run-store.js';
import { deleteApplication, dropConsents, findApplicationById, recordConsent, updateApplication, type Application } from './application-store.js';
import { unmetRules } from './evaluate-eligibility.js';
import { declareIneligible, finishIntake } from './finish-intake.js';
import { tellApplicant } from './tell-applicant.js';

export const INTAKE = 'intake';
/** Run answers that are not program questions (question ids never start with `_`). */
export const ROLE_ANSWER = '_role';
export const CONSENT_ANSWER = '_consent';

/** Orientation sections shown together on one page: enough to read, few enough to take in. */
export const ORIENTATION_PAGE_SIZE = 3;

const ROLE_LABELS: Record<string, string> = {
  mentor: 'Mentor: I would like to support someone',
  mentee: 'Mentee: I would like to be mentored',
};

/** The role an application starts with: the only one offered, or none until the person picks. */
export function initialRole(program: ProgramDefinition): ApplicantRole | null {
  return program.roles.length === 1 ? (program.roles[0] ?? null) : null;
}

/**
 * The intake: role (when more than one is offered), orientation pages, consent, then the role's
 * questions one at a time, all in the wording of the definition the run started with.
 */
export function intakeSteps(program: ProgramDefinition, role: ApplicantRole | null): Step[] {
  const steps: Step[] = [];
  if (program.roles.length > 1) {
    steps.push({
      key: 'role',
      storeAs: ROLE_ANSWER,
      text: `Welcome to ${program.name}! First: how would you like to take part?`,
      spec: { kind: 'choice', question: 'Choose a role', choices: program.roles.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r })) },
    });
  }
  if (!role) return steps;
  // Youth programs ask the age first, so nobody too young or too old for the role reads the
  // orientation, consents and answers everything before being told.
  const ageId = program.youth?.ageQuestion;
  const age = program.intake[role].find((q) => q.id === ageId);
  if (age) steps.push({ key: `q:${age.id}`, question: age, text: 'First, a quick check that this program is right for you.' });
  const sections = program.orientation.filter((s) => !s.roles || s.roles.includes(role));
  const pages = Math.ceil(sections.length / ORIENTATION_PAGE_SIZE);
  for (let p = 0; p < pages; p++) {
    steps.push({
      key: `orientation:${p + 1}`,
      text: `About the program (${p + 1} of ${pages})`,
      sections: sections.slice(p * ORIENTATION_PAGE_SIZE, (p + 1) * ORIENTATION_PAGE_SIZE).map((s) => ({ title: s.title, text: s.text })),
      spec: { kind: 'choice', question: 'Ready to go on?', choices: [{ value: 'continue', label: 'Continue' }] },
    });
  }
  steps.push({
    key: 'consent',
    storeAs: CONSENT_ANSWER,
    barrier: true,
    text: `Consent (version ${program.consent.version})`,
    sections: [{ text: program.consent.text }],
    spec: {
      kind: 'choice',
      question: 'Do you agree?',
      choices: [
        { value: 'agree', label: 'I agree' },
        { value: 'decline', label: 'I do not agree' },
      ],
      help: 'If you do not agree, we stop here and keep nothing but the fact that you declined.',
    },
  });
  const questions = program.intake[role].filter((q) => q !== age);
  questions.forEach((question, i) => steps.push({ key: `q:${question.id}`, question, text: `Question ${i + 1} of ${questions.length}` }));
  return steps;
}

export function roleOf(program: ProgramDefinition, answers: ReadonlyMap<string, unknown>): ApplicantRole | null {
  const chosen = answers.get(ROLE_ANSWER);
  return program.roles.includes(chosen as ApplicantRole) ? (chosen as ApplicantRole) : initialRole(program);
}

const DAY_MS = 86_400_000;

/**
 * Someone refused for a role may apply for another role at once, and for the same role once the
 * program's `eligibility.reapplyAfterDays` have passed (never, when the program sets none).
 */
export function reapplyRefusal(program: ProgramDefinition, app: Pick<Application, 'rejectedRole' | 'rejectedAt'>, role: ApplicantRole, now: Date): string | null {
  if (app.rejectedRole !== role || !app.rejectedAt) return null;
  const others = program.roles.filter((r) => r !== role);
  const instead = others.length > 0 ? ` You can apply as a ${others.join(' or ')} now.` : '';
  const days = program.eligibility.reapplyAfterDays;
  if (days === undefined) return `Your application as a ${role} was not accepted, and this program does not take a second application for the same role.${instead} A coordinator can tell you more.`;
  const from = new Date(app.rejectedAt.getTime() + days * DAY_MS);
  if (from <= now) return null;
  return `Your application as a ${role} was not accepted on ${app.rejectedAt.toISOString().slice(0, 10)}; you can apply as a ${role} again from ${from.toISOString().slice(0, 10)}.${instead}`;
}

function checkReapply(program: ProgramDefinition, app: Application, role: ApplicantRole, now: Date): void {
  const refusal = reapplyRefusal(program, app, role, now);
  if (refusal) throw new UserError(refusal, 'reapply_too_soon');
}

/** The intake as a questionnaire kind: the engine asks; this decides what each answer means. */
export const intakeQuestionnaire: QuestionnaireKind = {
  kind: INTAKE,
  controls: ['back', 'cancel', 'skip'],
  steps: ({ definition, answers }) => intakeSteps(definition, roleOf(definition, answers)),
  topic: ({ definition }) => `Your application to ${definition.name}`,
  footer: (step) => (step.question ? 'Reply “back” to change your last answer or “cancel” to stop.' : undefined),

  async onAnswer(ctx, run, step, value, program) {
    const app = await findApplicationById(ctx.db, run.subjectId);
    if (!app || app.state !== 'intake') throw new UserError('You have no application in progress. `/mentor join` starts one.', 'no_intake');
    const now = ctx.clock.now();
    if (step.key === 'role') {
      if (!program.roles.includes(value as ApplicantRole)) throw new UserError('Please pick one of the roles offered.', 'bad_answer');
      checkReapply(program, app, value as ApplicantRole, now);
      await updateApplication(ctx.db, app.id, { role: value as ApplicantRole }, now);
    }
    if (step.key === 'consent') {
      const decision = value === 'agree' ? 'accepted' : 'declined';
      await recordConsent(ctx.db, { programId: app.programId, personId: app.personId, version: program.consent.version, decision, at: now });
      if (decision === 'declined') {
        await deleteRunsOf(ctx.db, app.id);
        await deleteApplication(ctx.db, app.id);
        await tellApplicant(ctx, app, 'declined', 'That is completely fine. We have stopped here and kept nothing except the fact that you declined. If you change your mind, `/mentor join` starts again.');
        return 'stop';
      }
      await updateApplication(ctx.db, app.id, { consentVersion: program.consent.version, consentedAt: now }, now);
    }
    const youth = program.youth;
    if (youth && step.question?.id === youth.ageQuestion && typeof value === 'number') {
      if (!Number.isInteger(value)) throw new UserError('Please give your age in whole years, like 15.', 'bad_answer');
      // Too young stops here and keeps nothing; under the age of majority needs a guardian.
      const minimum = Math.max(13, youth.minimumAge);
      if (value < minimum) {
        await dropConsents(ctx.db, app.programId, app.personId);
        await deleteRunsOf(ctx.db, app.id);
        await deleteApplication(ctx.db, app.id);
        await tellApplicant(ctx, app, 'too-young', `Thank you for wanting to join ${program.name}. It is for young people aged ${minimum} and over, so we cannot go on with your application. Nothing you told us has been kept.`);
        return 'stop';
      }
      // The role's own age rules (a mentor must be an adult...) are checked now, not at the end.
      const unmet = unmetRules(program, app.role ?? 'mentee', new Map([[youth.ageQuestion, value]])).filter((r) => r.question === youth.ageQuestion);
      if (unmet.length > 0) {
        await declareIneligible(ctx, program, app, unmet);
        await closeRun(ctx.db, run.id, 'done', now);
        return 'stop';
      }
      await updateApplication(ctx.db, app.id, { needsGuardianConsent: value < youth.ageOfMajority && youth.guardianConsent }, now);
    }
    return 'continue';
  },

  async onCancel(ctx, run) {
    const app = await findApplicationById(ctx.db, run.subjectId);
    if (!app) return;
    await deleteRunsOf(ctx.db, app.id);
    await deleteApplication(ctx.db, app.id);
    await tellApplicant(ctx, app, 'cancelled', 'Your application is cancelled and your answers have been deleted. `/mentor join` starts again whenever you like.');
  },

  async onComplete(ctx, run, program) {
    const app = await findApplicationById(ctx.db, run.subjectId);
    if (app?.state === 'intake') await finishIntake(ctx, program, app, run);
  },
};
