import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Where } from '../../core/chat.js';
import type { Message } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matches, participations, programs, questionnaireRuns, reminders, schedules } from '../../db/schema/index.js';
import { deliveryKind, type DeliveryContext } from '../../jobs/delivery-kind.js';
import { enqueue } from '../../jobs/enqueue.js';
import { dmLane, userAddressSchema } from '../../jobs/outbox-payload.js';
import { inQuietHours, outsideQuietHours } from '../../jobs/quiet-hours.js';
import { cancelRunPrompts } from '../conversation/prompts.js';
import type { Match } from '../matching/create-match.js';
import { isPaused } from '../participants/participation-store.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import type { QuestionnaireEngine } from './questionnaire.js';
import { findRun, startRun, type Run } from './run-store.js';

const payloadSchema = z.looseObject({ to: userAddressSchema, scheduleId: z.uuid(), subjectId: z.uuid(), dueAt: z.string() });

/** What differs between questionnaires a match member is asked on a schedule (check-ins, plan updates). */
export interface ScheduledRun {
  /** The questionnaire kind, the schedule kind and the delivery type. */
  kind: string;
  describe: string;
  /** The program's settings for it, or null when the program does not ask it. */
  settings(program: ProgramDefinition): { remindAfterDays: number } | null;
  /** Anything else that must exist before asking (a work plan). */
  ready?(db: Db, match: Match): Promise<boolean>;
  intro(program: ProgramDefinition, match: Match): string;
  where?(program: ProgramDefinition, match: Match): Where;
  reminderKey(runId: string): string;
  reminder(match: Match): Message;
  /** After the member's earlier, unanswered run expired (e.g. the missed-streak alert). */
  onExpired?(ctx: DeliveryContext, program: ProgramDefinition, match: Match, personId: string, now: Date): Promise<void>;
  /** After the new run started, in the same step (e.g. what it asks about). */
  onStarted?(ctx: DeliveryContext, run: Run, match: Match): Promise<void>;
}

/**
 * One occurrence of a member's scheduled questionnaire on their match: the earlier one, if
 * unanswered, expires; a new run is started and asked, and one reminder is set. Each is a
 * recorded step, so a retry starts no second run. Nothing is asked of a paused member or an
 * ended match (its schedule goes at its first occurrence after); an occurrence delivered late
 * into the member's quiet hours waits for their end.
 */
export function scheduledRunDelivery(catalog: ProgramCatalog, engine: () => QuestionnaireEngine, spec: ScheduledRun) {
  const kind = deliveryKind({
    type: spec.kind,
    schema: payloadSchema,
    lane: (p) => dmLane(p.to),
    describeForAlert: (p) => [spec.describe, { mention: p.to.user }],
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
      const settings = program ? spec.settings(program) : null;
      if (!program || !settings || (spec.ready && !(await spec.ready(ctx.db, row.match)))) return;
      const { match, personId } = row;
      const now = ctx.clock.now();
      const [participation] = await ctx.db.select().from(participations).where(and(eq(participations.programId, match.programId), eq(participations.personId, personId)));
      if (!participation || participation.state === 'left' || isPaused(participation, now)) return;
      if (inQuietHours(now, row.zone, program.quietHours)) {
        const wake = outsideQuietHours(now, row.zone, program.quietHours);
        // Keyed by when it wakes: one delivered late again, in the next night, is put off again, not dropped.
        await enqueue(ctx.db, kind, { key: `${spec.kind}-after-quiet:${p.scheduleId}:${p.dueAt}:${wake.toISOString()}`, workspaceId: row.workspaceId, programId: match.programId, personId, payload: p, availableAt: wake });
        return;
      }
      const runId = await ctx.step('run', async () => {
        const earlier = await ctx.db
          .update(questionnaireRuns)
          .set({ status: 'expired', updatedAt: now })
          .where(and(eq(questionnaireRuns.kind, spec.kind), eq(questionnaireRuns.subjectId, match.id), eq(questionnaireRuns.personId, personId), eq(questionnaireRuns.status, 'open')))
          .returning({ id: questionnaireRuns.id });
        for (const e of earlier) {
          await cancelRunPrompts(ctx.db, e.id, now);
          await ctx.db.delete(reminders).where(eq(reminders.key, spec.reminderKey(e.id)));
        }
        if (earlier.length > 0) await spec.onExpired?.(ctx, program, match, personId, now);
        const run = await startRun(ctx.db, { kind: spec.kind, subjectType: 'match', subjectId: match.id, personId, programId: match.programId, definitionHash: catalog.hashOf(row.slug), dueAt: new Date(p.dueAt), now });
        await spec.onStarted?.(ctx, run, match);
        return run.id;
      });
      const run = await findRun(ctx.db, runId);
      if (!run || run.status !== 'open') return;
      await ctx.step('ask', async () => {
        await engine().ask(ctx, run, spec.intro(program, match), spec.where?.(program, match));
        return true;
      });
      await ctx.db
        .insert(reminders)
        .values({
          workspaceId: row.workspaceId,
          programId: match.programId,
          personId,
          key: spec.reminderKey(run.id),
          dueAt: outsideQuietHours(DateTime.fromJSDate(now).plus({ days: settings.remindAfterDays }).toJSDate(), row.zone, program.quietHours),
          message: spec.reminder(match),
        })
        .onConflictDoNothing();
    },
  });
  return kind;
}
