import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { eraseMessagesNaming } from './erase-messages.js';
import { WHICH_FLOW, whichFlow } from './which-prompt.js';

export default capability({
  name: 'conversation',
  flows: () => ({ [WHICH_FLOW]: whichFlow }),
  allowedDuringReconsent: { flows: [WHICH_FLOW] },
  personalData: [
    {
      title: 'open questions',
      why: 'questions asked of the person (a reply kept while the bot asks which question it answers); deleted',
      columns: [{ table: 'prompts', column: 'person_id', erase: 'delete' }],
    },
    {
      title: 'messages',
      why: 'messages queued or sent to the person, and messages to others that name them (e.g. coordinators told they paused); deleted',
      columns: [{ table: 'outbox', column: 'person_id', erase: 'delete' }],
      erase: eraseMessagesNaming,
    },
    {
      title: 'reminders',
      why: 'reminders still to come; deleted',
      columns: [{ table: 'reminders', column: 'person_id', erase: 'delete' }],
    },
    {
      title: 'schedules',
      why: 'recurring work due for the person (a weekly check-in...), in their time zone; deleted',
      columns: [{ table: 'schedules', column: 'person_id', erase: 'delete' }],
      export: (db, personId) => queryRows(db, sql`select kind, time_zone, every::text as every, next_due_at from schedules where person_id = ${personId}::uuid`),
    },
  ],
});
