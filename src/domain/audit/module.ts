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
        // Entries about a pair name the mentor in their details, entries about a match its number:
        // what a coordinator wrote there about them goes too (a closure's note, an exclusion's reason).
        await db.execute(sql`update audit_log set details = details - 'reason' - 'note' where details ->> 'mentor' = ${personId}::text`);
        await db.execute(sql`update audit_log a set details = a.details - 'note'
            from match_members mm join matches m on m.id = mm.match_id
            where mm.person_id = ${personId}::uuid and a.program_id = m.program_id and a.details ->> 'match' = m.number::text`);
      },
    },
  ],
});
