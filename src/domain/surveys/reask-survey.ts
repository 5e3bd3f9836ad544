import { and, desc, eq } from 'drizzle-orm';
import type { Services } from '../../core/bot.js';
import { questionnaireRuns } from '../../db/schema/index.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { SURVEY } from './survey-questionnaire.js';

/**
 * "Answer my open survey now": asks the person's newest open survey again in a DM, from the
 * question they had reached. False when none is open. For a command to call (the integrator
 * wires it into `/mentor checkin`; one command re-asks everything open).
 */
export async function reaskOpenSurvey(
  services: Pick<Services, 'db' | 'clock'>,
  engine: QuestionnaireEngine,
  input: { personId: string; programId?: string },
): Promise<boolean> {
  const [run] = await services.db
    .select()
    .from(questionnaireRuns)
    .where(
      and(
        eq(questionnaireRuns.kind, SURVEY),
        eq(questionnaireRuns.personId, input.personId),
        eq(questionnaireRuns.status, 'open'),
        input.programId ? eq(questionnaireRuns.programId, input.programId) : undefined,
      ),
    )
    .orderBy(desc(questionnaireRuns.createdAt))
    .limit(1);
  if (!run) return false;
  await engine.ask(services, run, 'Your open survey:');
  return true;
}
