import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { questionnaireRuns, runAnswers } from '../../db/schema/index.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import type { Question, QuestionType } from '../programs/questions.js';
import { definitionByHash } from './definitions.js';
import type { QuestionnaireEngine, QuestionnaireKind } from './questionnaire.js';
import type { Run } from './run-store.js';

/** Answers an evaluation data set holds as given: numbers, scales and the program's own choices. */
const MEASURES: ReadonlySet<QuestionType> = new Set(['single_choice', 'multiple_choice', 'scale', 'yes_no', 'number']);
/** Typed words: left out of the evaluation data set unless asked for (then scrubbed), and gone after retention. */
const FREE_TEXT: ReadonlySet<QuestionType> = new Set(['text', 'long_text']);

export const isMeasure = (q: Question) => MEASURES.has(q.type);
export const isFreeText = (q: Question) => FREE_TEXT.has(q.type);

/** The kind of a run when it feeds the evaluation (check-ins, surveys, exit interviews), else null. */
export function evaluationKind(engine: QuestionnaireEngine, name: string): QuestionnaireKind | null {
  try {
    const kind = engine.kind(name);
    return kind.evaluation ? kind : null;
  } catch {
    // A kind no longer loaded: nothing says what its answers are, so nothing of them is evaluation data.
    return null;
  }
}

/** The program questions a run asked (in the wording it started with), by id. */
export function questionsOfRun(kind: QuestionnaireKind, definition: ProgramDefinition, run: Run): Map<string, Question> {
  const out = new Map<string, Question>();
  for (const step of kind.steps({ definition, run, answers: new Map() })) if (step.question) out.set(step.question.id, step.question);
  return out;
}

/**
 * Retention of a person's questionnaire runs: runs that are not evaluation data go (intake,
 * profile edits, re-consent, work-plan updates), and evaluation runs keep only their measures.
 */
export async function keepEvaluationAnswers(db: Db, catalog: ProgramCatalog, engine: QuestionnaireEngine, personId: string): Promise<void> {
  const runs = await db.select().from(questionnaireRuns).where(eq(questionnaireRuns.personId, personId));
  const drop: string[] = [];
  for (const run of runs) {
    const kind = evaluationKind(engine, run.kind);
    if (!kind) {
      drop.push(run.id);
      continue;
    }
    const questions = questionsOfRun(kind, await definitionByHash(db, catalog, run.definitionHash), run);
    const kept = [...questions.values()].filter(isMeasure).map((q) => q.id);
    await db.delete(runAnswers).where(kept.length > 0 ? and(eq(runAnswers.runId, run.id), notInArray(runAnswers.questionId, kept)) : eq(runAnswers.runId, run.id));
  }
  if (drop.length > 0) await db.delete(questionnaireRuns).where(inArray(questionnaireRuns.id, drop));
}
