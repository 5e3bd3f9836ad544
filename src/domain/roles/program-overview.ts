import { and, count, eq, ne } from 'drizzle-orm';
import type { HomeSection } from '../capability.js';
import { applications, programRoles } from '../../db/schema/index.js';

/** Coordinators' home view: the program at a glance. */
export const programOverview: HomeSection = {
  order: 50,
  async describe({ db, principal, programId }) {
    if (!principal.roles.has('coordinator')) return null;
    const roles = await db
      .select({ role: programRoles.role, n: count() })
      .from(programRoles)
      .where(eq(programRoles.programId, programId))
      .groupBy(programRoles.role);
    const queue = await db
      .select({ state: applications.state, n: count() })
      .from(applications)
      .where(and(eq(applications.programId, programId), ne(applications.state, 'intake')))
      .groupBy(applications.state);
    const lines = [...roles.map((r) => `${r.role}s: ${Number(r.n)}`), ...queue.map((q) => `applications ${q.state}: ${Number(q.n)}`)];
    return { title: 'Program overview', text: lines.join('\n') || 'Nobody has joined yet.' };
  },
};
