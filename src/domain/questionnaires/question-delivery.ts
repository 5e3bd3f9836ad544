import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { mention, message, rich, type RichText } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { prompts, questionnaireRuns } from '../../db/schema/index.js';
import { deliveryKind } from '../../jobs/delivery-kind.js';
import { dmLane, userAddressSchema } from '../../jobs/outbox-payload.js';
import { recordPromptMessage } from '../../jobs/prompt-messages.js';
import type { Step } from './questionnaire.js';

/** What the engine needs to render a run's step again when its question is delivered. */
export interface StepRenderer {
  render(db: Db, run: typeof questionnaireRuns.$inferSelect, stepKey: string): Promise<{ step: Step; footer?: string; topic: string } | null>;
}

const payloadSchema = z.object({ to: userAddressSchema, prompt: z.uuid(), intro: z.string().max(500).optional() });

/**
 * A question of a questionnaire run, rendered when it is delivered from what is stored: the
 * prompt and the run's own definition, so it is asked in the wording of its run. A question
 * closed before it could be sent (answered another way, or moved on) is not sent at all.
 */
export function questionDelivery(renderer: StepRenderer) {
  return deliveryKind({
    type: 'question',
    schema: payloadSchema,
    lane: (p) => dmLane(p.to),
    describeForAlert: (p) => [`A question to `, { mention: p.to.user }],
    async deliver(ctx, p) {
      const [prompt] = await ctx.db.select().from(prompts).where(eq(prompts.id, p.prompt));
      if (!prompt || prompt.status !== 'open' || !prompt.runId || !prompt.context) return;
      const [run] = await ctx.db.select().from(questionnaireRuns).where(eq(questionnaireRuns.id, prompt.runId));
      const rendered = run ? await renderer.render(ctx.db, run, prompt.context) : null;
      if (!rendered) return;
      const { step, footer } = rendered;
      const spec = prompt.spec as NonNullable<Step['spec']>;
      const shown = { ...spec, help: [spec.help, footer].filter(Boolean).join(' ') || undefined };
      const body: RichText = p.intro ? (typeof step.text === 'string' ? `${p.intro}\n${step.text}` : [p.intro, '\n', ...step.text]) : step.text;
      // A question asked in a pair's channel names whose it is: both members see it.
      const inChannel = prompt.conversation !== 'dm';
      const text = inChannel ? rich`${mention(p.to.user)}, ${body}` : body;
      const msg = message(text, { sections: step.sections, prompt: { id: `${prompt.flow}:${prompt.id}`, spec: shown } });
      const chat = ctx.chat.for(p.to.platform);
      const ref = await ctx.step('send', () =>
        inChannel ? chat.postChannel({ platform: p.to.platform, workspace: p.to.workspace, channel: prompt.conversation }, msg) : chat.sendDirect(p.to, msg),
      );
      await recordPromptMessage(ctx.db, `${prompt.flow}:${prompt.id}`, ref, ctx.clock.now());
    },
  });
}
