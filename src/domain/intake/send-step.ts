import type { Services } from '../../core/bot.js';
import { message, type Message, type PromptSpec } from '../../core/render.js';
import { enqueueDirect } from '../../jobs/enqueue.js';
import { cancelPrompts, openPrompt } from '../conversation/prompts.js';
import type { ProgramDefinition } from '../programs/definition.js';
import type { Application } from './application-store.js';
import { intakeSteps, type IntakeStep } from './intake-steps.js';
import { questionPrompt } from './question-prompt.js';

export const INTAKE_FLOW = 'intake';

const ROLE_LABELS: Record<string, string> = {
  mentor: 'Mentor: I would like to support someone',
  mentee: 'Mentee: I would like to be mentored',
};

function stepMessage(program: ProgramDefinition, step: IntakeStep): { text: string; sections?: Message['sections']; spec: PromptSpec } {
  switch (step.kind) {
    case 'role':
      return {
        text: `Welcome to ${program.name}! First: how would you like to take part?`,
        spec: { kind: 'choice', question: 'Choose a role', choices: program.roles.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r })) },
      };
    case 'orientation':
      return {
        text: `About the program (${step.page} of ${step.pages})`,
        sections: step.sections.map((s) => ({ title: s.title, text: s.text })),
        spec: { kind: 'choice', question: 'Ready to go on?', choices: [{ value: 'continue', label: 'Continue' }] },
      };
    case 'consent':
      return {
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
      };
    case 'question':
      return {
        text: `Question ${step.number} of ${step.of}`,
        spec: questionPrompt(step.question),
      };
  }
}

/**
 * Sends the application's current step as a DM with a fresh prompt. Earlier intake prompts are
 * closed first, so an old button can never answer a step that has moved on.
 */
export async function sendCurrentStep(
  services: Pick<Services, 'db' | 'clock'>,
  program: ProgramDefinition,
  application: Application,
  intro?: string,
): Promise<void> {
  const { db, clock } = services;
  const now = clock.now();
  const step = intakeSteps(program, application.role)[application.step];
  if (!step) throw new Error(`intake step ${application.step} does not exist`);
  await cancelPrompts(db, application.personId, INTAKE_FLOW, now);
  const { text, sections, spec } = stepMessage(program, step);
  const prompt = await openPrompt(db, { personId: application.personId, programId: application.programId, flow: INTAKE_FLOW, spec, now });
  const footer = step.kind === 'question' ? ' Reply “back” to change your last answer or “cancel” to stop.' : '';
  await enqueueDirect(db, {
    key: `intake:${prompt.id}`,
    personId: application.personId,
    programId: application.programId,
    message: message(intro ? `${intro}\n${text}` : text, { sections, prompt: { ...prompt, spec: { ...spec, help: [spec.help, footer.trim()].filter(Boolean).join(' ') || undefined } } }),
    at: now,
  });
}

/** A plain DM to the applicant (no prompt), e.g. the outcome of their intake. */
export async function tellApplicant(
  services: Pick<Services, 'db' | 'clock'>,
  application: Pick<Application, 'personId' | 'programId' | 'id'>,
  key: string,
  text: string,
): Promise<void> {
  await enqueueDirect(services.db, {
    key: `intake:${application.id}:${key}`,
    personId: application.personId,
    programId: application.programId,
    message: message(text),
    at: services.clock.now(),
  });
}
