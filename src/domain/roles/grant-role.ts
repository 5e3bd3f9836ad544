import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { programRoles, type RoleName } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';

export interface RoleChange {
  workspaceId: string;
  programId: string;
  personId: string;
  role: RoleName;
  /** The coordinator who decided; null for the COORDINATORS bootstrap. */
  actorId: string | null;
  at: Date;
}

/** Grants a role and audits it; false when the person already had it (nothing changes). */
export async function grantRole(db: Db, change: RoleChange): Promise<boolean> {
  const inserted = await db
    .insert(programRoles)
    .values({
      programId: change.programId,
      personId: change.personId,
      role: change.role,
      grantedBy: change.actorId,
      grantedAt: change.at,
    })
    .onConflictDoNothing()
    .returning({ role: programRoles.role });
  if (inserted.length === 0) return false;
  await recordAudit(db, {
    workspaceId: change.workspaceId,
    programId: change.programId,
    actorId: change.actorId,
    subjectId: change.personId,
    action: change.actorId ? 'role.grant' : 'role.bootstrap',
    details: { role: change.role },
    at: change.at,
  });
  return true;
}

/** Revokes a role and audits it; false when the person did not have it. */
export async function revokeRole(db: Db, change: RoleChange): Promise<boolean> {
  const deleted = await db
    .delete(programRoles)
    .where(
      and(
        eq(programRoles.programId, change.programId),
        eq(programRoles.personId, change.personId),
        eq(programRoles.role, change.role),
      ),
    )
    .returning({ role: programRoles.role });
  if (deleted.length === 0) return false;
  await recordAudit(db, {
    workspaceId: change.workspaceId,
    programId: change.programId,
    actorId: change.actorId,
    subjectId: change.personId,
    action: 'role.revoke',
    details: { role: change.role },
    at: change.at,
  });
  return true;
}

export async function rolesOf(db: Db, programId: string, personId: string): Promise<Set<RoleName>> {
  const rows = await db
    .select({ role: programRoles.role })
    .from(programRoles)
    .where(and(eq(programRoles.programId, programId), eq(programRoles.personId, personId)));
  return new Set(rows.map((r) => r.role));
}
