import { and, eq, like } from 'drizzle-orm';
import type { CommandDef, HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { mention, message, rich } from '../../core/render.js';
import { reminders } from '../../db/schema/index.js';
import { findApplication } from '../intake/application-store.js';
import { notifyCoordinators } from '../intake/notify-coordinators.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { findParticipation, isPaused, updateParticipation } from './participation-store.js';

async function activeParticipation(ctx: HandlerContext, catalog: ProgramCatalog) {
  const { programId } = requireProgram(ctx, catalog);
  const participation = await findParticipation(ctx.db, programId, ctx.principal.personId);
  const app = await findApplication(ctx.db, programId, ctx.principal.personId);
  if (!participation || participation.state === 'left' || !app) {
    throw new UserError('You are not taking part in the program at the moment, so there is nothing to pause or resume.', 'not_participant');
  }
  return { programId, participation, app };
}

/** `/mentor pause [until <date>]`: a break, ended by `/mentor resume` or by the date passing. */
export function pauseCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['pause'],
    summary: 'Take a break from the program (optionally until a date)',
    access: 'anyone',
    args: [{ name: 'date', type: 'date', description: 'the day you will be back (YYYY-MM-DD)', keyword: 'until', optional: true }],
    async run(ctx, args) {
      const { programId, participation, app } = await activeParticipation(ctx, catalog);
      const now = ctx.clock.now();
      const until = args.date ? new Date(`${String(args.date)}T00:00:00Z`) : null;
      if (until && until <= now) throw new UserError('The date must be in the future, e.g. `/mentor pause until 2027-01-15`.', 'bad_argument');
      const resumeState = participation.state === 'paused' ? participation.resumeState : participation.state === 'approved' ? 'approved' : 'applied';
      await updateParticipation(ctx.db, participation.id, { state: 'paused', resumeState, pausedAt: now, pausedUntil: until }, now);
      if (until) {
        await ctx.db.insert(reminders).values({
          workspaceId: ctx.principal.workspaceId,
          programId,
          personId: app.personId,
          key: `pause-end:${app.id}:${now.getTime()}`,
          dueAt: until,
          message: message('Your break from the mentoring program ends today. Welcome back! `/mentor status` shows where things stand.'),
        });
      }
      await notifyCoordinators(ctx.db, { programId, key: `pause:${app.id}:${now.getTime()}`, text: rich`${mention(ctx.event.actor.user)} is taking a break${until ? ` until ${String(args.date)}` : ''}.`, at: now });
      ctx.reply(until ? `You are paused until ${String(args.date)}. Enjoy the break.` : 'You are paused. `/mentor resume` when you are ready to come back.');
    },
  };
}

export function resumeCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['resume'],
    summary: 'Come back from a break',
    access: 'anyone',
    args: [],
    async run(ctx) {
      const { programId, participation, app } = await activeParticipation(ctx, catalog);
      const now = ctx.clock.now();
      if (!isPaused(participation, now)) throw new UserError('You are not paused.', 'not_paused');
      await updateParticipation(ctx.db, participation.id, { state: participation.resumeState ?? 'applied', resumeState: null, pausedAt: null, pausedUntil: null }, now);
      // An early return makes the "your break ends today" reminder pointless.
      await ctx.db.delete(reminders).where(and(eq(reminders.personId, app.personId), like(reminders.key, `pause-end:${app.id}:%`)));
      await notifyCoordinators(ctx.db, { programId, key: `resume:${app.id}:${now.getTime()}`, text: rich`${mention(ctx.event.actor.user)} is back from their break.`, at: now });
      ctx.reply('Welcome back!');
    },
  };
}
