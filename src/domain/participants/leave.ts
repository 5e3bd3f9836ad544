import type { CommandDef, FlowHandler } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { mention, rich } from '../../core/render.js';
import { openPrompt, takeAnswer } from '../conversation/prompts.js';
import { findApplication } from '../intake/application-store.js';
import { notifyCoordinators } from '../intake/notify-coordinators.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { leaveProgram } from './leave-program.js';
import { requireProgram } from '../programs/require-program.js';

export const LEAVE_FLOW = 'leave';

/** `/mentor leave`: asks first, because leaving ends the person's part in the program. */
export function leaveCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['leave'],
    summary: 'Leave the program (asks you to confirm)',
    access: 'anyone',
    args: [],
    async run(ctx) {
      const { programId } = requireProgram(ctx, catalog);
      const app = await findApplication(ctx.db, programId, ctx.principal.personId);
      if (!app || app.state === 'withdrawn' || app.state === 'rejected') throw new UserError('You are not taking part in the program, so there is nothing to leave.', 'not_participant');
      const prompt = await openPrompt(ctx.db, {
        personId: ctx.principal.personId,
        programId,
        flow: LEAVE_FLOW,
        now: ctx.clock.now(),
        spec: { kind: 'choice', question: 'Do you really want to leave the program?', choices: [{ value: 'leave', label: 'Yes, leave' }, { value: 'stay', label: 'No, stay' }] },
      });
      ctx.reply({ text: 'Leaving ends your application or match; a coordinator will be told.', prompt });
    },
  };
}

export function leaveFlow(catalog: ProgramCatalog): FlowHandler {
  return {
    async onAction(ctx) {
      const { programId } = requireProgram(ctx, catalog);
      const now = ctx.clock.now();
      const { value } = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now });
      if (value !== 'leave') return ctx.reply('Glad you are staying!');
      const app = await findApplication(ctx.db, programId, ctx.principal.personId);
      if (!app || app.state === 'withdrawn') return ctx.reply('You had already left.');
      await leaveProgram(ctx, app, now);
      await notifyCoordinators(ctx.db, { programId, key: `leave:${app.id}:${now.getTime()}`, text: rich`${mention(ctx.event.actor.user)} has left the program.`, at: now });
      ctx.reply('You have left the program. Thank you for taking part; `/mentor join` if you ever want to come back.');
    },
  };
}
