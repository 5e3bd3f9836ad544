import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

export interface AuditEntry {
  workspaceId: string;
  programId: string | null;
  actorId: string | null;
  subjectId?: string | null;
  /** Dotted verb, e.g. `role.grant`, `application.approve`. */
  action: string;
  /** Facts about the decision (ids, roles, reasons a coordinator typed); never applicants' answers. */
  details?: Record<string, unknown>;
  at: Date;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    workspaceId: entry.workspaceId,
    programId: entry.programId,
    actorId: entry.actorId,
    subjectId: entry.subjectId ?? null,
    action: entry.action,
    details: entry.details ?? {},
    at: entry.at,
  });
}
