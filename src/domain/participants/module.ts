import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { LEAVE_FLOW, leaveCommand, leaveFlow } from './leave.js';
import { pauseCommand, resumeCommand } from './pause-resume.js';
import { profileCommand, profileQuestionnaire } from './profile.js';
import { describeStatus, STATUS_ORDER, statusCommand } from './show-status.js';

export default capability({
  name: 'participants',
  order: 30,
  commands: (deps) => [statusCommand(deps), profileCommand(deps), pauseCommand(deps.catalog), resumeCommand(deps.catalog), leaveCommand(deps.catalog)],
  flows: (deps) => ({ [LEAVE_FLOW]: leaveFlow(deps.catalog) }),
  questionnaires: () => [profileQuestionnaire],
  homeSections: (deps) => [
    {
      order: STATUS_ORDER,
      describe: async ({ db, principal, program, programId, now }) => ({
        title: 'You',
        text: await describeStatus({ db, engine: deps.questionnaires(), clock: { now: () => now } }, program, programId, principal.personId),
      }),
    },
  ],
  allowedDuringReconsent: { commands: ['leave'], flows: [LEAVE_FLOW] },
  personalData: [
    {
      title: 'participation',
      why: 'taking part, paused, left; deleted',
      columns: [{ table: 'participations', column: 'person_id', erase: 'delete' }],
      export: (db, personId) =>
        queryRows(db, sql`select p.name as program, x.role, x.state, x.paused_at, x.paused_until
          from participations x join programs p on p.id = x.program_id where x.person_id = ${personId}::uuid`),
    },
  ],
});
