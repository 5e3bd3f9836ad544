import { like } from 'drizzle-orm';
import { matchMeetings, reminders } from '../../db/schema/index.js';
import { programDay } from '../matching/create-match.js';
import type { QuestionnaireKind } from '../questionnaires/questionnaire.js';
import { answersOfRun } from '../questionnaires/run-store.js';
import { alertOnAnswers } from './alerts.js';

export const CHECKIN = 'checkin';
/** The check-in question whose "yes" records a meeting. */
export const MET_QUESTION = 'met';

export const checkinReminderKey = (runId: string) => `checkin-remind:${runId}`;

/**
 * A member's check-in on their match: the program's check-in questions, asked on the
 * program's cadence. Answers are for coordinators; a "yes" to `met` records a meeting.
 */
export const checkinQuestionnaire: QuestionnaireKind = {
  kind: CHECKIN,
  evaluation: true,
  controls: ['back'],
  topic: () => 'Your mentoring check-in',
  steps: ({ definition }) => {
    const questions = definition.checkins?.questions ?? [];
    return questions.map((question, i) => ({ key: `q:${question.id}`, question, text: `Check-in, question ${i + 1} of ${questions.length}` }));
  },
  async onComplete(ctx, run, definition) {
    const now = ctx.clock.now();
    await ctx.db.delete(reminders).where(like(reminders.key, `${checkinReminderKey(run.id)}%`));
    const answers = await answersOfRun(ctx.db, run.id);
    if (answers.get(MET_QUESTION) === 'yes') {
      await ctx.db.insert(matchMeetings).values({ matchId: run.subjectId, recordedBy: run.personId, metOn: programDay(definition, now).toISODate()!, source: 'checkin', createdAt: now });
    }
    await alertOnAnswers(ctx.db, definition, { run, questions: definition.checkins?.questions ?? [], answers, where: 'in their check-in', now });
    ctx.reply('Thank you: your check-in is recorded. The program coordinators read check-ins to see how matches are going.');
  },
};
