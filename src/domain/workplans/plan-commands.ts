import type { CommandDef, FlowHandler, HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { channelRef, mention, rich } from '../../core/render.js';
import { PLAN_PARTIES } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { MATCH_WORDS, matchByNumber } from '../matching/match-by-number.js';
import { joinMatchChannel, postInMatchChannel } from '../matching/match-channel.js';
import { programDay } from '../matching/create-match.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { ACTIVITY_FORM, activityForm, parseActivityFormId, readActivityForm } from './activity-form.js';
import { agreeToPlan } from './plan-agreement.js';
import { dropActivity, findActivity, markDone, reasonRequired, saveActivity } from './plan-changes.js';
import { planContext, requirePlansProgram, requireRepresentative } from './plan-context.js';
import { activitiesOf, PARTY_WORDS, type Party } from './plan-store.js';
import { historyMessage, planMessage } from './plan-view.js';

const PARTIES = [...PLAN_PARTIES];
const MAX_REASON = 500;
const matchArg = { name: 'partnership', type: 'number' as const, description: 'the partnership (match) number; coordinators only', optional: true };
const numberOf = (v: unknown) => (v === undefined ? undefined : Number(v));

function reasonOf(v: unknown, required: boolean): string | null {
  const reason = String(v ?? '').trim();
  if (reason.length > MAX_REASON) throw new UserError(`Please keep the reason under ${MAX_REASON} characters (yours has ${reason.length}). Nothing was changed.`, 'bad_argument');
  if (required && !reason) throw new UserError('Say why: every change to the plan keeps its reason. Nothing was changed.', 'missing_reason');
  return reason || null;
}

/** `/mentor plan ...`: the partnership's work plan, seen and changed by its two representatives. */
export function planCommands(catalog: ProgramCatalog): CommandDef[] {
  const context = (ctx: HandlerContext, n?: number) => planContext(ctx, catalog, { matchNumber: n });
  const changing = (ctx: HandlerContext) => planContext(ctx, catalog, { change: true });
  return [
    {
      path: ['plan', 'show'],
      aliases: [['plan']],
      summary: 'Show your partnership’s work plan',
      access: 'anyone',
      args: [matchArg],
      async run(ctx, args) {
        const pc = await context(ctx, numberOf(args.partnership));
        ctx.reply(await planMessage(ctx.db, pc.plan, pc.match));
      },
    },
    {
      path: ['plan', 'add'],
      summary: 'Add an activity to the work plan (opens a form)',
      access: 'anyone',
      args: [
        { name: 'lead', type: 'choice', choices: PARTIES, description: 'who leads it: community, expert or together' },
        { name: 'reason', type: 'text', description: 'why it is added (needed once the plan is agreed)', optional: true },
      ],
      async run(ctx, args) {
        const pc = await changing(ctx);
        requireRepresentative(pc);
        ctx.openForm(activityForm({ planId: pc.plan.id, lead: args.lead as Party, reason: reasonOf(args.reason, false) ?? undefined, reasonRequired: reasonRequired(pc.plan) }));
      },
    },
    {
      path: ['plan', 'edit'],
      summary: 'Change an activity of the work plan (opens a form)',
      access: 'anyone',
      args: [
        { name: 'activity', type: 'number', description: 'the activity number' },
        { name: 'lead', type: 'choice', choices: PARTIES, keyword: 'led-by', description: 'a new lead: community, expert or together', optional: true },
        { name: 'reason', type: 'text', description: 'why it changes', optional: true },
      ],
      async run(ctx, args) {
        const pc = await changing(ctx);
        requireRepresentative(pc);
        const activity = await findActivity(ctx.db, pc.plan, Number(args.activity));
        if (activity.status === 'done') throw new UserError(`Activity ${activity.number} is done: it stays as it was. Add a new activity for further work.`, 'activity_done');
        const lead = (args.lead as Party | undefined) ?? activity.lead;
        ctx.openForm(activityForm({ planId: pc.plan.id, lead, activity, reason: reasonOf(args.reason, false) ?? undefined, reasonRequired: reasonRequired(pc.plan) }));
      },
    },
    {
      path: ['plan', 'done'],
      summary: 'Mark an activity done, and who did the work',
      access: 'anyone',
      args: [
        { name: 'activity', type: 'number', description: 'the activity number' },
        { name: 'by', type: 'choice', choices: PARTIES, description: 'who did the work: community, together or expert' },
        { name: 'note', type: 'text', description: 'a note for the history', optional: true },
      ],
      async run(ctx, args) {
        const pc = await changing(ctx);
        requireRepresentative(pc);
        const a = await markDone(ctx.db, pc, { personId: ctx.principal.personId, number: Number(args.activity), by: args.by as Party, note: reasonOf(args.note, false), source: 'command', now: ctx.clock.now() });
        const open = (await activitiesOf(ctx.db, pc.plan.id)).filter((x) => x.status !== 'done' && x.status !== 'dropped').length;
        ctx.reply(`Activity ${a.number} “${a.title}” is done, by ${PARTY_WORDS[args.by as Party]}. ${open} activit${open === 1 ? 'y is' : 'ies are'} still open.`);
      },
    },
    {
      path: ['plan', 'drop'],
      summary: 'Drop an activity from the work plan, saying why',
      access: 'anyone',
      args: [
        { name: 'activity', type: 'number', description: 'the activity number' },
        { name: 'reason', type: 'text', description: 'why it is dropped (kept in the history)' },
      ],
      async run(ctx, args) {
        const pc = await changing(ctx);
        requireRepresentative(pc);
        const a = await dropActivity(ctx.db, pc, { personId: ctx.principal.personId, number: Number(args.activity), reason: reasonOf(args.reason, true)!, now: ctx.clock.now() });
        ctx.reply(`Activity ${a.number} “${a.title}” is dropped from the plan; the history keeps it and your reason.`);
      },
    },
    {
      path: ['plan', 'agree'],
      summary: 'Agree to the work plan as it stands',
      access: 'anyone',
      args: [],
      async run(ctx) {
        const pc = await changing(ctx);
        requireRepresentative(pc);
        const open = (await activitiesOf(ctx.db, pc.plan.id)).filter((a) => a.status !== 'dropped');
        if (open.length === 0) throw new UserError('The plan has no activities yet: add one with `/mentor plan add <community|expert|together>` first.', 'empty_plan');
        const { plan, activated, already } = await agreeToPlan(ctx.db, { program: pc.program, plan: pc.plan, match: pc.match, personId: ctx.principal.personId, now: ctx.clock.now() });
        if (already) ctx.reply(`You already agreed to version ${plan.version} of the plan.`);
        else if (activated) ctx.reply(`You agreed to version ${plan.version}: the plan is active.`);
        else if (plan.state === 'active') ctx.reply(`You agreed to version ${plan.version} of the plan; it is active.`);
        else ctx.reply(`You agreed to version ${plan.version} of the plan. It becomes active when your partner agrees to the same version (a change to the plan needs both agreements again).`);
      },
    },
    {
      path: ['plan', 'join'],
      summary: 'Join a partnership’s channel (coordinators), e.g. for a call',
      access: 'coordinator',
      args: [{ name: 'partnership', type: 'number', description: 'the partnership (match) number' }],
      async run(ctx, args) {
        const { program, programId } = requirePlansProgram(ctx, catalog);
        const match = await matchByNumber(ctx.db, programId, args.partnership, MATCH_WORDS.partnership);
        const n = match.number;
        if (match.state === 'closed' || match.state === 'declined') throw new UserError(`Partnership ${n} has ended: there is no call to join. Nothing was changed.`, 'match_closed');
        if (!match.channel) throw new UserError(`Partnership ${n} has no channel yet: it opens when the partnership starts. Nothing was changed.`, 'no_channel');
        const { personId } = ctx.principal;
        const user = ctx.event.actor.user;
        const now = ctx.clock.now();
        // One join per coordinator and partnership (the key): asking again while it is kept changes nothing.
        const queued = await joinMatchChannel(ctx.db, match, { key: `channel-join:${match.id}:${personId}`, user, personId, at: now });
        if (!queued) {
          ctx.reply(rich`I have already added you to ${channelRef(match.channel)} (or am about to). Nothing was changed.`);
          return;
        }
        await postInMatchChannel(ctx.db, match, {
          key: `channel-join-post:${match.id}:${personId}`,
          at: now,
          message: { text: rich`${mention(user)}, a coordinator of ${program.name}, has joined this channel to support you both, for example on a call about your work plan.` },
        });
        await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: personId, subjectId: match.menteeId, action: 'plan.join', details: { match: match.number }, at: now });
        ctx.reply(rich`I am adding you to ${channelRef(match.channel)}.`);
      },
    },
    {
      path: ['plan', 'history'],
      summary: 'Every change to the work plan: who, when and why',
      access: 'anyone',
      args: [matchArg],
      async run(ctx, args) {
        const pc = await context(ctx, numberOf(args.partnership));
        ctx.reply(await historyMessage(ctx.db, pc.plan, pc.match));
      },
    },
  ];
}

/** The activity form's submission: add or change, as the form id says. */
export function planFlows(catalog: ProgramCatalog): Record<string, FlowHandler> {
  return {
    [ACTIVITY_FORM]: {
      async onForm(ctx) {
        const id = parseActivityFormId(ctx.event.formId);
        if (!id) throw new UserError('That form is no longer open.', 'stale_form');
        const pc = await planContext(ctx, catalog, { planId: id.planId, change: true });
        requireRepresentative(pc);
        const required = reasonRequired(pc.plan);
        const dates = { earliest: pc.match.startedOn ?? '1970-01-01', today: programDay(pc.program, ctx.clock.now()).toISODate()! };
        const { fields, reason } = readActivityForm(ctx.event.values, id.lead, dates, required);
        const a = await saveActivity(ctx.db, pc, { personId: ctx.principal.personId, number: id.number, fields, reason, now: ctx.clock.now() });
        const agree = pc.plan.state === 'active' ? '' : ' When the plan is complete, each of you agrees with `/mentor plan agree`.';
        ctx.reply(id.number === 'new' ? `Added activity ${a.number} “${a.title}”.${agree}` : `Saved activity ${a.number} “${a.title}”.${agree}`);
      },
    },
  };
}
