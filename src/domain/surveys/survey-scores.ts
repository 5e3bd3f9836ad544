import type { Db } from '../../db/client.js';
import { surveyScores } from '../../db/schema/index.js';
import type { Survey } from '../programs/definition.js';
import { minAnsweredOf } from '../programs/survey-schema.js';
import type { Run } from '../questionnaires/run-store.js';

export interface ScaleScore {
  scaleId: string;
  mean: number;
  itemsAnswered: number;
  items: number;
  min: number;
  max: number;
}

/**
 * Each scale's mean over the items answered: a reverse-coded item counts as min + max − answer,
 * an unanswered one not at all. A scale with fewer answered items than its `minAnswered`
 * (default: half its items, rounded up) has no score.
 */
export function scaleScores(survey: Pick<Survey, 'questions' | 'scales'>, answers: ReadonlyMap<string, unknown>): ScaleScore[] {
  const questions = new Map(survey.questions.map((q) => [q.id, q]));
  return survey.scales.flatMap((scale) => {
    const items = scale.items.map((id) => questions.get(id)!);
    const first = items[0]!;
    const min = first.min ?? 1;
    const max = first.max ?? 5;
    const values = items.flatMap((q) => {
      const value = answers.get(q.id);
      if (typeof value !== 'number') return [];
      return [q.reverse ? min + max - value : value];
    });
    if (values.length < minAnsweredOf(scale)) return [];
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    return [{ scaleId: scale.id, mean, itemsAnswered: values.length, items: items.length, min, max }];
  });
}

/** A mean read on a 1–5 scale whatever the items' range, as the alert thresholds are. */
export const onFivePoints = (mean: number, min: number, max: number): number => 1 + (4 * (mean - min)) / (max - min);

/** A mean as people read it: at most two decimals, no trailing zeros. */
export const formatMean = (mean: number): string => String(Math.round(mean * 100) / 100);

export type StoredScore = typeof surveyScores.$inferSelect;

/** Stores the run's scale means (once: a run's scores are written when it completes). */
export async function storeScores(
  db: Db,
  input: { run: Run; survey: Survey; matchId: string | null; occurrence: string; scores: readonly ScaleScore[]; now: Date },
): Promise<StoredScore[]> {
  const { run, survey, scores } = input;
  if (scores.length === 0) return [];
  return db
    .insert(surveyScores)
    .values(
      scores.map((s) => ({
        programId: run.programId,
        matchId: input.matchId,
        personId: run.personId,
        runId: run.id,
        surveyId: survey.id,
        occurrence: input.occurrence,
        scaleId: s.scaleId,
        instrument: survey.instrument ?? null,
        instrumentVersion: survey.version ?? null,
        definitionHash: run.definitionHash,
        mean: s.mean,
        scaleMin: s.min,
        scaleMax: s.max,
        itemsAnswered: s.itemsAnswered,
        items: s.items,
        createdAt: input.now,
      })),
    )
    .onConflictDoNothing()
    .returning();
}
