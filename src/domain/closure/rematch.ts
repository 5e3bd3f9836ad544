import { and, desc, eq, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { CommandDef, FlowHandler } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { mention, message, rich } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { closureMembers, matchClosures } from '../../db/schema/index.js';
import { enqueueDirect } from '../../jobs/enqueue.js';
import { recordAudit } from '../audit/record-audit.js';
import { takeAnswer } from '../conversation/prompts.js';
import { findPerson } from '../people/ensure-person.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';

/**
 * Who the pool holds back after an early closure (seed 002 and MENTOR: early endings harm; a
 * rematch is the coordinator's decision, after a wait): each person whose latest closure in the
 * program was early, with why, until a coordinator's `/mentor match rematch` and its waiting
 * period. A planned closure holds nobody, nor mentors unless the program rematches them
 * (`closure.rematchMentors`): otherwise they go on mentoring as before.
 */
export async function rematchHolds(db: Db, programId: string, now: Date, rematchMentors: boolean): Promise<Map<string, string>> {
  const rows = await db
    .selectDistinctOn([closureMembers.personId], { personId: closureMembers.personId, role: closureMembers.role, type: matchClosures.type, closedAt: matchClosures.closedAt, from: closureMembers.rematchFrom })
    .from(closureMembers)
    .innerJoin(matchClosures, eq(matchClosures.matchId, closureMembers.matchId))
    .where(eq(matchClosures.programId, programId))
    .orderBy(closureMembers.personId, desc(matchClosures.closedAt));
  const held = new Map<string, string>();
  for (const r of rows) {
    if (r.type !== 'early' || (r.role === 'mentor' && !rematchMentors) || (r.from && r.from <= now)) continue;
    const day = DateTime.fromJSDate(r.closedAt, { zone: 'UTC' }).toISODate();
    held.set(r.personId, r.from ? `may be matched again from ${DateTime.fromJSDate(r.from, { zone: 'UTC' }).toISODate()}` : `had a match end early on ${day} (\`/mentor match rematch\` offers a new one)`);
  }
  return held;
}

/** `/mentor match rematch @person`: a coordinator agrees to a new match after an early closure. */
export function rematchCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['match', 'rematch'],
    summary: 'After a match ended early, let a member be matched again once the program’s waiting period is over',
    access: 'coordinator',
    args: [{ name: 'person', type: 'user', description: 'the member of the closed match' }],
    async run(ctx, args) {
      const { program, programId } = requireProgram(ctx, catalog);
      const user = String(args.person);
      const personId = await findPerson(ctx.db, ctx.principal.workspaceId, user);
      const [last] = personId
        ? await ctx.db
            .select({ matchId: closureMembers.matchId, role: closureMembers.role, type: matchClosures.type, closedAt: matchClosures.closedAt, from: closureMembers.rematchFrom })
            .from(closureMembers)
            .innerJoin(matchClosures, eq(matchClosures.matchId, closureMembers.matchId))
            .where(and(eq(matchClosures.programId, programId), eq(closureMembers.personId, personId)))
            .orderBy(desc(matchClosures.closedAt))
            .limit(1)
        : [];
      if (!personId || !last || last.type !== 'early') throw new UserError(rich`${mention(user)} has no match that ended early: nothing to rematch. Nothing was changed.`, 'no_early_closure');
      if (last.role === 'mentor' && !program.closure.rematchMentors) {
        throw new UserError(rich`${program.name} holds back only mentees after an early closure (\`closure.rematchMentors\` is off): ${mention(user)} stays in the pool as before. Nothing was changed.`, 'mentor_rematch_off');
      }
      if (last.from) throw new UserError(rich`${mention(user)} may already be matched again from ${last.from.toISOString().slice(0, 10)}. Nothing was changed.`, 'already_agreed');
      const now = ctx.clock.now();
      const waited = DateTime.fromJSDate(last.closedAt).plus({ days: program.closure.rematchAfterDays }).toJSDate();
      const from = waited > now ? waited : now;
      await ctx.db
        .update(closureMembers)
        .set({ rematchApprovedBy: ctx.principal.personId, rematchFrom: from })
        .where(and(eq(closureMembers.matchId, last.matchId), eq(closureMembers.personId, personId), isNull(closureMembers.rematchFrom)));
      await enqueueDirect(ctx.db, {
        key: `closure-rematch:${last.matchId}:${personId}`,
        personId,
        programId,
        at: from,
        message: message(`Good news: you can be matched again in ${program.name}. A coordinator will propose a new match and ask you about it.`),
      });
      await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, subjectId: personId, action: 'match.rematch', details: { from: from.toISOString() }, at: now });
      const day = from.toISOString().slice(0, 10);
      ctx.reply(rich`${mention(user)} can be proposed for a new match from ${day}; I will tell them then. The pair that ended is never proposed again.`);
    },
  };
}

/** A member acknowledges the closing message in their channel. */
export function ackFlow(): FlowHandler {
  return {
    async onAction(ctx) {
      const now = ctx.clock.now();
      const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now });
      if (!taken.context) throw new UserError('That question is no longer open.', 'stale_prompt');
      await ctx.db
        .update(closureMembers)
        .set({ acknowledgedAt: now })
        .where(and(eq(closureMembers.matchId, taken.context), eq(closureMembers.personId, ctx.principal.personId), isNull(closureMembers.acknowledgedAt)));
      ctx.reply('Thank you. All the best for what comes next.');
    },
  };
}
