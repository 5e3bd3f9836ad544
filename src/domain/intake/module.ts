import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { intakeQuestionnaire } from './intake-questionnaire.js';
import { RECONSENT, reconsentGate, reconsentQuestionnaire } from './reconsent.js';
import { resumeIntakeFlow } from './resume-intake.js';
import { JOIN_FLOW, joinCommand, joinFlow } from './start-intake.js';

export default capability({
  name: 'intake',
  order: 20,
  commands: (deps) => [joinCommand(deps)],
  flows: (deps) => ({ [JOIN_FLOW]: joinFlow(deps), 'intake-resume': resumeIntakeFlow(deps) }),
  questionnaires: () => [intakeQuestionnaire, reconsentQuestionnaire],
  middleware: (deps) => [reconsentGate(deps, () => deps.allowedDuringReconsent())],
  allowedDuringReconsent: { flows: [RECONSENT] },
  personalData: [
    {
      title: 'applications',
      why: 'the application, its consent and screening; deleted (answers go with its questionnaire runs)',
      columns: [
        { table: 'applications', column: 'person_id', erase: 'delete' },
        { table: 'applications', column: 'decided_by', erase: 'clear' },
        { table: 'applications', column: 'guardian_recorded_by', erase: 'clear' },
      ],
      export: (db, personId) =>
        queryRows(db, sql`select p.name as program, a.role, a.state, a.consent_version, a.consented_at, a.submitted_at, a.decision_reason,
            a.guardian_name, a.guardian_consent_how, a.guardian_consent_on
          from applications a join programs p on p.id = a.program_id where a.person_id = ${personId}::uuid`),
      // Retention keeps the funnel (role, state, dates) for the evaluation export; never what anyone wrote.
      async retain(db, personId) {
        await db.execute(sql`update applications set decision_reason = null, guardian_name = null, guardian_consent_how = null,
            guardian_consent_on = null, checklist = '{}'::jsonb where person_id = ${personId}::uuid`);
      },
    },
    {
      title: 'consent',
      why: 'every consent decision; kept, pseudonymised: the programme must be able to show consent was asked',
      columns: [{ table: 'consent_records', column: 'person_id', erase: 'keep' }],
      export: (db, personId) => queryRows(db, sql`select version, decision, at from consent_records where person_id = ${personId}::uuid order by at`),
    },
  ],
});
