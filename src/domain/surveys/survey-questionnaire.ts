import { eq, like } from 'drizzle-orm';
import { reminders, surveyRuns } from '../../db/schema/index.js';
import { alertOnAnswers } from '../checkins/alerts.js';
import type { ProgramDefinition, Survey } from '../programs/definition.js';
import type { QuestionnaireKind } from '../questionnaires/questionnaire.js';
import { answersOfRun, type Run } from '../questionnaires/run-store.js';
import { alertOnScores } from './survey-alerts.js';
import { scaleScores, storeScores } from './survey-scores.js';

export const SURVEY = 'survey';

export const surveyReminderKey = (runId: string) => `survey-remind:${runId}`;

/**
 * A survey run's steps are keyed `<survey id>:q:<question id>`, and a run starts at its first
 * step, so the cursor always names the survey it asks: the run row alone says which survey
 * (in the definition it started with) its steps come from. Ids never contain `:`.
 */
export const surveyStepKey = (surveyId: string, questionId: string) => `${surveyId}:q:${questionId}`;

export function surveyOfRun(definition: ProgramDefinition, run: Pick<Run, 'cursor'>): Survey | undefined {
  const id = run.cursor?.slice(0, run.cursor.indexOf(':'));
  return id ? definition.surveys.find((s) => s.id === id) : undefined;
}

/** Who reads the answers, said with every survey: never the person's match. */
export const whoSees = (hasMatch: boolean) =>
  hasMatch ? 'Your answers go to the program coordinators, not to your match.' : 'Your answers go to the program coordinators only.';

/**
 * One occurrence of a program survey put to one person. On completion each scale's mean is
 * stored and, for a survey about a match, the alert rules run: a low answer (items that are not
 * reverse-coded, where low is bad), a drop since the member's last mean, a gap between members.
 */
export const surveyQuestionnaire: QuestionnaireKind = {
  kind: SURVEY,
  evaluation: true,
  controls: ['back', 'skip'],
  topic: ({ definition, run }) => `The “${surveyOfRun(definition, run)?.title ?? 'program'}” survey`,
  steps: ({ definition, run }) => {
    const survey = surveyOfRun(definition, run);
    if (!survey) return [];
    const n = survey.questions.length;
    return survey.questions.map((question, i) => ({ key: surveyStepKey(survey.id, question.id), question, text: `“${survey.title}”, question ${i + 1} of ${n}` }));
  },
  async onComplete(ctx, run, definition) {
    const now = ctx.clock.now();
    await ctx.db.delete(reminders).where(like(reminders.key, `${surveyReminderKey(run.id)}%`));
    const survey = surveyOfRun(definition, run);
    const [asked] = await ctx.db.select().from(surveyRuns).where(eq(surveyRuns.runId, run.id));
    if (!survey || !asked) return;
    const answers = await answersOfRun(ctx.db, run.id);
    const stored = await storeScores(ctx.db, { run, survey, matchId: asked.matchId, occurrence: asked.occurrence, scores: scaleScores(survey, answers), now });
    if (asked.matchId) {
      const where = `in the “${survey.title}” survey`;
      await alertOnAnswers(ctx.db, definition, { run, questions: survey.questions, answers, where, now });
      await alertOnScores(ctx.db, definition, { survey, matchId: asked.matchId, occurrence: asked.occurrence, scores: stored, now });
    }
    ctx.reply(`Thank you: your answers to “${survey.title}” are recorded. ${whoSees(asked.matchId !== null)}`);
  },
};
