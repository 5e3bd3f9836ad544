import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { checkinCommand, lastMeeting, metCommand } from './checkin-commands.js';
import { checkinDelivery } from './checkin-delivery.js';
import { CHECKIN, checkinQuestionnaire } from './checkin-questionnaire.js';
import { checkinPlanner } from './checkin-schedules.js';
import { openMatchesOf } from '../matching/create-match.js';

export default capability({
  name: 'checkins',
  order: 35,
  commands: (deps) => [checkinCommand(deps), metCommand(deps)],
  questionnaires: () => [checkinQuestionnaire],
  planners: () => [checkinPlanner()],
  deliveries: (deps) => [checkinDelivery(deps.catalog, deps.questionnaires)],
  homeSections: () => [
    {
      order: 25,
      async describe({ db, principal, programId }) {
        const active = (await openMatchesOf(db, programId, principal.personId)).filter((m) => m.state === 'active');
        if (active.length === 0) return null;
        const met = await Promise.all(active.map((m) => lastMeeting(db, m.id)));
        const [next] = await queryRows<{ due: string | null }>(
          db,
          sql`select to_char(min(next_due_at) at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due from schedules where kind = ${CHECKIN} and person_id = ${principal.personId}::uuid`,
        );
        const lines = [`Last meeting: ${met.filter(Boolean).sort().at(-1) ?? 'none recorded yet (`/mentor met` records one)'}.`];
        if (next?.due) lines.push(`Next check-in: ${next.due} UTC.`);
        return { title: 'Check-ins', text: lines.join(' ') };
      },
    },
  ],
  personalData: [
    {
      title: 'meetings',
      why: 'meetings a person recorded for their match; kept against the pseudonymised person for the program’s evaluation',
      columns: [{ table: 'match_meetings', column: 'recorded_by', erase: 'keep' }],
      export: (db, personId) =>
        queryRows(db, sql`select met_on, minutes, source from match_meetings where recorded_by = ${personId}::uuid order by met_on`),
    },
  ],
});
