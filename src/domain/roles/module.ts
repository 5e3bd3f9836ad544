import { queryRows, sql } from '../../db/client.js';
import { capability } from '../capability.js';
import { programOverview } from './program-overview.js';
import { roleGrantCommand, roleRevokeCommand } from './role-commands.js';

export default capability({
  name: 'roles',
  order: 70,
  commands: () => [roleGrantCommand, roleRevokeCommand],
  homeSections: () => [programOverview],
  personalData: [
    {
      title: 'roles',
      why: 'roles in each program; deleted',
      columns: [
        { table: 'program_roles', column: 'person_id', erase: 'delete' },
        { table: 'program_roles', column: 'granted_by', erase: 'clear' },
      ],
      export: (db, personId) =>
        queryRows(db, sql`select p.name as program, r.role, r.granted_at from program_roles r join programs p on p.id = r.program_id where r.person_id = ${personId}::uuid`),
    },
  ],
});
