import { and, desc, eq, isNull } from 'drizzle-orm';
import type { CommandDef, FlowHandler, HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { joinRich, mention, rich } from '../../core/render.js';
import { matchAlerts, people } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { rolesOf } from '../roles/grant-role.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { ALERT_FLOW, RESOLVE_FORM } from './alerts.js';

type Alert = typeof matchAlerts.$inferSelect;

async function alertByNumber(ctx: HandlerContext, programId: string, n: number): Promise<Alert> {
  const [row] = await ctx.db.select().from(matchAlerts).where(and(eq(matchAlerts.programId, programId), eq(matchAlerts.number, n))).for('update');
  if (!row) throw new UserError(`There is no alert ${n}. \`/mentor alert list\` shows the open ones.`, 'bad_argument');
  return row;
}

/** An alert by its row id (a button), for a coordinator of its program only. */
async function alertById(ctx: HandlerContext, id: string): Promise<Alert> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.select().from(matchAlerts).where(eq(matchAlerts.id, id)).for('update') : [];
  if (!row) throw new UserError('That alert no longer exists.', 'stale_prompt');
  if (!(await rolesOf(ctx.db, row.programId, ctx.principal.personId)).has('coordinator')) throw new UserError('Only coordinators of this program can handle its alerts. Nothing was changed.', 'not_coordinator');
  return row;
}

async function acknowledge(ctx: HandlerContext, alert: Alert): Promise<string> {
  if (alert.resolvedAt) throw new UserError(`Alert ${alert.number} is already resolved.`, 'already_decided');
  if (alert.acknowledgedAt) throw new UserError(`Alert ${alert.number} was already acknowledged.`, 'already_decided');
  const now = ctx.clock.now();
  await ctx.db.update(matchAlerts).set({ acknowledgedBy: ctx.principal.personId, acknowledgedAt: now }).where(eq(matchAlerts.id, alert.id));
  await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId: alert.programId, actorId: ctx.principal.personId, subjectId: alert.personId, action: 'alert.acknowledge', details: { alert: alert.number, rule: alert.rule }, at: now });
  return `Alert ${alert.number} acknowledged: it is yours. Resolve it with a note when it is sorted.`;
}

async function resolve(ctx: HandlerContext, alert: Alert, note: string): Promise<string> {
  if (alert.resolvedAt) throw new UserError(`Alert ${alert.number} is already resolved.`, 'already_decided');
  if (note.trim().length < 3) throw new UserError('Please say in a few words what was done: the note is kept with the alert.', 'bad_argument');
  const now = ctx.clock.now();
  await ctx.db
    .update(matchAlerts)
    .set({ resolvedBy: ctx.principal.personId, resolvedAt: now, note: note.trim(), acknowledgedBy: alert.acknowledgedBy ?? ctx.principal.personId, acknowledgedAt: alert.acknowledgedAt ?? now })
    .where(eq(matchAlerts.id, alert.id));
  await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId: alert.programId, actorId: ctx.principal.personId, subjectId: alert.personId, action: 'alert.resolve', details: { alert: alert.number, rule: alert.rule, note: note.trim() }, at: now });
  return `Alert ${alert.number} resolved.`;
}

/** `/mentor alert list [open|all]`, `/mentor alert ack <n>`, `/mentor alert resolve <n> <note>`. */
export function alertCommands(catalog: ProgramCatalog): CommandDef[] {
  return [
    {
      // Under `alert`, not a top-level `alerts`: Discord allows /mentor 25 top-level subcommands.
      path: ['alert', 'list'],
      summary: 'Alerts on matches that need attention (open, or all)',
      access: 'coordinator',
      args: [{ name: 'which', type: 'choice', choices: ['open', 'all'], description: 'open (default) or all', optional: true }],
      async run(ctx, args) {
        const { programId } = requireProgram(ctx, catalog);
        const all = args.which === 'all';
        const rows = await ctx.db
          .select({ alert: matchAlerts, user: people.platformUserId })
          .from(matchAlerts)
          .leftJoin(people, eq(people.id, matchAlerts.personId))
          .where(and(eq(matchAlerts.programId, programId), all ? undefined : isNull(matchAlerts.resolvedAt)))
          .orderBy(desc(matchAlerts.raisedAt));
        if (rows.length === 0) {
          ctx.reply(all ? 'No alerts have been raised.' : 'No open alerts: every match is on track as far as check-ins tell.');
          return;
        }
        const state = (a: Alert) => (a.resolvedAt ? `resolved: ${a.note ?? ''}` : a.acknowledgedAt ? 'acknowledged' : 'new');
        const lines = rows.map(({ alert: a, user }) => rich`${String(a.number)}. ${user ? rich`${mention(user)} ` : ''}${a.detail} (${a.raisedAt.toISOString().slice(0, 10)}, ${state(a)})`);
        ctx.reply(joinRich([`${rows.length} ${all ? '' : 'open '}alert${rows.length === 1 ? '' : 's'}:`, ...lines], '\n'));
      },
    },
    {
      path: ['alert', 'ack'],
      summary: 'Take on an alert',
      access: 'coordinator',
      args: [{ name: 'alert', type: 'number', description: 'the alert number' }],
      async run(ctx, args) {
        const { programId } = requireProgram(ctx, catalog);
        ctx.reply(await acknowledge(ctx, await alertByNumber(ctx, programId, Number(args.alert))));
      },
    },
    {
      path: ['alert', 'resolve'],
      summary: 'Close an alert with a note on what was done',
      access: 'coordinator',
      args: [
        { name: 'alert', type: 'number', description: 'the alert number' },
        { name: 'note', type: 'text', description: 'what was done (kept with the alert)' },
      ],
      async run(ctx, args) {
        const { programId } = requireProgram(ctx, catalog);
        ctx.reply(await resolve(ctx, await alertByNumber(ctx, programId, Number(args.alert)), String(args.note ?? '')));
      },
    },
  ];
}

/** The alert DM's buttons: acknowledge at once; resolve asks for the note in a form. */
export function alertFlows(): Record<string, FlowHandler> {
  return {
    [ALERT_FLOW]: {
      async onAction(ctx) {
        // `match-alert:<id>:ack` or `:resolve`: one section per button.
        const id = ctx.event.promptId.slice(ALERT_FLOW.length + 1).split(':')[0]!;
        const alert = await alertById(ctx, id);
        if (ctx.event.value === 'ack') ctx.reply(await acknowledge(ctx, alert));
        else if (ctx.event.value === 'resolve') {
          ctx.openForm({ id: `${RESOLVE_FORM}:${id}`, title: `Resolve alert ${alert.number}`, fields: [{ id: 'note', label: 'What was done?', long: true, maxLength: 1000 }], submitLabel: 'Resolve' });
        } else throw new UserError('That is not one of the choices offered. Nothing was changed.', 'bad_answer');
      },
    },
    [RESOLVE_FORM]: {
      async onForm(ctx) {
        const alert = await alertById(ctx, ctx.event.formId.slice(RESOLVE_FORM.length + 1));
        ctx.reply(await resolve(ctx, alert, ctx.event.values.note ?? ''));
      },
    },
  };
}
