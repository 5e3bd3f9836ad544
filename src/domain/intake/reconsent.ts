import type { Middleware } from '../../core/bot.js';
import { mention, rich } from '../../core/render.js';
import type { CapabilityDeps } from '../capability.js';
import { hasOpenPrompt } from '../conversation/prompts.js';
import { leaveProgram } from '../participants/leave-program.js';
import type { QuestionnaireKind } from '../questionnaires/questionnaire.js';
import { startRun } from '../questionnaires/run-store.js';
import { findApplication, findApplicationById, recordConsent, updateApplication } from './application-store.js';
import { notifyCoordinators } from './notify-coordinators.js';

export const RECONSENT = 'reconsent';
const SETTLED = ['submitted', 'screening', 'waitlisted', 'approved'];

/** The changed consent statement, asked again as a one-step questionnaire. */
export const reconsentQuestionnaire: QuestionnaireKind = {
  kind: RECONSENT,
  topic: ({ definition }) => `The updated consent statement of ${definition.name}`,
  steps: ({ definition }) => [
    {
      key: 'consent',
      storeAs: '_consent',
      text: `Our consent statement has changed (version ${definition.consent.version}). Please read it again:`,
      sections: [{ text: definition.consent.text }],
      spec: { kind: 'choice', question: 'Do you agree?', choices: [{ value: 'agree', label: 'I agree' }, { value: 'decline', label: 'I do not agree' }] },
    },
  ],
  async onAnswer(ctx, run, _step, value, program) {
    const now = ctx.clock.now();
    const app = await findApplicationById(ctx.db, run.subjectId);
    if (!app) {
      ctx.reply('You are no longer taking part, so there is nothing to consent to.');
      return 'continue';
    }
    const decision = value === 'agree' ? 'accepted' : 'declined';
    await recordConsent(ctx.db, { programId: app.programId, personId: app.personId, version: program.consent.version, decision, at: now });
    if (decision === 'accepted') {
      await updateApplication(ctx.db, app.id, { consentVersion: program.consent.version, consentedAt: now }, now);
      ctx.reply('Thank you, your consent is recorded. Carry on where you were.');
      return 'continue';
    }
    await leaveProgram(ctx, app, now);
    await notifyCoordinators(ctx.db, { programId: app.programId, key: `reconsent-declined:${app.id}:${program.consent.version}`, text: rich`${mention(ctx.event.actor.user)} did not agree to consent version ${program.consent.version} and has left the program.`, at: now });
    ctx.reply('Understood. Without your consent we cannot go on, so you have left the program; a coordinator has been told.');
    return 'continue';
  },
  async onComplete() {},
};

/**
 * When the consent wording changes version, a participant is asked again at their next
 * interaction, and nothing else proceeds for them until they answer, except what the
 * capabilities allow (help, leave, privacy...).
 */
export function reconsentGate(deps: CapabilityDeps, allowed: () => { commands: ReadonlySet<string>; flows: ReadonlySet<string> }): Middleware {
  return async (ctx) => {
    const { event, principal } = ctx;
    const program = deps.catalog.get(principal.programSlug);
    if (!program || !principal.programId) return false;
    const { commands, flows } = allowed();
    if (event.type === 'action' && flows.has(event.promptId.split(':')[0] ?? '')) return false;
    if (event.type === 'command' && commands.has(ctx.command?.path[0] ?? '')) return false;
    const app = await findApplication(ctx.db, principal.programId, principal.personId);
    if (!app || !SETTLED.includes(app.state) || app.consentVersion === program.consent.version) return false;
    if (await hasOpenPrompt(ctx.db, principal.personId, RECONSENT)) {
      if (event.type === 'message') return false; // a typed reply may be the answer to it
      ctx.reply('Please answer the updated consent question I sent you before we go on.');
      return true;
    }
    const now = ctx.clock.now();
    const run = await startRun(ctx.db, {
      kind: RECONSENT,
      subjectType: 'application',
      subjectId: app.id,
      personId: principal.personId,
      programId: principal.programId,
      definitionHash: deps.catalog.hashOf(program.slug),
      now,
    });
    await deps.questionnaires().ask(ctx, run);
    ctx.reply(`Our consent statement has changed (version ${program.consent.version}). I have sent it to you in a direct message; please answer it before we go on.`);
    return true;
  };
}
