import { count, eq } from 'drizzle-orm';
import type { Principal } from '../../core/bot.js';
import { message, type Message, type Section } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { programRoles } from '../../db/schema/index.js';
import type { ProgramCatalog } from '../programs/catalog.js';

/**
 * A person's home view (Slack's App Home, the terminal's status): where they stand, and for
 * coordinators the program at a glance. Capabilities add their own lines as they land.
 */
export async function describeHome(db: Db, principal: Principal, catalog: ProgramCatalog): Promise<Message> {
  const program = catalog.get(principal.programSlug);
  if (!program || !principal.programId) return message('No mentoring program is set up in this workspace yet.');
  const roles = [...principal.roles];
  const sections: Section[] = [
    {
      title: 'You',
      text: roles.length > 0 ? `You are ${roles.map((r) => `a ${r}`).join(' and ')} in this program.` : 'You have not joined yet.',
    },
  ];
  if (principal.roles.has('coordinator')) {
    const rows = await db
      .select({ role: programRoles.role, n: count() })
      .from(programRoles)
      .where(eq(programRoles.programId, principal.programId))
      .groupBy(programRoles.role);
    sections.push({
      title: 'Program overview',
      text: rows.length > 0 ? rows.map((r) => `${r.role}s: ${Number(r.n)}`).join('\n') : 'Nobody has a role yet.',
    });
  }
  sections.push({ title: 'Commands', text: 'Type `/mentor help` to see what you can do.' });
  return message(program.name, { sections });
}
