import { and, count, eq } from 'drizzle-orm';
import type { CommandDef } from '../../core/bot.js';
import { message, type Section } from '../../core/render.js';
import { programRoles } from '../../db/schema/index.js';
import type { ProgramCatalog } from './catalog.js';

/** `/mentor program`: what this program is and who to contact; coordinators also see counts. */
export function programCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['program'],
    summary: 'What this mentoring program is and who runs it',
    access: 'anyone',
    args: [],
    async run(ctx) {
      const program = catalog.require(ctx.principal.programSlug);
      const sections: Section[] = [];
      if (program.description) sections.push({ text: program.description });
      sections.push({ title: 'Roles', text: program.roles.join(', ') });
      if (program.contact) {
        sections.push({ title: 'Contact', text: `${program.contact.coordinatorName}: ${program.contact.how}` });
      }
      if (ctx.principal.roles.has('coordinator') && ctx.principal.programId) {
        const rows = await ctx.db
          .select({ role: programRoles.role, n: count() })
          .from(programRoles)
          .where(and(eq(programRoles.programId, ctx.principal.programId)))
          .groupBy(programRoles.role);
        const counts = rows.map((r) => `${r.role}: ${Number(r.n)}`).join(', ');
        sections.push({ title: 'People by role', text: counts || 'nobody yet' });
      }
      ctx.reply(message(`${program.name} (${program.audience})`, { sections }));
    },
  };
}
