import { sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { auditCommand } from './show-audit.js';

export default capability({
  name: 'audit',
  order: 80,
  commands: () => [auditCommand],
  personalData: [
    {
      title: 'audit',
      why: 'coordinators’ decisions; kept as their record, pseudonymised, with free-text details about the person removed',
      columns: [
        { table: 'audit_log', column: 'actor_id', erase: 'keep' },
        { table: 'audit_log', column: 'subject_id', erase: 'keep' },
      ],
      async erase(db, personId) {
        await db.execute(sql`update audit_log set details = '{}'::jsonb where subject_id = ${personId}::uuid`);
        // Entries about a pair name the mentor in their details: what a coordinator wrote goes there too.
        await db.execute(sql`update audit_log set details = details - 'reason' - 'note' where details ->> 'mentor' = ${personId}::text`);
      },
    },
  ],
});
