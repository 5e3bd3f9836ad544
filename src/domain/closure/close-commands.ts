import type { CommandDef } from '../../core/bot.js';
import { rich } from '../../core/render.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { matchByNumber } from '../matching/match-by-number.js';
import { closeMatch, closureReason } from './close-match.js';

/** `/mentor match close`: a coordinator decides how a match ends (planned or early, and why). */
export function closeCommand(catalog: ProgramCatalog, engine: () => QuestionnaireEngine): CommandDef {
  return {
    path: ['match', 'close'],
    aliases: [['close']],
    summary: 'Close a match, planned or early, with the program’s reason: exit interviews, a closing post, the channel archived',
    access: 'coordinator',
    args: [
      { name: 'match', type: 'number', description: 'the match number (`/mentor match list`)' },
      { name: 'type', type: 'choice', choices: ['planned', 'early'], description: 'planned (it ran its course) or early' },
      { name: 'reason', type: 'word', description: 'one of the program’s closure reasons (quote one of several words)' },
      { name: 'note', type: 'text', description: 'a note for the program’s records', optional: true },
    ],
    async run(ctx, args) {
      const { program, programId } = requireProgram(ctx, catalog);
      const match = await matchByNumber(ctx.db, programId, args.match);
      const reason = closureReason(program, String(args.reason));
      const note = args.note === undefined ? null : String(args.note).trim() || null;
      const type = String(args.type) === 'early' ? 'early' : 'planned';
      await closeMatch(ctx, { catalog, engine: engine(), program, match, workspaceId: ctx.principal.workspaceId, actorId: ctx.principal.personId, type, reason, note });
      const rematch = type === 'early'
        ? ` To offer the mentee${program.closure.rematchMentors ? ' (or the mentor)' : ''} a new match after ${program.closure.rematchAfterDays} days: \`/mentor match rematch @person\`.`
        : '';
      ctx.reply(rich`Match ${String(match.number)} is closed (${type}: ${reason}). I have asked both members their exit interview${match.channel ? ', posted the closing message in their channel and am archiving it' : ''}.${rematch}`);
    },
  };
}
