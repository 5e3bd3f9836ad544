import { and, eq, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { channelRef, message, rich } from '../../core/render.js';
import { matches, participations, programs, questionnaireRuns, reminders, schedules } from '../../db/schema/index.js';
import { deliveryKind } from '../../jobs/delivery-kind.js';
import { enqueue } from '../../jobs/enqueue.js';
import { dmLane, userAddressSchema } from '../../jobs/outbox-payload.js';
import { inQuietHours, outsideQuietHours } from '../../jobs/quiet-hours.js';
import { cancelRunPrompts } from '../conversation/prompts.js';
import { isPaused } from '../participants/participation-store.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { findRun, saveRunAnswer, startRun } from '../questionnaires/run-store.js';
import { WORKPLAN_UPDATE } from './plan-agreement.js';
import { activitiesOf, planOfMatch } from './plan-store.js';
import { ACTIVITIES_ANSWER, updateReminderKey, type AskedActivity } from './update-questionnaire.js';

const payloadSchema = z.looseObject({ to: userAddressSchema, scheduleId: z.uuid(), subjectId: z.uuid(), dueAt: z.string() });

/**
 * One occurrence of a representative's plan update: an earlier one still unanswered expires
 * (it had its reminder), a new run is started with the activities open now, asked in a DM, and
 * reminded once. Nothing is asked of a paused member or an ended partnership; a late one in
 * their quiet hours waits for the morning.
 */
export function updateDelivery(catalog: ProgramCatalog, engine: () => QuestionnaireEngine) {
  const kind = deliveryKind({
    type: WORKPLAN_UPDATE,
    schema: payloadSchema,
    lane: (p) => dmLane(p.to),
    describeForAlert: (p) => ['A work-plan update for ', { mention: p.to.user }],
    async deliver(ctx, p) {
      const [row] = await ctx.db
        .select({ match: matches, slug: programs.slug, workspaceId: programs.workspaceId, personId: schedules.personId, zone: schedules.timeZone })
        .from(schedules)
        .innerJoin(matches, eq(matches.id, schedules.subjectId))
        .innerJoin(programs, eq(programs.id, matches.programId))
        .where(eq(schedules.id, p.scheduleId));
      if (!row) return;
      if (row.match.state !== 'active') {
        await ctx.db.delete(schedules).where(eq(schedules.id, p.scheduleId));
        return;
      }
      const program = catalog.get(row.slug);
      const plan = await planOfMatch(ctx.db, row.match.id);
      if (!program?.workplans || !plan) return;
      const { match, personId } = row;
      const now = ctx.clock.now();
      const [participation] = await ctx.db.select().from(participations).where(and(eq(participations.programId, match.programId), eq(participations.personId, personId)));
      if (!participation || participation.state === 'left' || isPaused(participation, now)) return;
      if (inQuietHours(now, row.zone, program.quietHours)) {
        const wake = outsideQuietHours(now, row.zone, program.quietHours);
        await enqueue(ctx.db, kind, { key: `workplan-update-after-quiet:${p.scheduleId}:${p.dueAt}:${wake.toISOString()}`, workspaceId: row.workspaceId, programId: match.programId, personId, payload: p, availableAt: wake });
        return;
      }
      const runId = await ctx.step('run', async () => {
        const earlier = await ctx.db
          .update(questionnaireRuns)
          .set({ status: 'expired', updatedAt: now })
          .where(and(eq(questionnaireRuns.kind, WORKPLAN_UPDATE), eq(questionnaireRuns.subjectId, match.id), eq(questionnaireRuns.personId, personId), eq(questionnaireRuns.status, 'open')))
          .returning({ id: questionnaireRuns.id });
        for (const e of earlier) {
          await cancelRunPrompts(ctx.db, e.id, now);
          await ctx.db.delete(reminders).where(inArray(reminders.key, [updateReminderKey(e.id)]));
        }
        const run = await startRun(ctx.db, { kind: WORKPLAN_UPDATE, subjectType: 'match', subjectId: match.id, personId, programId: match.programId, definitionHash: catalog.hashOf(row.slug), dueAt: new Date(p.dueAt), now });
        const open: AskedActivity[] = (await activitiesOf(ctx.db, plan.id))
          .filter((a) => a.status !== 'done' && a.status !== 'dropped')
          .map((a) => ({ number: a.number, title: a.title, status: a.status }));
        await saveRunAnswer(ctx.db, { runId: run.id, questionId: ACTIVITIES_ANSWER, value: open, definitionHash: run.definitionHash, now });
        return run.id;
      });
      const run = await findRun(ctx.db, runId);
      if (!run || run.status !== 'open') return;
      await ctx.step('ask', async () => {
        const where = match.channel ? ` in #${match.channelName ?? 'your channel'}` : '';
        await engine().ask(ctx, run, `Time for your ${program.workplans!.updateCadence} work-plan update for partnership ${match.number}. A summary of your answers is posted${where} for your partner and the coordinator.`);
        return true;
      });
      await ctx.db
        .insert(reminders)
        .values({
          workspaceId: row.workspaceId,
          programId: match.programId,
          personId,
          key: updateReminderKey(run.id),
          dueAt: outsideQuietHours(DateTime.fromJSDate(now).plus({ days: program.workplans.remindAfterDays }).toJSDate(), row.zone, program.quietHours),
          message: message(rich`A reminder: your work-plan update is still waiting for you${match.channel ? rich` (partnership ${String(match.number)}, ${channelRef(match.channel)})` : ''}. Answer the question above in this conversation.`),
        })
        .onConflictDoNothing();
    },
  });
  return kind;
}
