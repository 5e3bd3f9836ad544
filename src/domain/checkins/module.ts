import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { alertCommands, alertFlows } from './alert-commands.js';
import { checkinCommand, metCommand } from './checkin-commands.js';
import { coordinatorSupportSection, memberCheckinSection } from './home-sections.js';
import { checkinDelivery } from './checkin-delivery.js';
import { contactCommands } from './contact-commands.js';
import { checkinQuestionnaire } from './checkin-questionnaire.js';
import { checkinPlanner } from './checkin-schedules.js';
import { supportPlanner } from './support-planner.js';

export default capability({
  name: 'checkins',
  order: 35,
  commands: (deps) => [checkinCommand(deps), metCommand(deps), ...alertCommands(deps.catalog), ...contactCommands(deps.catalog)],
  flows: () => alertFlows(),
  questionnaires: () => [checkinQuestionnaire],
  planners: () => [checkinPlanner(), supportPlanner],
  deliveries: (deps) => [checkinDelivery(deps.catalog, deps.questionnaires)],
  homeSections: () => [coordinatorSupportSection, memberCheckinSection],
  personalData: [
    {
      title: 'meetings',
      why: 'meetings a person recorded for their match; kept against the pseudonymised person for the program’s evaluation',
      columns: [{ table: 'match_meetings', column: 'recorded_by', erase: 'keep' }],
      export: (db, personId) =>
        queryRows(db, sql`select met_on, minutes, source from match_meetings where recorded_by = ${personId}::uuid order by met_on`),
    },
    {
      title: 'alerts',
      why: 'alerts a person’s check-ins raised for coordinators; kept for the program’s records against the pseudonymised person, the coordinator’s note cleared',
      columns: [
        { table: 'match_alerts', column: 'person_id', erase: 'keep' },
        { table: 'match_alerts', column: 'acknowledged_by', erase: 'clear' },
        { table: 'match_alerts', column: 'resolved_by', erase: 'clear' },
      ],
      export: (db, personId) =>
        queryRows(db, sql`select number, rule, detail, raised_at, resolved_at from match_alerts where person_id = ${personId}::uuid order by raised_at`),
      async erase(db, personId) {
        // The detail quotes their answer and the note may speak of them: neither outlives erasure.
        await db.execute(sql`update match_alerts set detail = 'erased', note = null where person_id = ${personId}::uuid`);
      },
    },
    {
      title: 'coordinator contacts',
      why: 'contacts a coordinator logged with a member (date, length, how); kept for the program’s records against the pseudonymised person, the note cleared',
      columns: [
        { table: 'support_contacts', column: 'person_id', erase: 'keep' },
        { table: 'support_contacts', column: 'coordinator_id', erase: 'clear' },
      ],
      export: (db, personId) =>
        queryRows(db, sql`select contacted_on, how, minutes, note from support_contacts where person_id = ${personId}::uuid order by contacted_on`),
      async erase(db, personId) {
        await db.execute(sql`update support_contacts set note = null where person_id = ${personId}::uuid or coordinator_id = ${personId}::uuid`);
      },
    },
  ],
});
