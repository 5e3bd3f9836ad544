import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { keepEvaluationAnswers } from './evaluation-answers.js';

export default capability({
  name: 'questionnaires',
  deliveries: (deps) => [deps.questionnaires().delivery],
  personalData: [
    {
      title: 'answers',
      why:
        'every questionnaire run (intake, profile edits, re-consent, check-ins, surveys, exit interviews) and its answers; deleted. ' +
        'Retention keeps check-in, survey and exit-interview runs with their numbers, scales and choices, never typed words',
      columns: [{ table: 'questionnaire_runs', column: 'person_id', erase: 'delete' }],
      export: (db, personId) =>
        queryRows(db, sql`select r.kind, a.question_id, a.value, a.answered_at
          from run_answers a join questionnaire_runs r on r.id = a.run_id
          where r.person_id = ${personId}::uuid order by a.answered_at`),
      retain: (db, personId, _now, deps) => keepEvaluationAnswers(db, deps.catalog, deps.questionnaires(), personId),
    },
  ],
});
