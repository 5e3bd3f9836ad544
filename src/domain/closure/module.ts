import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { closeCommand } from './close-commands.js';
import { CLOSURE_ACK_FLOW } from './close-match.js';
import { endingPlanner } from './ending-planner.js';
import { END_REASON_FLOW, endCommand, endReasonFlow } from './end-request.js';
import { exitInterview } from './exit-interview.js';
import { ackFlow, rematchCommand } from './rematch.js';

/**
 * Ending matches well (issue 15; MENTOR's Elements on closure): notices before a planned end,
 * a participant's request to end, a coordinator's closing with the program's reasons, the exit
 * interview, the closing post and its acknowledgement, the channel archived, and rematching
 * after an early end.
 */
export default capability({
  name: 'closure',
  order: 56,
  commands: (deps) => [closeCommand(deps.catalog, deps.questionnaires), endCommand(deps.catalog), rematchCommand(deps.catalog)],
  flows: () => ({ [CLOSURE_ACK_FLOW]: ackFlow(), [END_REASON_FLOW]: endReasonFlow() }),
  questionnaires: () => [exitInterview],
  planners: () => [endingPlanner],
  personalData: [
    {
      title: 'match closures',
      why: 'how a person’s match ended (planned or early, the reason), their acknowledgement of the closing message and any rematch agreed; kept against the pseudonymised person for the program’s evaluation, the coordinator’s note cleared',
      columns: [
        { table: 'match_closures', column: 'closed_by', erase: 'clear' },
        { table: 'closure_members', column: 'person_id', erase: 'keep' },
        { table: 'closure_members', column: 'rematch_approved_by', erase: 'clear' },
      ],
      export: (db, personId) =>
        queryRows(db, sql`select m.number, c.type, c.reason, c.closed_at, cm.acknowledged_at, cm.rematch_from
          from closure_members cm join match_closures c on c.match_id = cm.match_id join matches m on m.id = c.match_id
          where cm.person_id = ${personId}::uuid order by c.closed_at`),
      async erase(db, personId) {
        // The coordinator's note may speak of them: it does not outlive their erasure.
        await db.execute(sql`update match_closures set note = null where match_id in (select match_id from closure_members where person_id = ${personId}::uuid)`);
      },
    },
  ],
});
