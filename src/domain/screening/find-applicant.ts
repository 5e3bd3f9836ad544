import type { HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { findApplication, type Application } from '../intake/application-store.js';
import { findPerson } from '../people/ensure-person.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { mention, rich } from '../../core/render.js';

export interface Applicant {
  program: ProgramDefinition;
  programId: string;
  app: Application;
  user: string;
}

/** The application of the person a coordinator named, or a reply saying why there is none. */
export async function findApplicant(ctx: HandlerContext, catalog: ProgramCatalog, user: string): Promise<Applicant> {
  const { program, programId } = requireProgram(ctx, catalog);
  const personId = await findPerson(ctx.db, ctx.principal.workspaceId, user);
  const app = personId ? await findApplication(ctx.db, programId, personId) : null;
  if (!app) throw new UserError(rich`${mention(user)} has not applied to this program. Nothing was changed.`, 'no_application');
  return { program, programId, app, user };
}

/** The checklist items that apply to this applicant: their role's, and guardian consent only if they need it. */
export function checklistFor(program: ProgramDefinition, app: Pick<Application, 'role' | 'needsGuardianConsent'>) {
  const { role } = app;
  return program.screening.checklist.filter(
    (c) => (!c.roles || (role !== null && c.roles.includes(role))) && (!c.guardianConsent || app.needsGuardianConsent),
  );
}

export function ticked(app: Application): Record<string, { by: string; at: string }> {
  return app.checklist as Record<string, { by: string; at: string }>;
}
