import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { trainingRecords } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { findApplication } from '../intake/application-store.js';
import { findPerson } from '../people/ensure-person.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { missingTraining } from '../screening/describe-application.js';
import { mention, rich } from '../../core/render.js';

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
      const { program, programId } = requireProgram(ctx, catalog);
      const moduleId = String(args.module).toLowerCase();
      const module = program.training.modules.find((m) => m.id === moduleId);
      if (!module) {
        throw new UserError(`“${moduleId}” is not a training module of this program. Modules: ${program.training.modules.map((m) => m.id).join(', ') || 'none'}.`, 'bad_argument');
      }
      const user = String(args.person);
      const personId = await findPerson(ctx.db, ctx.principal.workspaceId, user);
      const app = personId ? await findApplication(ctx.db, programId, personId) : null;
      if (!personId || !app || app.role !== 'mentor') throw new UserError(rich`${mention(user)} has not applied as a mentor. Nothing was changed.`, 'not_mentor');
      const now = ctx.clock.now();
      const inserted = await ctx.db.insert(trainingRecords).values({ programId, personId, moduleId, recordedBy: ctx.principal.personId, at: now }).onConflictDoNothing().returning();
      if (inserted.length === 0) {
        ctx.reply(rich`${mention(user)} had already completed “${module.title}”; nothing changed.`);
        return;
      }
      await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, subjectId: personId, action: 'training.record', details: { module: moduleId }, at: now });
      const missing = await missingTraining(ctx.db, { program, programId, app });
      ctx.reply(rich`Recorded “${module.title}” (${module.hours} h) for ${mention(user)}. ${missing.length ? `Still required before matching: ${missing.join(', ')}.` : app.state === 'approved' ? 'All required training is complete: ready to be matched.' : 'All required training is complete: ready to be matched once approved.'}`);
    },
  };
}
