import { and, eq, isNull, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { FlowHandler, HandlerContext } from '../../core/bot.js';
import type { InboundEvent } from '../../core/chat.js';
import { UserError } from '../../core/errors.js';
import { mention, message, rich } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matches, matchMembers, prompts } from '../../db/schema/index.js';
import { enqueueDirect } from '../../jobs/enqueue.js';
import { closePromptMessages, openPrompt, takeAnswer } from '../conversation/prompts.js';
import { notifyCoordinators } from '../intake/notify-coordinators.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { cancelChase, scheduleChase, shareableProfile, startMatch, userOf, type Match, type MatchServices } from './create-match.js';
import type { DeliveryKind } from '../../jobs/delivery-kind.js';

export const ACCEPT_FLOW = 'match-accept';
export const DECLINE_REASON_FLOW = 'match-decline';
const CHOICES = [
  { value: 'accept', label: 'Accept' },
  { value: 'decline', label: 'Decline' },
];

/** Asks both members, by DM, to accept the match, showing each the other's shareable answers. */
export async function askToAccept(services: MatchServices, match: Match): Promise<void> {
  const { db, now, program, programId } = services;
  const days = program.matching.acceptWithinDays;
  const members = [
    { personId: match.mentorId, role: 'mentor' as const, other: match.menteeId, otherRole: 'mentee' as const },
    { personId: match.menteeId, role: 'mentee' as const, other: match.mentorId, otherRole: 'mentor' as const },
  ];
  for (const m of members) {
    const otherUser = await userOf(db, m.other);
    const profile = await shareableProfile(db, program, programId, m.other, m.otherRole);
    const prompt = await openPrompt(db, {
      personId: m.personId,
      programId,
      flow: ACCEPT_FLOW,
      spec: { kind: 'choice', question: 'Would you like to go ahead with this match?', choices: CHOICES },
      now,
      context: match.id,
      topic: 'Your proposed match',
    });
    await enqueueDirect(db, {
      key: `match-accept:${match.id}:${m.personId}`,
      personId: m.personId,
      programId,
      at: now,
      message: message(rich`A coordinator of ${program.name} proposes ${mention(otherUser)} as your ${m.otherRole}. Please say within ${days} days whether you would like to go ahead.`, {
        sections: [{ title: `About ${m.otherRole === 'mentor' ? 'your mentor' : 'your mentee'}`, text: profile || 'They have not shared any answers.' }],
        prompt,
      }),
    });
    await scheduleChase(db, {
      key: `match-accept:${match.id}:${m.personId}`,
      programId,
      personId: m.personId,
      at: DateTime.fromJSDate(now).plus({ days }).toJSDate(),
      alertAt: DateTime.fromJSDate(now).plus({ days: 2 * days }).toJSDate(),
      reminder: rich`A reminder: please say whether you would like to go ahead with your proposed match with ${mention(otherUser)} (see my earlier message).`,
      alert: rich`${mention(await userOf(db, m.personId))} has not answered whether they accept match ${match.number} after ${days} days and a reminder.`,
    });
  }
}

type ActionContext = HandlerContext<Extract<InboundEvent, { type: 'action' }>>;

async function closeOtherPrompts(db: Db, matchId: string, now: Date): Promise<void> {
  const closed = await db
    .update(prompts)
    .set({ status: 'cancelled', answeredAt: now })
    .where(and(eq(prompts.flow, ACCEPT_FLOW), eq(prompts.context, matchId), eq(prompts.status, 'open')))
    .returning({ id: prompts.id });
  await closePromptMessages(db, closed.map((c) => c.id), now);
}

/** Accept or decline. Both accepting starts the match; one declining returns both to the pool. */
export function acceptanceFlows(catalog: ProgramCatalog, introduction: () => DeliveryKind<{ matchId: string }>): Record<string, FlowHandler> {
  return {
    [ACCEPT_FLOW]: {
      async onAction(ctx: ActionContext) {
        const now = ctx.clock.now();
        const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now });
        const [match] = taken.context ? await ctx.db.select().from(matches).where(eq(matches.id, taken.context)).for('update') : [];
        if (!match || match.state !== 'awaiting_acceptance') throw new UserError('This match is no longer waiting for your answer.', 'stale_prompt');
        const { program, programId } = requireProgram(ctx, catalog);
        const me = ctx.principal.personId;
        const other = me === match.mentorId ? match.menteeId : match.mentorId;
        const otherUser = await userOf(ctx.db, other);
        await cancelChase(ctx.db, `match-accept:${match.id}:${me}`);
        if (taken.value === 'accept') {
          await ctx.db.update(matchMembers).set({ acceptedAt: now }).where(and(eq(matchMembers.matchId, match.id), eq(matchMembers.personId, me)));
          const [waiting] = await ctx.db
            .select({ n: sql<number>`count(*)::int` })
            .from(matchMembers)
            .where(and(eq(matchMembers.matchId, match.id), isNull(matchMembers.acceptedAt)));
          if (Number(waiting?.n ?? 0) > 0) {
            ctx.reply(rich`Thank you! We are waiting for ${mention(otherUser)} to answer too; I will introduce you both as soon as they accept.`);
            return;
          }
          const services = { db: ctx.db, now, program, programId, workspaceId: ctx.principal.workspaceId, introduction: introduction() };
          await startMatch(services, match);
          ctx.reply(rich`Thank you! You have both accepted: I am opening a private channel for you and ${mention(otherUser)} now.`);
          return;
        }
        await ctx.db.update(matches).set({ state: 'declined', closedAt: now, closeReason: 'declined' }).where(eq(matches.id, match.id));
        await ctx.db.update(matchMembers).set({ declinedAt: now }).where(and(eq(matchMembers.matchId, match.id), eq(matchMembers.personId, me)));
        await cancelChase(ctx.db, `match-accept:${match.id}:${other}`);
        await closeOtherPrompts(ctx.db, match.id, now);
        await enqueueDirect(ctx.db, {
          key: `match-declined:${match.id}:${other}`,
          personId: other,
          programId,
          at: now,
          message: message(rich`The proposed match with ${mention(ctx.event.actor.user)} will not go ahead. You are back in the pool, and a coordinator will look for another match for you.`),
        });
        await notifyCoordinators(ctx.db, {
          programId,
          key: `match-declined:${match.id}`,
          text: rich`${mention(ctx.event.actor.user)} declined match ${match.number} with ${mention(otherUser)}. Both are back in the pool; I have asked them why and will pass on what they say.`,
          at: now,
        });
        const reason = await openPrompt(ctx.db, {
          personId: me,
          programId,
          flow: DECLINE_REASON_FLOW,
          spec: { kind: 'text', question: 'If you would like to, tell the coordinator why (or reply “skip”).' },
          now,
          context: match.id,
          topic: 'Why you declined the match',
        });
        ctx.reply(message(rich`Understood: the match with ${mention(otherUser)} will not go ahead, and you are back in the pool.`, { prompt: reason }));
      },
    },
    [DECLINE_REASON_FLOW]: {
      async onAction(ctx: ActionContext) {
        const now = ctx.clock.now();
        const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now });
        const text = String(taken.value).trim();
        if (!taken.context || text === '' || text.toLowerCase() === 'skip') {
          ctx.reply('That is fine. Thank you.');
          return;
        }
        const { programId } = requireProgram(ctx, catalog);
        await ctx.db
          .update(matchMembers)
          .set({ declineReason: text })
          .where(and(eq(matchMembers.matchId, taken.context), eq(matchMembers.personId, ctx.principal.personId)));
        await notifyCoordinators(ctx.db, {
          programId,
          key: `match-decline-reason:${taken.context}`,
          text: rich`${mention(ctx.event.actor.user)} said why they declined their match: “${text}”`,
          at: now,
        });
        ctx.reply('Thank you: I have passed that on to the coordinator.');
      },
    },
  };
}
