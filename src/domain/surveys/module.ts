import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { surveyDelivery } from './survey-delivery.js';
import { surveyExpiryPlanner } from './survey-expiry.js';
import { surveyPlanner } from './survey-planner.js';
import { surveyQuestionnaire } from './survey-questionnaire.js';

export { reaskOpenSurvey } from './reask-survey.js';

/**
 * Monitoring surveys: each program survey asked on its event (intake approval, a match's start
 * plus days, every quarter or every n days from the start, its close), its scale means stored,
 * and the alert rules run on them. No commands: `reaskOpenSurvey` is for `/mentor checkin`.
 */
export default capability({
  name: 'surveys',
  order: 36,
  questionnaires: () => [surveyQuestionnaire],
  planners: () => [surveyPlanner(), surveyExpiryPlanner()],
  deliveries: (deps) => [surveyDelivery(deps.catalog, deps.questionnaires)],
  personalData: [
    {
      title: 'survey scores',
      why:
        'the mean of each scale a person answered in a survey: evaluation data, kept against the pseudonymised person so the ' +
        'program’s outcome figures (how relationship quality or goal progress moved across a cohort) do not change when someone ' +
        'leaves; it holds no answer, and the answers it came from are deleted with their runs (its run id is cleared)',
      columns: [{ table: 'survey_scores', column: 'person_id', erase: 'keep' }],
      export: (db, personId) =>
        queryRows(db, sql`select s.survey_id, s.occurrence, s.scale_id, s.instrument, s.instrument_version, s.mean, s.items_answered, s.items, s.created_at
          from survey_scores s where s.person_id = ${personId}::uuid order by s.created_at, s.scale_id`),
      retain: 'keep',
      async erase(db, personId) {
        await db.execute(sql`update survey_scores set run_id = null where person_id = ${personId}::uuid`);
      },
    },
  ],
});
