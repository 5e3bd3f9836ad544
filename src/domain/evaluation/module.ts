import { recordAudit } from '../audit/record-audit.js';
import { capability } from '../capability.js';
import { sendFiles } from '../exports/csv-file.js';
import { requireProgram } from '../programs/require-program.js';
import { evaluationDataset } from './evaluation-dataset.js';
import { programSecret } from './pseudonyms.js';
import { retentionSweep } from './retention-sweep.js';

export const WITH_TEXT = 'free-text';

/**
 * The evaluators' side of the program's records: `/mentor export evaluation [free-text]`, a
 * pseudonymised data set, and the retention sweep that, once people are past the program's
 * retention, keeps of them only what that data set holds.
 */
export default capability({
  name: 'evaluation',
  order: 61,
  commands: (deps) => [
    {
      path: ['export', 'evaluation'],
      summary: 'Pseudonymised data set for evaluators, as CSV files by DM (`free-text` adds scrubbed typed answers)',
      access: 'coordinator',
      args: [{ name: 'include', type: 'choice', choices: [WITH_TEXT], description: 'add typed answers, scrubbed of names, mentions, emails and phone numbers', optional: true }],
      async run(ctx, args) {
        const { program, programId } = requireProgram(ctx, deps.catalog);
        const now = ctx.clock.now();
        const withText = args.include === WITH_TEXT;
        const files = await evaluationDataset({
          db: ctx.db,
          catalog: deps.catalog,
          engine: deps.questionnaires(),
          program,
          programId,
          secret: await programSecret(ctx.db, programId, now),
          withText,
          now,
        });
        await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId, actorId: ctx.principal.personId, action: 'evaluation.export', details: { withText }, at: now });
        const text = withText ? ' Typed answers are included, scrubbed: read them before you share them.' : ' Typed answers are left out.';
        await sendFiles(ctx, {
          programId,
          what: `${program.name}: the pseudonymised evaluation data set. People and matches appear as pseudonyms that stay the same across exports; dates are days since each match started; categories fewer than five people share read “suppressed”. data-dictionary.csv explains every column.${text}`,
          files,
        });
      },
    },
  ],
  planners: (deps) => [retentionSweep(deps)],
});
