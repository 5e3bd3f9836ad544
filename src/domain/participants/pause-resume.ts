import { and, eq, like } from 'drizzle-orm';
import type { CommandDef, HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { message } from '../../core/render.js';
import { reminders } from '../../db/schema/index.js';
import { findApplication, updateApplication } from '../intake/application-store.js';
import { notifyCoordinators } from '../intake/notify-coordinators.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';

const ACTIVE = ['submitted', 'screening', 'waitlisted', 'approved'];

async function activeApplication(ctx: HandlerContext, catalog: ProgramCatalog) {
  const { program, programId } = requireProgram(ctx, catalog);
  const app = await findApplication(ctx.db, programId, ctx.principal.personId);
  if (!app || !ACTIVE.includes(app.state)) throw new UserError('You are not taking part in the program at the moment, so there is nothing to pause or resume.', 'not_participant');
  return { program, programId, app };
}

/** `/mentor pause [until <date>]`: a break, ended by `/mentor resume` or by the date passing. */
export function pauseCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['pause'],
    summary: 'Take a break from the program (optionally until a date)',
    access: 'anyone',
    args: [{ name: 'date', type: 'date', description: 'the day you will be back (YYYY-MM-DD)', keyword: 'until', optional: true }],
    async run(ctx, args) {
      const { programId, app } = await activeApplication(ctx, catalog);
      const now = ctx.clock.now();
      const until = args.date ? new Date(`${String(args.date)}T00:00:00Z`) : null;
      if (until && until <= now) throw new UserError('The date must be in the future, e.g. `/mentor pause until 2027-01-15`.', 'bad_argument');
      await updateApplication(ctx.db, app.id, { pausedAt: now, pausedUntil: until }, now);
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
      await notifyCoordinators(ctx.db, { programId, key: `pause:${app.id}:${now.getTime()}`, text: `<@${ctx.event.actor.user}> is taking a break${until ? ` until ${String(args.date)}` : ''}.`, at: now });
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
      const { programId, app } = await activeApplication(ctx, catalog);
      const now = ctx.clock.now();
      if (!app.pausedAt || (app.pausedUntil && app.pausedUntil <= now)) throw new UserError('You are not paused.', 'not_paused');
      await updateApplication(ctx.db, app.id, { pausedAt: null, pausedUntil: null }, now);
      // An early return makes the "your break ends today" reminder pointless.
      await ctx.db.delete(reminders).where(and(eq(reminders.personId, app.personId), like(reminders.key, `pause-end:${app.id}:%`)));
      await notifyCoordinators(ctx.db, { programId, key: `resume:${app.id}:${now.getTime()}`, text: `<@${ctx.event.actor.user}> is back from their break.`, at: now });
      ctx.reply('Welcome back!');
    },
  };
}
