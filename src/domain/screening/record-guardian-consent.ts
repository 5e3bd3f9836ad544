import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { updateApplication } from '../intake/application-store.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { checklistFor, findApplicant, ticked } from './find-applicant.js';
import { mention, rich } from '../../core/render.js';

export const GUARDIAN_CONSENT_METHODS = ['form', 'email', 'phone', 'in-person'] as const;

/** `/mentor guardian <person> <how> <date> <guardian>`: who consented for a minor, when and how. */
export function guardianCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['guardian'],
    summary: 'Record a parent or guardian’s consent for a young applicant',
    access: 'coordinator',
    args: [
      { name: 'person', type: 'user', description: 'the young applicant' },
      { name: 'how', type: 'choice', description: 'how consent was given', choices: GUARDIAN_CONSENT_METHODS },
      { name: 'date', type: 'date', description: 'when it was given' },
      { name: 'guardian', type: 'text', description: 'who gave it, e.g. "Sam Lee (mother)"' },
    ],
    async run(ctx, args) {
      const { app, user, program } = await findApplicant(ctx, catalog, String(args.person));
      if (!app.needsGuardianConsent) throw new UserError(rich`${mention(user)} does not need a guardian’s consent. Nothing was changed.`, 'not_needed');
      const now = ctx.clock.now();
      // One record, one step: the checklist's guardian item is ticked by the same command.
      const items = checklistFor(program, app).filter((c) => c.guardianConsent);
      const checklist = { ...ticked(app), ...Object.fromEntries(items.map((c) => [c.id, { by: ctx.principal.personId, at: now.toISOString() }])) };
      await updateApplication(ctx.db, app.id, { guardianName: String(args.guardian), guardianConsentHow: String(args.how), guardianConsentOn: String(args.date), guardianRecordedBy: ctx.principal.personId, checklist }, now);
      // The guardian's name is personal data: it stays on the application, not in the audit log.
      await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId: app.programId, actorId: ctx.principal.personId, subjectId: app.personId, action: 'guardian.consent', details: { how: args.how, on: args.date }, at: now });
      ctx.reply(rich`Recorded: a guardian consented for ${mention(user)} by ${String(args.how)} on ${String(args.date)}.`);
    },
  };
}
