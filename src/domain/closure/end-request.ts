import { and, eq, inArray } from 'drizzle-orm';
import type { CommandDef, FlowHandler, HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { mention, message, rich } from '../../core/render.js';
import { matches } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { openPrompt, takeAnswer } from '../conversation/prompts.js';
import { openMatchesOf, userOf, type Match } from '../matching/create-match.js';
import { enqueueToCoordinators } from '../../jobs/enqueue.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';

export const END_REASON_FLOW = 'closure-end-reason';

/**
 * A participant's `/mentor match end [reason]` (typed as `/mentor end`): the request goes to the
 * match's coordinator (else all of them) by DM, with the match, who asked and why; they decide
 * with `/mentor match close`. Without a reason, it asks why first.
 */
export function endCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['match', 'end'],
    aliases: [['end']],
    summary: 'Ask the coordinator to end your match, saying why',
    access: 'anyone',
    args: [{ name: 'reason', type: 'text', description: 'why you would like it to end', optional: true }],
    async run(ctx, args) {
      const { programId } = requireProgram(ctx, catalog);
      const [match] = await openMatchesOf(ctx.db, programId, ctx.principal.personId);
      if (!match) throw new UserError('You have no match to end.', 'no_match');
      const reason = args.reason === undefined ? '' : String(args.reason).trim();
      if (reason) {
        await requestEnd(ctx, match, reason);
        return;
      }
      const prompt = await openPrompt(ctx.db, {
        personId: ctx.principal.personId,
        programId,
        flow: END_REASON_FLOW,
        spec: { kind: 'text', question: 'Why would you like your match to end? Your answer goes to the program coordinator, not to your match.' },
        now: ctx.clock.now(),
        context: match.id,
        topic: 'Ending your match',
      });
      ctx.reply(message('I can pass your request to the coordinator, who will decide with you.', { prompt: { id: prompt.id, spec: prompt.spec } }));
    },
  };
}

async function requestEnd(ctx: HandlerContext, match: Match, reason: string): Promise<void> {
  const now = ctx.clock.now();
  const partner = match.mentorId === ctx.principal.personId ? match.menteeId : match.mentorId;
  const role = match.mentorId === ctx.principal.personId ? 'mentor' : 'mentee';
  await enqueueToCoordinators(ctx.db, {
    programId: match.programId,
    keyPrefix: `closure-end:${match.id}:${ctx.principal.personId}:${now.getTime()}`,
    only: match.coordinatorId,
    at: now,
    message: message(
      rich`${mention(ctx.event.actor.user)} (${role}) asks to end match ${String(match.number)} with ${mention(await userOf(ctx.db, partner))}: “${reason}”. To close it: \`/mentor match close ${String(match.number)} early <reason> [note]\`.`,
    ),
  });
  await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId: match.programId, actorId: ctx.principal.personId, action: 'match.end_request', details: { match: match.number }, at: now });
  ctx.reply('Thank you. I have passed your request to the program coordinator, who will be in touch before anything changes.');
}

/** The answer to "why would you like it to end?". */
export function endReasonFlow(): FlowHandler {
  return {
    async onAction(ctx) {
      const now = ctx.clock.now();
      const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now });
      const reason = String(taken.value).trim();
      // The prompt names its match; it may have closed since it was asked.
      const [match] = taken.context ? await ctx.db.select().from(matches).where(and(eq(matches.id, taken.context), inArray(matches.state, ['awaiting_acceptance', 'active']))) : [];
      if (!match) throw new UserError('That match has already ended.', 'stale_prompt');
      if (!reason) throw new UserError('Please say in a few words why: it helps the coordinator.', 'empty');
      await requestEnd(ctx, match, reason);
    },
  };
}
