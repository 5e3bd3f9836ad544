import type { CommandDef } from '../../core/bot.js';
import { capability } from '../capability.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { sendFiles } from './csv-file.js';
import { PROGRAM_EXPORTS, programExport, type ExportName } from './program-exports.js';

const WHAT: Record<ExportName, string> = {
  matches: 'every match, its state and dates',
  checkins: 'every check-in asked, its status and answers',
  surveys: 'every survey scale score',
  contacts: 'every coordinator contact logged',
};

function exportCommand(catalog: ProgramCatalog, name: ExportName): CommandDef {
  return {
    path: ['export', name],
    summary: `A CSV file of ${WHAT[name]} (by direct message)`,
    access: 'coordinator',
    args: [],
    async run(ctx) {
      const { program, programId } = requireProgram(ctx, catalog);
      const file = await programExport(ctx.db, program, programId, name, ctx.clock.now());
      await sendFiles(ctx, { programId, what: `${program.name}: ${WHAT[name]}, as CSV.`, files: [file] });
    },
  };
}

/** `/mentor export <what>`: coordinators' CSV files of the program's records (work plans add `export plans`). */
export default capability({
  name: 'exports',
  order: 60,
  commands: ({ catalog }) => (Object.keys(PROGRAM_EXPORTS) as ExportName[]).map((name) => exportCommand(catalog, name)),
});
