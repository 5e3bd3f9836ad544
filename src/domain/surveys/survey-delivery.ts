import { and, eq, inArray, like } from 'drizzle-orm';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { message } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { applications, matches, matchMembers, participations, people, programs, questionnaireRuns, reminders, surveyRuns } from '../../db/schema/index.js';
import { deliveryKind } from '../../jobs/delivery-kind.js';
import { dmLane, userAddressSchema } from '../../jobs/outbox-payload.js';
import { outsideQuietHours } from '../../jobs/quiet-hours.js';
import { cancelRunPrompts } from '../conversation/prompts.js';
import { isPaused } from '../participants/participation-store.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition, Survey } from '../programs/definition.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { findRun, startRun } from '../questionnaires/run-store.js';
import { SURVEY, surveyReminderKey, surveyStepKey, whoSees } from './survey-questionnaire.js';
import { remindAfterDays, SURVEY_OPEN_DAYS } from './survey-timing.js';

const payloadSchema = z.looseObject({
  to: userAddressSchema,
  programId: z.uuid(),
  surveyId: z.string().min(1),
  subjectType: z.enum(['application', 'match']),
  subjectId: z.uuid(),
  personId: z.uuid(),
  occurrence: z.string().min(1),
  dueAt: z.iso.datetime(),
});
type Payload = z.infer<typeof payloadSchema>;

export const occurrenceKey = (p: Pick<Payload, 'surveyId' | 'subjectId' | 'personId' | 'occurrence'>) =>
  `survey:${p.surveyId}:${p.subjectId}:${p.personId}:${p.occurrence}`;

/** Still someone to ask: not erased, approved and not on a break, and the subject as the survey needs it. */
async function stillAsked(db: Db, p: Payload, survey: Survey, now: Date): Promise<boolean> {
  const [person] = await db.select({ erasedAt: people.erasedAt }).from(people).where(eq(people.id, p.personId));
  const [part] = await db.select().from(participations).where(and(eq(participations.programId, p.programId), eq(participations.personId, p.personId)));
  if (!person || person.erasedAt || !part || isPaused(part, now)) return false;
  if (part.state !== 'approved' && !(part.state === 'paused' && part.resumeState === 'approved')) return false;
  if (p.subjectType === 'application') {
    const [app] = await db.select({ state: applications.state }).from(applications).where(eq(applications.id, p.subjectId));
    return app?.state === 'approved';
  }
  const [match] = await db.select({ state: matches.state }).from(matches).where(eq(matches.id, p.subjectId));
  return match?.state === (survey.when.event === 'match_close' ? 'closed' : 'active');
}

/**
 * Starts the occurrence's run, once (its key is unique): the same survey's earlier run for this
 * person and subject, if still open, expires first (its next occurrence is due).
 */
async function startSurveyRun(db: Db, input: { p: Payload; survey: Survey; definitionHash: string; dueAt: Date; expiresAt: Date; now: Date }): Promise<string> {
  const { p, survey, now } = input;
  const key = occurrenceKey(p);
  const [existing] = await db.select({ runId: surveyRuns.runId }).from(surveyRuns).where(eq(surveyRuns.key, key));
  if (existing) return existing.runId;
  const earlier = await db
    .select({ id: questionnaireRuns.id })
    .from(questionnaireRuns)
    .innerJoin(surveyRuns, eq(surveyRuns.runId, questionnaireRuns.id))
    .where(and(eq(questionnaireRuns.personId, p.personId), eq(questionnaireRuns.subjectId, p.subjectId), eq(questionnaireRuns.status, 'open'), eq(surveyRuns.surveyId, survey.id)));
  if (earlier.length > 0) {
    const ids = earlier.map((e) => e.id);
    await db.update(questionnaireRuns).set({ status: 'expired', updatedAt: now }).where(inArray(questionnaireRuns.id, ids));
    for (const id of ids) {
      await cancelRunPrompts(db, id, now);
      await db.delete(reminders).where(like(reminders.key, `${surveyReminderKey(id)}%`));
    }
  }
  const run = await startRun(db, {
    kind: SURVEY,
    subjectType: p.subjectType,
    subjectId: p.subjectId,
    personId: p.personId,
    programId: p.programId,
    definitionHash: input.definitionHash,
    cursor: surveyStepKey(survey.id, survey.questions[0]!.id),
    dueAt: input.dueAt,
    expiresAt: input.expiresAt,
    now,
  });
  await db.insert(surveyRuns).values({ runId: run.id, programId: p.programId, surveyId: survey.id, occurrence: p.occurrence, matchId: p.subjectType === 'match' ? p.subjectId : null, key });
  return run.id;
}

/** For a mentor with several mentees: which match the survey is about, by its channel's name. */
async function whichMatch(db: Db, programId: string, personId: string, matchId: string): Promise<string> {
  const mine = await db
    .select({ id: matches.id, channelName: matches.channelName })
    .from(matchMembers)
    .innerJoin(matches, eq(matches.id, matchMembers.matchId))
    .where(and(eq(matchMembers.personId, personId), eq(matches.programId, programId), inArray(matches.state, ['active', 'closed'])));
  const name = mine.find((m) => m.id === matchId)?.channelName;
  return mine.length > 1 && name ? ` about your match in #${name}` : '';
}

/** The person's zone for the reminder, as the planner chose it for the survey. */
async function zoneOf(db: Db, personId: string, program: ProgramDefinition): Promise<string> {
  const [row] = await db.select({ own: people.timeZone, platform: people.platformTimeZone }).from(people).where(eq(people.id, personId));
  return [row?.own, row?.platform, program.timezone].find((z): z is string => !!z && IANAZone.isValidZone(z)) ?? 'UTC';
}

/**
 * One occurrence of a survey for one person: the run is started (a recorded step, in one
 * transaction, so a retry starts no second run) and asked in a DM, and one reminder is set for
 * `checkins.remindAfterDays` later (2 without check-ins), outside quiet hours, if the run is
 * still open then. An occurrence delivered SURVEY_OPEN_DAYS after it was due, a survey no
 * longer in the program, and anyone no longer to be asked get nothing.
 */
export function surveyDelivery(catalog: ProgramCatalog, engine: () => QuestionnaireEngine) {
  return deliveryKind({
    type: SURVEY,
    schema: payloadSchema,
    lane: (p) => dmLane(p.to),
    describeForAlert: (p) => ['A survey for ', { mention: p.to.user }],
    async deliver(ctx, p) {
      const now = ctx.clock.now();
      const [row] = await ctx.db.select({ slug: programs.slug, workspaceId: programs.workspaceId }).from(programs).where(eq(programs.id, p.programId));
      const program = row ? catalog.get(row.slug) : undefined;
      const survey = program?.surveys.find((s) => s.id === p.surveyId);
      if (!row || !program || !survey) return;
      const dueAt = new Date(p.dueAt);
      const expiresAt = DateTime.fromJSDate(dueAt).plus({ days: SURVEY_OPEN_DAYS }).toJSDate();
      if (now >= expiresAt || !(await stillAsked(ctx.db, p, survey, now))) return;
      const definitionHash = catalog.hashOf(row.slug);
      const runId = await ctx.step('run', () => ctx.db.transaction((tx) => startSurveyRun(tx as unknown as Db, { p, survey, definitionHash, dueAt, expiresAt, now })));
      const run = await findRun(ctx.db, runId);
      if (!run || run.status !== 'open') return;
      await ctx.step('ask', async () => {
        const n = survey.questions.length;
        const about = p.subjectType === 'match' ? await whichMatch(ctx.db, p.programId, p.personId, p.subjectId) : '';
        await engine().ask(ctx, run, `Time for the “${survey.title}” survey${about} (${n} question${n === 1 ? '' : 's'}). ${whoSees(p.subjectType === 'match')}`);
        return true;
      });
      const zone = await zoneOf(ctx.db, p.personId, program);
      const remindAt = outsideQuietHours(DateTime.fromJSDate(now).plus({ days: remindAfterDays(program) }).toJSDate(), zone, program.quietHours);
      if (remindAt >= expiresAt) return;
      const until = DateTime.fromJSDate(expiresAt, { zone }).toFormat('cccc d LLLL');
      await ctx.db
        .insert(reminders)
        .values({
          workspaceId: row.workspaceId,
          programId: p.programId,
          personId: p.personId,
          key: surveyReminderKey(run.id),
          dueAt: remindAt,
          message: message(`A reminder: the “${survey.title}” survey is still waiting for your answers, in the question above. It stays open until ${until}.`),
        })
        .onConflictDoNothing();
    },
  });
}
