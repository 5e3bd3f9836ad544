import { and, eq, inArray } from 'drizzle-orm';
import type { Identity, Principal, ProgramHint } from '../../core/bot.js';
import type { InboundEvent } from '../../core/chat.js';
import type { Db } from '../../db/client.js';
import { applications, inboundEvents, programRoles, programs } from '../../db/schema/index.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { syncPrograms } from '../programs/sync-programs.js';
import { grantRole, rolesOf } from '../roles/grant-role.js';
import { ensurePerson, ensureWorkspace } from './ensure-person.js';

export interface PrincipalResolverOptions {
  catalog: ProgramCatalog;
  /** Platform user ids (optionally `platform:user`) made coordinators on first contact. */
  coordinators: readonly string[];
}

/**
 * Turns a platform identity into a principal: creates the workspace, its programs and the
 * person on first contact. Nothing is cached in memory: the event's transaction may roll back.
 */
export function createPrincipalResolver(options: PrincipalResolverOptions) {
  const { catalog } = options;

  function isBootstrapCoordinator(platform: string, user: string): boolean {
    return options.coordinators.some((c) => c === user || c === `${platform}:${user}`);
  }

  /**
   * The program a person means when nothing names one: the only program loaded, else the only
   * one they take part in (or coordinate), else the first loaded.
   */
  async function defaultProgram(db: Db, identity: Identity, ids: Map<string, string>): Promise<string | null> {
    if (ids.size <= 1) return ids.get(catalog.defaultSlug) ?? [...ids.values()][0] ?? null;
    const all = [...ids.values()];
    const mine = new Set([
      ...(await db.select({ id: applications.programId }).from(applications).where(and(eq(applications.personId, identity.personId), inArray(applications.programId, all)))).map((r) => r.id),
      ...(await db.select({ id: programRoles.programId }).from(programRoles).where(and(eq(programRoles.personId, identity.personId), inArray(programRoles.programId, all)))).map((r) => r.id),
    ]);
    if (mine.size === 1) return [...mine][0]!;
    return ids.get(catalog.defaultSlug) ?? null;
  }

  return {
    async identify(db: Db, event: InboundEvent, now: Date): Promise<Identity> {
      const workspaceId = await ensureWorkspace(db, event.actor.platform, event.actor.workspace);
      const personId = await ensurePerson(db, workspaceId, event.actor.user, event.actor.displayName);
      if (isBootstrapCoordinator(event.actor.platform, event.actor.user)) {
        for (const programId of (await syncPrograms(db, workspaceId, catalog, now)).values()) {
          await grantRole(db, { workspaceId, programId, personId, role: 'coordinator', actorId: null, at: now });
        }
      }
      return { workspaceId, personId };
    },

    async scope(db: Db, identity: Identity, hint: ProgramHint, now: Date): Promise<Principal> {
      const ids = await syncPrograms(db, identity.workspaceId, catalog, now);
      let programId: string | null = null;
      let named = false;
      if (hint.programSlug) {
        programId = ids.get(hint.programSlug) ?? null;
        named = programId !== null;
      } else if (hint.programId && [...ids.values()].includes(hint.programId)) {
        programId = hint.programId;
        named = true;
      }
      programId ??= await defaultProgram(db, identity, ids);
      const programSlug = [...ids.entries()].find(([, id]) => id === programId)?.[0] ?? null;
      const roles = programId ? await rolesOf(db, programId, identity.personId) : new Set<string>();
      return { ...identity, programId, programSlug, programNamed: named, roles };
    },

    async firstDelivery(db: Db, identity: Identity, event: InboundEvent, now: Date): Promise<boolean> {
      const rows = await db
        .insert(inboundEvents)
        .values({ workspaceId: identity.workspaceId, eventId: event.id, receivedAt: now })
        .onConflictDoNothing()
        .returning({ eventId: inboundEvents.eventId });
      return rows.length > 0;
    },

    /** The program rows of a workspace by slug (created on first contact). */
    programIds(db: Db, workspaceId: string, now: Date): Promise<Map<string, string>> {
      return syncPrograms(db, workspaceId, catalog, now);
    },

    async programOf(db: Db, programId: string): Promise<string | null> {
      const [row] = await db.select({ slug: programs.slug }).from(programs).where(eq(programs.id, programId));
      return row?.slug ?? null;
    },
  };
}

export type PrincipalResolver = ReturnType<typeof createPrincipalResolver>;
