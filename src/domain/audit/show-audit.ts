import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { auditLog, people } from '../../db/schema/index.js';
import { joinRich, mention, rich } from '../../core/render.js';

const actor = alias(people, 'actor');
const subject = alias(people, 'subject');

/** `/mentor audit [count]`: the latest coordinator actions in this program. */
export const auditCommand: CommandDef = {
  path: ['audit'],
  summary: 'Show the latest coordinator actions',
  access: 'coordinator',
  args: [{ name: 'count', type: 'number', description: 'how many entries (1-50)', optional: true }],
  async run(ctx, args) {
    const limit = args.count === undefined ? 10 : Number(args.count);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw new UserError('The count must be a whole number from 1 to 50.', 'bad_argument');
    }
    if (!ctx.principal.programId) throw new UserError('This workspace has no program loaded.', 'no_program');
    const rows = await ctx.db
      .select({ at: auditLog.at, action: auditLog.action, details: auditLog.details, actor: actor.platformUserId, subject: subject.platformUserId })
      .from(auditLog)
      .leftJoin(actor, eq(actor.id, auditLog.actorId))
      .leftJoin(subject, eq(subject.id, auditLog.subjectId))
      .where(eq(auditLog.programId, ctx.principal.programId))
      .orderBy(desc(auditLog.at))
      .limit(limit);
    if (rows.length === 0) {
      ctx.reply('No coordinator actions recorded yet.');
      return;
    }
    const lines = rows.map((r) => {
      const who = r.actor ? rich`${mention(r.actor)}` : 'the bot';
      const whom = r.subject ? rich` ${mention(r.subject)}` : '';
      const extra = Object.entries(r.details as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(' ');
      return rich`${r.at.toISOString().slice(0, 16).replace('T', ' ')} ${who} ${r.action}${whom}${extra ? ` (${extra})` : ''}`;
    });
    ctx.reply(rich`Latest ${rows.length} coordinator actions:\n${joinRich(lines, '\n')}`);
  },
};
