import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { programDefinitions } from '../../db/schema/index.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';

// Definitions are immutable by hash, so a process may keep every one it has read.
const seen = new Map<string, ProgramDefinition>();

/** Keeps a definition by its hash; a hash already stored is left as it is (append-only). */
export async function storeDefinition(db: Db, entry: { hash: string; slug: string; definition: ProgramDefinition; at: Date }): Promise<void> {
  await db
    .insert(programDefinitions)
    .values({ hash: entry.hash, slug: entry.slug, definition: entry.definition, createdAt: entry.at })
    .onConflictDoNothing();
  seen.set(entry.hash, entry.definition);
}

/** The definition a run was started with: the loaded one if unchanged, else the stored copy. */
export async function definitionByHash(db: Db, catalog: ProgramCatalog, hash: string): Promise<ProgramDefinition> {
  const loaded = catalog.byHash(hash) ?? seen.get(hash);
  if (loaded) return loaded;
  const [row] = await db.select({ definition: programDefinitions.definition }).from(programDefinitions).where(eq(programDefinitions.hash, hash));
  if (!row) throw new Error(`program definition ${hash} is not stored`);
  const definition = row.definition as ProgramDefinition;
  seen.set(hash, definition);
  return definition;
}
