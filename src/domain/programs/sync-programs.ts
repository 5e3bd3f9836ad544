import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { programs } from '../../db/schema/index.js';
import { storeDefinition } from '../questionnaires/definitions.js';
import type { ProgramCatalog } from './catalog.js';

/**
 * Makes the workspace's program rows match the loaded definitions. The usual case (all present,
 * unchanged) costs one indexed read; rows are written only on first contact or after a change.
 * Every definition is also kept by hash, append-only, for the runs started with it.
 */
export async function syncPrograms(db: Db, workspaceId: string, catalog: ProgramCatalog, now: Date): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const current = await db
    .select({ id: programs.id, slug: programs.slug, hash: programs.definitionHash })
    .from(programs)
    .where(eq(programs.workspaceId, workspaceId));
  const known = new Map(current.map((r) => [r.slug, r]));
  for (const { definition, hash } of catalog.all()) {
    const row = known.get(definition.slug);
    if (row?.hash === hash) {
      ids.set(definition.slug, row.id);
      continue;
    }
    await storeDefinition(db, { hash, slug: definition.slug, definition, at: now });
    const [written] = await db
      .insert(programs)
      .values({
        workspaceId,
        slug: definition.slug,
        name: definition.name,
        audience: definition.audience,
        definition,
        definitionHash: hash,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [programs.workspaceId, programs.slug],
        set: { name: definition.name, audience: definition.audience, definition, definitionHash: hash, updatedAt: now },
      })
      .returning({ id: programs.id });
    if (written) ids.set(definition.slug, written.id);
  }
  return ids;
}
