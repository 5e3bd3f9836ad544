import { and, desc, eq, lt, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { matchMembers, surveyScores } from '../../db/schema/index.js';
import { raiseAlert } from '../checkins/alerts.js';
import type { ProgramDefinition, Survey } from '../programs/definition.js';
import { formatMean, onFivePoints, type StoredScore } from './survey-scores.js';

/** Float means compared with thresholds: 3.7 − 2.7 must count as a drop of 1. */
const EPSILON = 1e-9;

const onFive = (s: StoredScore) => onFivePoints(s.mean, s.scaleMin, s.scaleMax);
const ofMax = (s: StoredScore) => `${formatMean(s.mean)} of ${s.scaleMax}`;

/**
 * After a member's survey of a match is scored, the rules that compare scores (each read on a
 * 1–5 scale, as the thresholds are):
 * - `score_drop`: a scale's mean at least `scoreDropBy` lower than the same member's previous
 *   mean of that scale in the match (in any survey that has it). Cause: this run and scale.
 * - `rating_gap`: mentor and mentee at least `ratingGapAtLeast` apart on a scale in the same
 *   occurrence of a survey, raised when the second of them completes. Cause: the match,
 *   survey, occurrence and scale, so either member's completion names the same alert.
 * Each cause is raised once (`raiseAlert`), so nothing repeats for it.
 */
export async function alertOnScores(
  db: Db,
  program: ProgramDefinition,
  input: { survey: Survey; matchId: string; occurrence: string; scores: readonly StoredScore[]; now: Date },
): Promise<void> {
  const { survey, matchId, occurrence, now } = input;
  const { scoreDropBy, ratingGapAtLeast } = program.support.alerts;
  const where = `in the “${survey.title}” survey`;
  for (const score of input.scores) {
    const personId = score.personId!;
    const title = survey.scales.find((s) => s.id === score.scaleId)?.title ?? score.scaleId;
    const [previous] = await db
      .select()
      .from(surveyScores)
      .where(and(eq(surveyScores.personId, personId), eq(surveyScores.matchId, matchId), eq(surveyScores.scaleId, score.scaleId), lt(surveyScores.createdAt, score.createdAt)))
      .orderBy(desc(surveyScores.createdAt))
      .limit(1);
    if (previous && onFive(previous) - onFive(score) >= scoreDropBy - EPSILON) {
      await raiseAlert(db, {
        programId: score.programId,
        matchId,
        personId,
        rule: 'score_drop',
        cause: `score_drop:${score.runId}:${score.scaleId}`,
        detail: `rated “${title}” ${ofMax(score)} ${where}, down from ${ofMax(previous)} last time.`,
        now,
      });
    }
    const [other] = await db
      .select({ score: surveyScores, role: matchMembers.role })
      .from(surveyScores)
      .innerJoin(matchMembers, and(eq(matchMembers.matchId, surveyScores.matchId), eq(matchMembers.personId, surveyScores.personId)))
      .where(and(eq(surveyScores.matchId, matchId), eq(surveyScores.surveyId, survey.id), eq(surveyScores.occurrence, occurrence), eq(surveyScores.scaleId, score.scaleId), ne(surveyScores.personId, personId)))
      .limit(1);
    if (other && Math.abs(onFive(other.score) - onFive(score)) >= ratingGapAtLeast - EPSILON) {
      const apart = formatMean(Math.abs(onFive(other.score) - onFive(score)));
      await raiseAlert(db, {
        programId: score.programId,
        matchId,
        personId,
        rule: 'rating_gap',
        cause: `rating_gap:${matchId}:${survey.id}:${occurrence}:${score.scaleId}`,
        detail: `rated “${title}” ${ofMax(score)} ${where}, and their ${other.role} ${ofMax(other.score)}: ${apart} apart on a 1–5 scale.`,
        now,
      });
    }
  }
}
