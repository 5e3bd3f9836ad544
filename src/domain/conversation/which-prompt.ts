import { z } from 'zod';
import type { FlowHandler, HandlerContext, OpenPrompt } from '../../core/bot.js';
import type { InboundEvent } from '../../core/chat.js';
import { UserError } from '../../core/errors.js';
import { cancelPrompts, openPrompt, openPromptsIn, takeAnswer } from './prompts.js';

export const WHICH_FLOW = 'which';

const heldText = z.object({ text: z.string(), candidates: z.array(z.string()) });

/**
 * Several questions are open in one conversation and the person typed a reply: ask which one
 * it answers (a numbered choice), keeping the text on the prompt until they say.
 */
export async function askWhich(ctx: HandlerContext<Extract<InboundEvent, { type: 'message' }>>, candidates: readonly OpenPrompt[]): Promise<void> {
  const now = ctx.clock.now();
  await cancelPrompts(ctx.db, ctx.principal.personId, WHICH_FLOW, now);
  const prompt = await openPrompt(ctx.db, {
    personId: ctx.principal.personId,
    programId: null,
    flow: WHICH_FLOW,
    now,
    where: ctx.event.where,
    topic: 'Which question your reply answers',
    context: JSON.stringify({ text: ctx.event.text, candidates: candidates.map((c) => c.id) }),
    spec: {
      kind: 'choice',
      question: `You have ${candidates.length} open questions. Which one does “${ctx.event.text.length > 60 ? `${ctx.event.text.slice(0, 57)}...` : ctx.event.text}” answer?`,
      choices: candidates.map((c, i) => ({ value: String(i + 1), label: c.topic })),
    },
  });
  ctx.reply({ text: 'I am keeping your reply until you tell me where it goes.', prompt });
}

/** The answer to “which one?”: the kept text goes to the chosen question, as if typed there. */
export const whichFlow: FlowHandler = {
  async onAction(ctx) {
    const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now: ctx.clock.now() });
    const held = heldText.parse(JSON.parse(taken.context ?? '{}'));
    const chosenId = held.candidates[Number(taken.value) - 1];
    const open = await openPromptsIn(ctx.db, ctx.principal, ctx.event.where, { includeWhich: false });
    const target = open.find((p) => p.id === chosenId);
    if (!target) throw new UserError('That question has closed meanwhile, so your reply was not recorded. Please answer the one still open.', 'stale_prompt');
    await ctx.answerTyped(target, held.text);
  },
};
