import { and, eq } from 'drizzle-orm';
import { message } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { programRoles } from '../../db/schema/index.js';
import { enqueueDirect } from '../../jobs/enqueue.js';

/** DMs every coordinator of the program through the outbox; the key makes a retry a no-op. */
export async function notifyCoordinators(db: Db, input: { programId: string; key: string; text: string; at: Date }): Promise<number> {
  const coordinators = await db
    .select({ personId: programRoles.personId })
    .from(programRoles)
    .where(and(eq(programRoles.programId, input.programId), eq(programRoles.role, 'coordinator')));
  for (const c of coordinators) {
    await enqueueDirect(db, {
      key: `${input.key}:${c.personId}`,
      personId: c.personId,
      programId: input.programId,
      message: message(input.text),
      at: input.at,
    });
  }
  return coordinators.length;
}
