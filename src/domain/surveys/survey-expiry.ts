import { and, eq, gt, like, lte, min } from 'drizzle-orm';
import { questionnaireRuns, reminders } from '../../db/schema/index.js';
import type { Planner } from '../../jobs/planner.js';
import { toDate } from '../../jobs/planner.js';
import { cancelRunPrompts } from '../conversation/prompts.js';
import { SURVEY, surveyReminderKey } from './survey-questionnaire.js';

/**
 * An unanswered survey expires SURVEY_OPEN_DAYS after it was due (its `expires_at`): its
 * question stops taking answers and its reminder, if still to come, goes. (A repeating survey's
 * next occurrence expires the earlier one sooner, when it is delivered.) It sends nothing, but
 * says when it next has work, so `:advance` stops there.
 */
export function surveyExpiryPlanner(): Planner {
  const open = and(eq(questionnaireRuns.kind, SURVEY), eq(questionnaireRuns.status, 'open'));
  return {
    name: 'survey-expiry',
    async plan({ db }, slot) {
      const expired = await db
        .update(questionnaireRuns)
        .set({ status: 'expired', updatedAt: slot })
        .where(and(open, lte(questionnaireRuns.expiresAt, slot)))
        .returning({ id: questionnaireRuns.id });
      for (const { id } of expired) {
        await cancelRunPrompts(db, id, slot);
        await db.delete(reminders).where(like(reminders.key, `${surveyReminderKey(id)}%`));
      }
      return 0;
    },
    async nextDueAt({ db }, after) {
      const [row] = await db.select({ at: min(questionnaireRuns.expiresAt) }).from(questionnaireRuns).where(and(open, gt(questionnaireRuns.expiresAt, after)));
      return toDate(row?.at);
    },
  };
}
