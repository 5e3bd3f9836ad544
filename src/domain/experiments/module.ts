import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { experimentCommands } from './experiment-commands.js';
import { experimentReportCommand } from './experiment-report.js';
import { assignmentPlanner } from './randomise.js';

/**
 * Training comparison groups (issue 15): an experiment randomises mentors approved while it is
 * open to arms of post-match training, records attendance, and compares the arms' matches. Its
 * commands live under `training` (Discord allows 25 top-level subcommands, all used).
 */
export default capability({
  name: 'experiments',
  order: 61,
  commands: ({ catalog }) => [...experimentCommands(catalog), experimentReportCommand(catalog)],
  planners: () => [assignmentPlanner],
  personalData: [
    {
      title: 'training experiment',
      why: 'the arm a mentor was randomised to; kept against the pseudonymised person, since dropping a row would make the recorded randomisation (a function of the seed and the order) unverifiable',
      columns: [{ table: 'experiment_assignments', column: 'person_id', erase: 'keep' }],
      export: (db, personId) =>
        queryRows(
          db,
          sql`select e.name as experiment, a.arm_id as arm, a.assigned_at,
                (select coalesce(json_agg(t.module_id order by t.attended_on), '[]') from experiment_attendance t where t.assignment_id = a.id) as attended
              from experiment_assignments a join experiments e on e.id = a.experiment_id where a.person_id = ${personId}::uuid`,
        ),
    },
    {
      title: 'training experiments run',
      why: 'who created an experiment or recorded attendance; cleared, the records stay',
      columns: [
        { table: 'experiments', column: 'created_by', erase: 'clear' },
        { table: 'experiment_attendance', column: 'recorded_by', erase: 'clear' },
      ],
    },
  ],
});
