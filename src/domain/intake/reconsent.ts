import { and, eq, inArray } from 'drizzle-orm';
import type { FlowHandler, Middleware } from '../../core/bot.js';
import { message } from '../../core/render.js';
import { programRoles } from '../../db/schema/index.js';
import { enqueueDirect } from '../../jobs/enqueue.js';
import { hasOpenPrompt, openPrompt, takeAnswer } from '../conversation/prompts.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { findApplication, recordConsent, updateApplication } from './application-store.js';
import { notifyCoordinators } from './notify-coordinators.js';

export const RECONSENT_FLOW = 'consent';
const SETTLED = ['submitted', 'screening', 'waitlisted', 'approved'];
const ALWAYS_ALLOWED = ['help', 'leave', 'privacy'];

/**
 * When the consent wording changes version, a participant is asked again at their next
 * interaction, and nothing else proceeds for them until they answer.
 */
export function reconsentGate(catalog: ProgramCatalog): Middleware {
  return async (ctx) => {
    const { event, principal } = ctx;
    const program = catalog.get(principal.programSlug);
    if (!program || !principal.programId) return false;
    if (event.type === 'action' && (event.promptId.startsWith(`${RECONSENT_FLOW}:`) || /^(leave|privacy):/.test(event.promptId))) return false;
    if (event.type === 'command' && ALWAYS_ALLOWED.includes(ctx.command?.path[0] ?? '')) return false;
    const app = await findApplication(ctx.db, principal.programId, principal.personId);
    if (!app || !SETTLED.includes(app.state) || app.consentVersion === program.consent.version) return false;
    if (await hasOpenPrompt(ctx.db, principal.personId, RECONSENT_FLOW)) {
      if (event.type === 'message') return false; // a typed reply may be the answer to it
      ctx.reply('Please answer the updated consent question I sent you before we go on.');
      return true;
    }
    const now = ctx.clock.now();
    const prompt = await openPrompt(ctx.db, {
      personId: principal.personId,
      programId: principal.programId,
      flow: RECONSENT_FLOW,
      now,
      spec: { kind: 'choice', question: 'Do you agree?', choices: [{ value: 'agree', label: 'I agree' }, { value: 'decline', label: 'I do not agree' }] },
    });
    await enqueueDirect(ctx.db, {
      key: `reconsent:${prompt.id}`,
      personId: principal.personId,
      programId: principal.programId,
      message: message(`Our consent statement has changed (version ${program.consent.version}). Please read it again:`, { sections: [{ text: program.consent.text }], prompt }),
      at: now,
    });
    ctx.reply(`Our consent statement has changed (version ${program.consent.version}). I have sent it to you in a direct message; please answer it before we go on.`);
    return true;
  };
}

export function reconsentFlow(catalog: ProgramCatalog): FlowHandler {
  return {
    async onAction(ctx) {
      const program = catalog.require(ctx.principal.programSlug);
      const programId = ctx.principal.programId as string;
      const now = ctx.clock.now();
      const { value } = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now });
      const app = await findApplication(ctx.db, programId, ctx.principal.personId);
      if (!app) return ctx.reply('You are no longer taking part, so there is nothing to consent to.');
      const decision = value === 'agree' ? 'accepted' : 'declined';
      await recordConsent(ctx.db, { programId, personId: app.personId, version: program.consent.version, decision, at: now });
      if (decision === 'accepted') {
        await updateApplication(ctx.db, app.id, { consentVersion: program.consent.version, consentedAt: now }, now);
        return ctx.reply('Thank you, your consent is recorded. Carry on where you were.');
      }
      await updateApplication(ctx.db, app.id, { state: 'withdrawn' }, now);
      await ctx.db.delete(programRoles).where(and(eq(programRoles.programId, programId), eq(programRoles.personId, app.personId), inArray(programRoles.role, ['mentor', 'mentee'])));
      await notifyCoordinators(ctx.db, { programId, key: `reconsent-declined:${app.id}:${program.consent.version}`, text: `<@${ctx.event.actor.user}> did not agree to consent version ${program.consent.version} and has left the program.`, at: now });
      ctx.reply('Understood. Without your consent we cannot go on, so you have left the program; a coordinator has been told.');
    },
  };
}
