import type { HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import type { ProgramCatalog } from '../programs/catalog.js';

export function requireProgram(ctx: HandlerContext, catalog: ProgramCatalog) {
  const program = catalog.get(ctx.principal.programSlug);
  if (!program || !ctx.principal.programId) throw new UserError('No mentoring program is set up in this workspace yet.', 'no_program');
  return { program, programId: ctx.principal.programId };
}
