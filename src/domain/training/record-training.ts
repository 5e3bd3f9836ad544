import { and, eq } from 'drizzle-orm';
import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { people, trainingRecords } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { findApplication } from '../intake/application-store.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { missingTraining } from '../screening/describe-application.js';

/** `/mentor training record <person> <module>`: a mentor is ready to match once required modules are done. */
export function trainingRecordCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['training', 'record'],
    summary: 'Record that a mentor completed a training module',
    access: 'coordinator',
    args: [
      { name: 'person', type: 'user', description: 'the mentor' },
      { name: 'module', type: 'word', description: 'training module id' },
    ],
    async run(ctx, args) {
      const program = catalog.get(ctx.principal.programSlug);
      const programId = ctx.principal.programId;
      if (!program || !programId) throw new UserError('No mentoring program is set up in this workspace yet.', 'no_program');
      const moduleId = String(args.module).toLowerCase();
      const module = program.training.modules.find((m) => m.id === moduleId);
      if (!module) {
        throw new UserError(`“${moduleId}” is not a training module of this program. Modules: ${program.training.modules.map((m) => m.id).join(', ') || 'none'}.`, 'bad_argument');
      }
      const user = String(args.person);
      const [person] = await ctx.db.select({ id: people.id }).from(people).where(and(eq(people.workspaceId, ctx.principal.workspaceId), eq(people.platformUserId, user)));
      const app = person ? await findApplication(ctx.db, programId, person.id) : null;
      if (!person || !app || app.role !== 'mentor') throw new UserError(`<@${user}> has not applied as a mentor. Nothing was changed.`, 'not_mentor');
      const now = ctx.clock.now();
      const inserted = await ctx.db.insert(trainingRecords).values({ programId, personId: person.id, moduleId, recordedBy: ctx.principal.personId, at: now }).onConflictDoNothing().returning();
      if (inserted.length === 0) {
        ctx.reply(`<@${user}> had already completed “${module.title}”; nothing changed.`);
        return;
      }
      await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, subjectId: person.id, action: 'training.record', details: { module: moduleId }, at: now });
      const missing = await missingTraining(ctx.db, { program, programId, app });
      ctx.reply(`Recorded “${module.title}” (${module.hours} h) for <@${user}>. ${missing.length ? `Still required before matching: ${missing.join(', ')}.` : 'All required training is complete: ready to match once approved.'}`);
    },
  };
}
