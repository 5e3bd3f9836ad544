import { and, asc, eq, ne } from 'drizzle-orm';
import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { joinRich, mention, message, rich } from '../../core/render.js';
import { APPLICATION_STATES, applications, people } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { stateInWords, updateApplication } from '../intake/application-store.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { describeApplication } from './describe-application.js';
import { checklistFor, findApplicant, ticked } from './find-applicant.js';

const QUEUE_STATES = APPLICATION_STATES.filter((s) => s !== 'intake');

/** `/mentor applications [state]`: the screening queue by state. */
export const applicationsCommand: CommandDef = {
  path: ['application', 'list'],
  aliases: [['applications']],
  summary: 'List applications by state (submitted, screening, waitlisted, approved, rejected)',
  access: 'coordinator',
  args: [{ name: 'state', type: 'choice', description: 'only this state', choices: QUEUE_STATES, optional: true }],
  async run(ctx, args) {
    if (!ctx.principal.programId) throw new UserError('No mentoring program is set up in this workspace yet.', 'no_program');
    const rows = await ctx.db
      .select({ user: people.platformUserId, role: applications.role, state: applications.state, submittedAt: applications.submittedAt })
      .from(applications)
      .innerJoin(people, eq(people.id, applications.personId))
      .where(and(eq(applications.programId, ctx.principal.programId), args.state ? eq(applications.state, args.state as (typeof QUEUE_STATES)[number]) : ne(applications.state, 'intake')))
      .orderBy(asc(applications.submittedAt), asc(people.platformUserId));
    const states = args.state ? [args.state as string] : QUEUE_STATES;
    const sections = states.map((state) => {
      const inState = rows.filter((r) => r.state === state);
      const lines = inState.map((r) => rich`${mention(r.user)} (${r.role ?? 'no role yet'}), submitted ${r.submittedAt?.toISOString().slice(0, 10) ?? '-'}`);
      return { title: `${state} (${inState.length})`, text: lines.length > 0 ? joinRich(lines, '\n') : 'none' };
    });
    ctx.reply(message('Applications', { sections }));
  },
};

/** `/mentor application <person>`: everything a coordinator needs to screen one applicant. */
export function applicationCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['application', 'show'],
    aliases: [['application']],
    summary: 'Open one application: answers, consent, checklist, training',
    access: 'coordinator',
    args: [{ name: 'person', type: 'user', description: 'the applicant' }],
    async run(ctx, args) {
      const applicant = await findApplicant(ctx, catalog, String(args.person));
      ctx.reply(await describeApplication(ctx.db, applicant));
    },
  };
}

/** `/mentor check <person> <item>`: ticks a screening checklist item. */
export function checkCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['application', 'check'],
    aliases: [['check']],
    summary: 'Tick a screening checklist item for an applicant',
    access: 'coordinator',
    args: [
      { name: 'person', type: 'user', description: 'the applicant' },
      { name: 'item', type: 'word', description: 'checklist item id' },
    ],
    async run(ctx, args) {
      const { program, app, user } = await findApplicant(ctx, catalog, String(args.person));
      const item = String(args.item).toLowerCase();
      const items = checklistFor(program, app);
      if (!items.some((c) => c.id === item)) {
        throw new UserError(`“${item}” is not on the screening checklist for a ${app.role}. Items: ${items.map((c) => c.id).join(', ') || 'none'}.`, 'bad_argument');
      }
      if (items.find((c) => c.id === item)?.guardianConsent) {
        throw new UserError(rich`Guardian consent is recorded with \`/mentor guardian @${user} <how> <date> <who>\`, which ticks “${item}” as well. Nothing was changed.`, 'use_guardian');
      }
      if (!['submitted', 'screening', 'waitlisted'].includes(app.state)) {
        throw new UserError(rich`${mention(user)}'s application is ${stateInWords(app.state)}, so there is nothing to screen. Nothing was changed.`, 'wrong_state');
      }
      const now = ctx.clock.now();
      const checklist = { ...ticked(app), [item]: { by: ctx.principal.personId, at: now.toISOString() } };
      await updateApplication(ctx.db, app.id, { checklist, state: app.state === 'submitted' ? 'screening' : app.state }, now);
      await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId: app.programId, actorId: ctx.principal.personId, subjectId: app.personId, action: 'screening.check', details: { item }, at: now });
      const remaining = items.filter((c) => !(c.id in checklist)).map((c) => c.id);
      ctx.reply(rich`Ticked “${item}” for ${mention(user)}. ${remaining.length ? `Still to do: ${remaining.join(', ')}.` : 'The checklist is complete.'}`);
    },
  };
}
