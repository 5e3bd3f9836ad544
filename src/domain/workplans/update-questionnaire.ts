import { like } from 'drizzle-orm';
import { UserError } from '../../core/errors.js';
import type { Choice } from '../../core/render.js';
import { reminders } from '../../db/schema/index.js';
import type { QuestionnaireKind, Step } from '../questionnaires/questionnaire.js';
import { answersOfRun } from '../questionnaires/run-store.js';
import { PLAN_PARTIES } from '../../db/schema/index.js';
import { WORKPLAN_UPDATE } from './plan-agreement.js';
import { PARTY_WORDS } from './plan-store.js';
import { applyUpdate } from './update-summary.js';

export const updateReminderKey = (runId: string) => `workplan-update-remind:${runId}`;
/** The open activities when the update started, kept on the run: its status steps never move. */
export const ACTIVITIES_ANSWER = '_activities';

export interface AskedActivity {
  number: number;
  title: string;
  status: string;
}

export const STATUS_CHOICES: Choice[] = [
  { value: 'not_started', label: 'Not started' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'done', label: 'Done' },
  { value: 'blocked', label: 'Blocked' },
];
const BY_CHOICES: Choice[] = PLAN_PARTIES.map((p) => ({ value: p, label: PARTY_WORDS[p].replace(/^./, (c) => c.toUpperCase()) }));

export const statusKey = (n: number) => `status:${n}`;
export const doneByKey = (n: number) => `by:${n}`;

/**
 * A representative's update on the plan: the program's update questions, then each activity
 * that was open when it started (its status; who did the work when it is done).
 */
export const updateQuestionnaire: QuestionnaireKind = {
  kind: WORKPLAN_UPDATE,
  controls: ['back', 'skip'],
  topic: () => 'Your work-plan update',
  steps: ({ definition, answers }) => {
    const fields = definition.workplans?.fields ?? [];
    const activities = (answers.get(ACTIVITIES_ANSWER) as AskedActivity[] | undefined) ?? [];
    const total = fields.length + activities.length;
    const steps: Step[] = fields.map((question, i) => ({ key: `q:${question.id}`, question, text: `Work-plan update, question ${i + 1} of ${total}` }));
    activities.forEach((a, i) => {
      const text = `Work-plan update, question ${fields.length + i + 1} of ${total}`;
      steps.push({ key: statusKey(a.number), storeAs: statusKey(a.number), text, spec: { kind: 'choice', question: `Activity ${a.number} “${a.title}”: where does it stand?`, choices: STATUS_CHOICES } });
      if (answers.get(statusKey(a.number)) === 'done') {
        steps.push({ key: doneByKey(a.number), storeAs: doneByKey(a.number), text, spec: { kind: 'choice', question: `Who did the work on “${a.title}”?`, choices: BY_CHOICES } });
      }
    });
    return steps;
  },
  async onAnswer(_ctx, _run, step, value) {
    // Status steps are not program questions, so the engine does not check them.
    const choices = step.spec?.kind === 'choice' ? step.spec.choices : null;
    if (choices && !choices.some((c) => c.value === value)) throw new UserError('That is not one of the choices offered. Nothing was changed.', 'bad_answer');
    return 'continue';
  },
  async onComplete(ctx, run, definition) {
    await ctx.db.delete(reminders).where(like(reminders.key, `${updateReminderKey(run.id)}%`));
    await applyUpdate(ctx, run, definition, await answersOfRun(ctx.db, run.id));
    ctx.reply('Thank you: your update is recorded, and its summary is posted in your partnership channel.');
  },
};
