import type { Services } from '../../core/bot.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { QuestionnaireEngine, QuestionnaireKind } from '../questionnaires/questionnaire.js';
import { startRun } from '../questionnaires/run-store.js';

export const EXIT_INTERVIEW = 'exit-interview';
/** An exit interview left unanswered this long is expired: it is about a relationship that has ended. */
const OPEN_DAYS = 14;

/**
 * The exit interview (MENTOR's Elements): the program's `closure.questions`, asked of each
 * member by DM when their match closes. Answers are for the program's evaluation, not the partner.
 */
export const exitInterview: QuestionnaireKind = {
  kind: EXIT_INTERVIEW,
  evaluation: true,
  controls: ['back', 'skip'],
  topic: () => 'Your exit interview',
  steps: ({ definition }) => {
    const questions = definition.closure.questions;
    return questions.map((question, i) => ({ key: `q:${question.id}`, question, text: `Exit interview, question ${i + 1} of ${questions.length}` }));
  },
  async onComplete(ctx) {
    ctx.reply('Thank you: your answers are recorded. They help the program support the next matches better.');
  },
};

/** Starts and asks each member's exit interview, where the program has questions for one. */
export async function startExitInterviews(
  services: Pick<Services, 'db' | 'clock'>,
  input: { catalog: ProgramCatalog; engine: QuestionnaireEngine; slug: string; programId: string; matchId: string; members: string[] },
): Promise<number> {
  const program = input.catalog.get(input.slug);
  if (!program || program.closure.questions.length === 0) return 0;
  const now = services.clock.now();
  for (const personId of input.members) {
    const run = await startRun(services.db, {
      kind: EXIT_INTERVIEW,
      subjectType: 'match',
      subjectId: input.matchId,
      personId,
      programId: input.programId,
      definitionHash: input.catalog.hashOf(input.slug),
      dueAt: now,
      expiresAt: new Date(now.getTime() + OPEN_DAYS * 86_400_000),
      now,
    });
    await input.engine.ask(services, run, `Your match in ${program.name} has closed. A few questions about how it went: your answers go to the program, not to your match.`);
  }
  return input.members.length;
}
