import type { FlowHandler, HandlerContext } from '../../core/bot.js';
import type { InboundEvent } from '../../core/chat.js';
import { UserError } from '../../core/errors.js';
import { takeAnswer } from '../conversation/prompts.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import type { ApplicantRole, ProgramDefinition, Question } from '../programs/definition.js';
import { deleteApplication, dropConsents, findApplication, recordConsent, saveAnswer, updateApplication, type Application } from './application-store.js';
import { finishIntake } from './finish-intake.js';
import { intakeSteps } from './intake-steps.js';
import { sendCurrentStep, tellApplicant } from './send-step.js';
import { validateAnswer } from './validate-answer.js';

type ActionContext = HandlerContext<Extract<InboundEvent, { type: 'action' }>>;

async function advance(ctx: ActionContext, program: ProgramDefinition, app: Application, changes: Partial<Application> = {}): Promise<void> {
  const next = await updateApplication(ctx.db, app.id, { ...changes, step: app.step + 1 }, ctx.clock.now());
  if (next.step >= intakeSteps(program, next.role).length) await finishIntake(ctx, program, next);
  else await sendCurrentStep(ctx, program, next);
}

/** Youth programs: too young stops here and keeps nothing; under the age of majority needs a guardian. */
async function checkAge(ctx: ActionContext, program: ProgramDefinition, app: Application, age: number): Promise<'stop' | Partial<Application>> {
  const youth = program.youth;
  if (!youth) return {};
  const minimum = Math.max(13, youth.minimumAge);
  if (age < minimum) {
    await dropConsents(ctx.db, app.programId, app.personId);
    await deleteApplication(ctx.db, app.id);
    await tellApplicant(ctx, app, 'too-young', `Thank you for wanting to join ${program.name}. It is for young people aged ${minimum} and over, so we cannot go on with your application. Nothing you told us has been kept.`);
    return 'stop';
  }
  return age < youth.ageOfMajority && youth.guardianConsent ? { needsGuardianConsent: true } : {};
}

async function answerQuestion(ctx: ActionContext, program: ProgramDefinition, app: Application, question: Question, raw: string | string[]): Promise<void> {
  if (raw === 'skip') {
    if (question.required) throw new UserError('This question needs an answer (or reply “cancel” to stop).', 'required');
    return advance(ctx, program, app);
  }
  const value = validateAnswer(question, raw);
  let changes: Partial<Application> = {};
  if (question.id === 'age' && typeof value === 'number') {
    const outcome = await checkAge(ctx, program, app, value);
    if (outcome === 'stop') return;
    changes = outcome;
  }
  await saveAnswer(ctx.db, app.id, question.id, value, ctx.clock.now());
  await advance(ctx, program, app, changes);
}

/** Answers to intake prompts, and `back` / `cancel` / `skip` typed while one is open. */
export function intakeFlow(catalog: ProgramCatalog): FlowHandler {
  return {
    async onAction(ctx) {
      const { program, programId } = requireProgram(ctx, catalog);
      const now = ctx.clock.now();
      const { value } = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now, control: ['back', 'cancel', 'skip'] });
      const app = await findApplication(ctx.db, programId, ctx.principal.personId);
      if (!app || app.state !== 'intake') throw new UserError('You have no application in progress. `/mentor join` starts one.', 'no_intake');
      const steps = intakeSteps(program, app.role);
      const step = steps[app.step];
      if (!step) throw new Error(`intake step ${app.step} out of range`);
      if (value === 'cancel') {
        await deleteApplication(ctx.db, app.id);
        await tellApplicant(ctx, app, 'cancelled', 'Your application is cancelled and your answers have been deleted. `/mentor join` starts again whenever you like.');
        return;
      }
      if (value === 'back') {
        const previous = steps[app.step - 1];
        if (!previous || previous.kind === 'consent') {
          throw new UserError('There is no earlier answer to change here. Reply “cancel” to stop instead.', 'no_back');
        }
        await sendCurrentStep(ctx, program, await updateApplication(ctx.db, app.id, { step: app.step - 1 }, now));
        return;
      }
      switch (step.kind) {
        case 'role': {
          if (!program.roles.includes(value as ApplicantRole)) throw new UserError('Please pick one of the roles offered.', 'bad_answer');
          return advance(ctx, program, app, { role: value as ApplicantRole });
        }
        case 'orientation':
          return advance(ctx, program, app);
        case 'consent': {
          const decision = value === 'agree' ? 'accepted' : 'declined';
          await recordConsent(ctx.db, { programId, personId: app.personId, version: program.consent.version, decision, at: now });
          if (decision === 'declined') {
            await deleteApplication(ctx.db, app.id);
            await tellApplicant(ctx, app, 'declined', 'That is completely fine. We have stopped here and kept nothing except the fact that you declined. If you change your mind, `/mentor join` starts again.');
            return;
          }
          return advance(ctx, program, app, { consentVersion: program.consent.version, consentedAt: now });
        }
        case 'question':
          return answerQuestion(ctx, program, app, step.question, value);
      }
    },

    /** A DM with no prompt open while an intake is under way: pick it up again. */
    async onMessage(ctx) {
      if (ctx.event.where.kind !== 'dm' || !ctx.principal.programId) return false;
      const program = catalog.get(ctx.principal.programSlug);
      const app = await findApplication(ctx.db, ctx.principal.programId, ctx.principal.personId);
      if (!program || app?.state !== 'intake') return false;
      await sendCurrentStep(ctx, program, app, 'Let’s carry on with your application.');
      return true;
    },
  };
}
