import { and, eq, sql } from 'drizzle-orm';
import type { Platform } from '../../core/chat.js';
import type { Db } from '../../db/client.js';
import { people, workspaces } from '../../db/schema/index.js';

// Both run on every event: the usual case is one indexed read and no write.

export async function ensureWorkspace(db: Db, platform: Platform, externalId: string): Promise<string> {
  const find = () =>
    db
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(and(eq(workspaces.platform, platform), eq(workspaces.externalId, externalId)));
  const [known] = await find();
  if (known) return known.id;
  const [inserted] = await db.insert(workspaces).values({ platform, externalId }).onConflictDoNothing().returning({ id: workspaces.id });
  const row = inserted ?? (await find())[0];
  if (!row) throw new Error('workspace vanished during upsert');
  return row.id;
}

/** One row per platform identity, created the first time anyone mentions or meets them. */
export async function ensurePerson(
  db: Db,
  workspaceId: string,
  platformUserId: string,
  displayName?: string,
): Promise<string> {
  const [known] = await db
    .select({ id: people.id, displayName: people.displayName })
    .from(people)
    .where(and(eq(people.workspaceId, workspaceId), eq(people.platformUserId, platformUserId)));
  if (known && (displayName === undefined || known.displayName === displayName)) return known.id;
  const [row] = await db
    .insert(people)
    .values({ workspaceId, platformUserId, displayName: displayName ?? null })
    .onConflictDoUpdate({
      target: [people.workspaceId, people.platformUserId],
      set: { displayName: sql`coalesce(excluded.display_name, ${people.displayName})` },
    })
    .returning({ id: people.id });
  if (!row) throw new Error('person upsert returned nothing');
  return row.id;
}

/** How to reach a person on their platform, for replies that name them. */
export async function personHandle(db: Db, personId: string): Promise<{ platform: Platform; workspace: string; user: string; workspaceId: string } | null> {
  const [row] = await db
    .select({ platform: workspaces.platform, workspace: workspaces.externalId, user: people.platformUserId, workspaceId: people.workspaceId })
    .from(people)
    .innerJoin(workspaces, eq(workspaces.id, people.workspaceId))
    .where(eq(people.id, personId));
  return row ?? null;
}

/** The person a coordinator named, if they have ever been seen in this workspace. */
export async function findPerson(db: Db, workspaceId: string, platformUserId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.workspaceId, workspaceId), eq(people.platformUserId, platformUserId)));
  return row?.id ?? null;
}
