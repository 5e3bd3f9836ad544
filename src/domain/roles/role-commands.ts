import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { ROLES, type RoleName } from '../../db/schema/index.js';
import { ensurePerson } from '../people/ensure-person.js';
import { grantRole, revokeRole } from './grant-role.js';
import { mention, rich } from '../../core/render.js';

const roleArgs = [
  { name: 'person', type: 'user', description: 'who, as a mention' },
  { name: 'role', type: 'choice', description: 'the role', choices: ROLES },
] as const satisfies CommandDef['args'];

/** `/mentor role grant|revoke <person> <role>`: both audited, both idempotent. */
function roleCommand(verb: 'grant' | 'revoke'): CommandDef {
  return {
    path: ['role', verb],
    summary: verb === 'grant' ? 'Give someone a role in this program' : 'Take a role away from someone',
    access: 'coordinator',
    args: [...roleArgs],
    async run(ctx, args) {
      const programId = ctx.principal.programId;
      if (!programId) throw new UserError('This workspace has no program loaded.', 'no_program');
      const user = String(args.person);
      const role = args.role as RoleName;
      const personId = await ensurePerson(ctx.db, ctx.principal.workspaceId, user);
      if (verb === 'revoke' && role === 'coordinator' && personId === ctx.principal.personId) {
        throw new UserError('You cannot remove your own coordinator role; ask another coordinator. Nothing was changed.', 'self_revoke');
      }
      const change = { workspaceId: ctx.principal.workspaceId, programId, personId, role, actorId: ctx.principal.personId, at: ctx.clock.now() };
      if (verb === 'grant') {
        const changed = await grantRole(ctx.db, change);
        ctx.reply(changed ? rich`${mention(user)} is now a ${role}.` : rich`${mention(user)} was already a ${role}; nothing changed.`);
      } else {
        const changed = await revokeRole(ctx.db, change);
        ctx.reply(changed ? rich`${mention(user)} is no longer a ${role}.` : rich`${mention(user)} was not a ${role}; nothing changed.`);
      }
    },
  };
}

export const roleGrantCommand = roleCommand('grant');
export const roleRevokeCommand = roleCommand('revoke');
