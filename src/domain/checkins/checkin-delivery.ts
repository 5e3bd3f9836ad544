import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { matches, participations, programs, questionnaireRuns, reminders, schedules } from '../../db/schema/index.js';
import { deliveryKind } from '../../jobs/delivery-kind.js';
import { enqueue } from '../../jobs/enqueue.js';
import { inQuietHours, outsideQuietHours } from '../../jobs/quiet-hours.js';
import { dmLane, userAddressSchema } from '../../jobs/outbox-payload.js';
import { message } from '../../core/render.js';
import { cancelRunPrompts } from '../conversation/prompts.js';
import { isPaused } from '../participants/participation-store.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { findRun, startRun } from '../questionnaires/run-store.js';
import { alertOnMissedCheckins } from './alerts.js';
import { CHECKIN, checkinReminderKey } from './checkin-questionnaire.js';

const payloadSchema = z.looseObject({ to: userAddressSchema, scheduleId: z.uuid(), subjectId: z.uuid(), dueAt: z.string() });

/**
 * One occurrence of a member's check-in: the earlier one, if unanswered, expires; a new run is
 * started and asked (in a DM, or in the pair's channel), and one reminder is set. Each is a
 * recorded step, so a retry starts no second run. Nothing is asked of a paused member or an
 * ended match.
 */
export function checkinDelivery(catalog: ProgramCatalog, engine: () => QuestionnaireEngine) {
  const kind = deliveryKind({
    type: CHECKIN,
    schema: payloadSchema,
    lane: (p) => dmLane(p.to),
    describeForAlert: (p) => ['A check-in for ', { mention: p.to.user }],
    async deliver(ctx, p) {
      const [row] = await ctx.db
        .select({ match: matches, slug: programs.slug, workspaceId: programs.workspaceId, personId: schedules.personId, zone: schedules.timeZone })
        .from(schedules)
        .innerJoin(matches, eq(matches.id, schedules.subjectId))
        .innerJoin(programs, eq(programs.id, matches.programId))
        .where(eq(schedules.id, p.scheduleId));
      const program = row ? catalog.get(row.slug) : undefined;
      if (!row) return;
      // A match that ended is asked nothing more: its schedule goes at its first occurrence after.
      if (row.match.state !== 'active') {
        await ctx.db.delete(schedules).where(eq(schedules.id, p.scheduleId));
        return;
      }
      if (!program?.checkins) return;
      const { match, personId } = row;
      const now = ctx.clock.now();
      const [participation] = await ctx.db.select().from(participations).where(and(eq(participations.programId, match.programId), eq(participations.personId, personId)));
      if (!participation || participation.state === 'left' || isPaused(participation, now)) return;
      // Late (a backlog, the bot was down) and now in their night: ask when their quiet hours end.
      if (inQuietHours(now, row.zone, program.quietHours)) {
        const wake = outsideQuietHours(now, row.zone, program.quietHours);
        // Keyed by when it wakes: one delivered late again, in the next night, is put off again, not dropped.
        await enqueue(ctx.db, kind, {
          key: `checkin-after-quiet:${p.scheduleId}:${p.dueAt}:${wake.toISOString()}`,
          workspaceId: row.workspaceId,
          programId: match.programId,
          personId,
          payload: p,
          availableAt: wake,
        });
        return;
      }
      const runId = await ctx.step('run', async () => {
        const earlier = await ctx.db
          .update(questionnaireRuns)
          .set({ status: 'expired', updatedAt: now })
          .where(and(eq(questionnaireRuns.kind, CHECKIN), eq(questionnaireRuns.subjectId, match.id), eq(questionnaireRuns.personId, personId), eq(questionnaireRuns.status, 'open')))
          .returning({ id: questionnaireRuns.id });
        for (const e of earlier) {
          await cancelRunPrompts(ctx.db, e.id, now);
          await ctx.db.delete(reminders).where(eq(reminders.key, checkinReminderKey(e.id)));
        }
        if (earlier.length > 0) await alertOnMissedCheckins(ctx.db, program, { programId: match.programId, matchId: match.id, personId, now });
        const run = await startRun(ctx.db, { kind: CHECKIN, subjectType: 'match', subjectId: match.id, personId, programId: match.programId, definitionHash: catalog.hashOf(row.slug), dueAt: new Date(p.dueAt), now });
        return run.id;
      });
      const run = await findRun(ctx.db, runId);
      if (!run || run.status !== 'open') return;
      const where = program.checkins.where === 'channel' && match.channel ? { kind: 'channel' as const, channel: match.channel } : { kind: 'dm' as const };
      await ctx.step('ask', async () => {
        await engine().ask(ctx, run, 'Time for your mentoring check-in. Your answers go to the program coordinators, not to your match.', where);
        return true;
      });
      await ctx.db
        .insert(reminders)
        .values({
          workspaceId: row.workspaceId,
          programId: match.programId,
          personId,
          key: checkinReminderKey(run.id),
          dueAt: outsideQuietHours(DateTime.fromJSDate(now).plus({ days: program.checkins.remindAfterDays }).toJSDate(), row.zone, program.quietHours),
          message: message('A reminder: your mentoring check-in is still waiting for you. `/mentor checkin` asks it again.'),
        })
        .onConflictDoNothing();
    },
  });
  return kind;
}
