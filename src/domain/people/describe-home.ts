import { count, eq, ne, and } from 'drizzle-orm';
import type { Principal } from '../../core/bot.js';
import { message, type Message, type Section } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { applications, programRoles } from '../../db/schema/index.js';
import { describeStatus } from '../participants/show-status.js';
import type { ProgramCatalog } from '../programs/catalog.js';

/**
 * A person's home view (Slack's App Home): where they stand, and for coordinators the program
 * at a glance. Capabilities add their own lines as they land.
 */
export async function describeHome(db: Db, principal: Principal, catalog: ProgramCatalog, now: Date): Promise<Message> {
  const program = catalog.get(principal.programSlug);
  if (!program || !principal.programId) return message('No mentoring program is set up in this workspace yet.');
  const sections: Section[] = [{ title: 'You', text: await describeStatus(db, program, principal.programId, principal.personId, now) }];
  if (principal.roles.has('coordinator')) {
    const roles = await db
      .select({ role: programRoles.role, n: count() })
      .from(programRoles)
      .where(eq(programRoles.programId, principal.programId))
      .groupBy(programRoles.role);
    const queue = await db
      .select({ state: applications.state, n: count() })
      .from(applications)
      .where(and(eq(applications.programId, principal.programId), ne(applications.state, 'intake')))
      .groupBy(applications.state);
    const lines = [...roles.map((r) => `${r.role}s: ${Number(r.n)}`), ...queue.map((q) => `applications ${q.state}: ${Number(q.n)}`)];
    sections.push({ title: 'Program overview', text: lines.join('\n') || 'Nobody has joined yet.' });
  }
  sections.push({ title: 'Commands', text: 'Type `/mentor help` to see what you can do.' });
  return message(program.name, { sections });
}
