import { and, desc, eq } from 'drizzle-orm';
import type { FlowHandler } from '../../core/bot.js';
import { questionnaireRuns } from '../../db/schema/index.js';
import type { CapabilityDeps } from '../capability.js';
import { INTAKE } from './intake-questionnaire.js';

/** A DM with no question open while an intake is under way: pick it up again. */
export function resumeIntakeFlow(deps: CapabilityDeps): FlowHandler {
  return {
    async onMessage(ctx) {
      if (ctx.event.where.kind !== 'dm') return false;
      const [run] = await ctx.db
        .select()
        .from(questionnaireRuns)
        .where(and(eq(questionnaireRuns.personId, ctx.principal.personId), eq(questionnaireRuns.kind, INTAKE), eq(questionnaireRuns.status, 'open')))
        .orderBy(desc(questionnaireRuns.updatedAt))
        .limit(1);
      if (!run) return false;
      await deps.questionnaires().ask(ctx, run, 'Let’s carry on with your application.');
      return true;
    },
  };
}
