import type { Principal } from '../../core/bot.js';
import type { InboundEvent } from '../../core/chat.js';
import type { Db } from '../../db/client.js';
import { inboundEvents } from '../../db/schema/index.js';
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
  function isBootstrapCoordinator(event: InboundEvent): boolean {
    const { platform, user } = event.actor;
    return options.coordinators.some((c) => c === user || c === `${platform}:${user}`);
  }

  return {
    async resolve(db: Db, event: InboundEvent, now: Date): Promise<Principal> {
      const workspaceId = await ensureWorkspace(db, event.actor.platform, event.actor.workspace);
      const personId = await ensurePerson(db, workspaceId, event.actor.user, event.actor.displayName);
      const programSlug = options.catalog.defaultSlug;
      const programId = (await syncPrograms(db, workspaceId, options.catalog, now)).get(programSlug) ?? null;
      if (programId && isBootstrapCoordinator(event)) {
        await grantRole(db, { workspaceId, programId, personId, role: 'coordinator', actorId: null, at: now });
      }
      const roles = programId ? await rolesOf(db, programId, personId) : new Set<string>();
      return { workspaceId, personId, programId, programSlug, roles };
    },

    async firstDelivery(db: Db, principal: Principal, event: InboundEvent, now: Date): Promise<boolean> {
      const rows = await db
        .insert(inboundEvents)
        .values({ workspaceId: principal.workspaceId, eventId: event.id, receivedAt: now })
        .onConflictDoNothing()
        .returning({ eventId: inboundEvents.eventId });
      return rows.length > 0;
    },
  };
}
