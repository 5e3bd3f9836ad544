import { eq } from 'drizzle-orm';
import { matches, surveyRuns } from '../../db/schema/index.js';
import { raiseAlert } from '../checkins/alerts.js';
import { postInMatchChannel } from '../matching/match-channel.js';
import type { CompletionListener } from '../questionnaires/questionnaire.js';
import { answersOfRun } from '../questionnaires/run-store.js';
import { reviewSurveyOf } from '../programs/workplan-checks.js';
import { SURVEY } from '../surveys/survey-questionnaire.js';
import { planOfMatch, recordChange, setPlanState } from './plan-store.js';
import { closeQuarter, periodMonths, updateIndicator } from './quarters.js';

/**
 * A representative finished the quarterly review survey: their "how much did the mentor do"
 * joins the quarter's indicator, and a "no" to "does the plan still fit?" puts the plan in
 * revision, tells the pair, and alerts the coordinator, who can join them for a call.
 */
export const reviewListener: CompletionListener = {
  kind: SURVEY,
  async onComplete(ctx, run, definition) {
    const survey = reviewSurveyOf(definition);
    const [asked] = await ctx.db.select().from(surveyRuns).where(eq(surveyRuns.runId, run.id));
    if (!survey || !definition.workplans || !asked?.matchId || asked.surveyId !== survey.id) return;
    const [match] = await ctx.db.select().from(matches).where(eq(matches.id, asked.matchId));
    let plan = match ? await planOfMatch(ctx.db, match.id) : null;
    const q = Number(asked.occurrence);
    if (!match || !plan || !match.startedOn || !Number.isInteger(q) || q < 1) return;
    const now = ctx.clock.now();
    const { quarter } = await closeQuarter(ctx.db, definition, plan, match, q, now);
    await updateIndicator(ctx.db, definition, plan, match, quarter, now);
    const answers = await answersOfRun(ctx.db, run.id);
    if (answers.get(definition.workplans.review.fitsQuestion) !== 'no') return;
    const word = periodMonths(definition) === 3 ? 'quarter' : 'month';
    // What they would change, in their words: the survey's first free-text answer.
    const said = survey.questions.find((x) => (x.type === 'text' || x.type === 'long_text') && typeof answers.get(x.id) === 'string');
    const change = said ? answers.get(said.id) : undefined;
    if (plan.state === 'active') {
      plan = await setPlanState(ctx.db, plan, 'revision', now);
      plan = await recordChange(ctx.db, plan, { actorId: null, action: 'revision', summary: `put the plan in revision: the ${word} ${q} review says it no longer fits.`, reason: null, now }, false);
      await postInMatchChannel(ctx.db, match, {
        key: `plan-revision:${plan.id}:${q}`,
        at: now,
        message: {
          // Review answers are the coordinators'; the pair learns only that the plan reopened, not who said so.
          text: `The ${word} ${q} review says the work plan no longer fits, so it is back in revision.`,
          sections: [
            { text: 'Change it together with `/mentor plan add`, `/mentor plan edit` and `/mentor plan drop` (each keeps its reason), then each of you agrees again with `/mentor plan agree`.' },
            { text: 'The coordinator has been told and can join you here for a call.' },
          ],
        },
      });
    }
    await raiseAlert(ctx.db, {
      programId: match.programId,
      matchId: match.id,
      personId: run.personId,
      rule: 'plan_revision',
      cause: `plan-revision:${plan.id}:${q}`,
      detail: `said in the ${word} ${q} review that the work plan of partnership ${match.number} no longer fits${typeof change === 'string' ? ` (“${change}”)` : ''}. The plan is in revision (\`/mentor plan show ${match.number}\`); offer to join them for a call${match.channel ? ` in their channel: \`/mentor plan join ${match.number}\` adds you to it` : ''}.`,
      now,
    });
  },
};
