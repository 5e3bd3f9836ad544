import { channelRef, message, rich } from '../../core/render.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { saveRunAnswer } from '../questionnaires/run-store.js';
import { scheduledRunDelivery } from '../questionnaires/scheduled-run-delivery.js';
import { WORKPLAN_UPDATE } from './plan-agreement.js';
import { activitiesOf, planOfMatch } from './plan-store.js';
import { ACTIVITIES_ANSWER, updateReminderKey, type AskedActivity } from './update-questionnaire.js';

/**
 * One occurrence of a representative's plan update (see scheduled-run-delivery.ts), asked in a
 * DM with the activities open now, kept on the run so its steps never move.
 */
export function updateDelivery(catalog: ProgramCatalog, engine: () => QuestionnaireEngine) {
  return scheduledRunDelivery(catalog, engine, {
    kind: WORKPLAN_UPDATE,
    describe: 'A work-plan update for ',
    settings: (program) => program.workplans ?? null,
    ready: async (db, match) => (await planOfMatch(db, match.id)) !== null,
    intro: (program, match) =>
      `Time for your ${program.workplans!.updateCadence} work-plan update for partnership ${match.number}. A summary of your answers is posted${match.channelName ? ` in #${match.channelName}` : ''} for your partner and the coordinator.`,
    reminderKey: updateReminderKey,
    reminder: (match) =>
      message(rich`A reminder: your work-plan update is still waiting for you${match.channel ? rich` (partnership ${String(match.number)}, ${channelRef(match.channel)})` : ''}. Answer the question above in this conversation.`),
    async onStarted(ctx, run, match) {
      const plan = await planOfMatch(ctx.db, match.id);
      const open: AskedActivity[] = (plan ? await activitiesOf(ctx.db, plan.id) : [])
        .filter((a) => a.status !== 'done' && a.status !== 'dropped')
        .map((a) => ({ number: a.number, title: a.title, status: a.status }));
      await saveRunAnswer(ctx.db, { runId: run.id, questionId: ACTIVITIES_ANSWER, value: open, definitionHash: run.definitionHash, now: ctx.clock.now() });
    },
  });
}
