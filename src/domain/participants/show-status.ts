import type { CommandDef } from '../../core/bot.js';
import { findApplication } from '../intake/application-store.js';
import { intakeSteps } from '../intake/intake-steps.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { missingTraining } from '../screening/describe-application.js';
import { requireProgram } from '../programs/require-program.js';

/** `/mentor status`: where I am and what happens next, in plain words. */
export function statusCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['status'],
    summary: 'Where you are in the program and what happens next',
    access: 'anyone',
    args: [],
    async run(ctx) {
      const { program, programId } = requireProgram(ctx, catalog);
      const app = await findApplication(ctx.db, programId, ctx.principal.personId);
      const paused = app?.pausedAt ? ` You are paused${app.pausedUntil ? ` until ${app.pausedUntil.toISOString().slice(0, 10)}` : ''}; \`/mentor resume\` to come back.` : '';
      if (!app || app.state === 'withdrawn') {
        ctx.reply(`You are not taking part in ${program.name}. \`/mentor join\` to apply.`);
        return;
      }
      const lines: Record<string, string> = {
        intake: `Your application is half done (step ${app.step + 1} of ${intakeSteps(program, app.role).length || '?'}). \`/mentor join\` picks it up where you stopped.`,
        submitted: 'Your application is submitted. Next, a coordinator will screen it.',
        screening: 'Your application is being screened by a coordinator.',
        waitlisted: `You are on the waiting list${app.decisionReason ? ` (${app.decisionReason})` : ''}. We will message you when a place opens.`,
        approved: `You are approved as a ${app.role}. Next, a coordinator will find you a match.`,
        rejected: `Your application was not accepted${app.decisionReason ? `: ${app.decisionReason}` : ''}.`,
      };
      let text = lines[app.state] ?? app.state;
      if (app.state === 'approved' && app.role === 'mentor') {
        const missing = await missingTraining(ctx.db, { program, programId, app });
        if (missing.length) text += ` Before matching, please complete your training: ${missing.join(', ')}.`;
      }
      ctx.reply(`${program.name}: ${text}${paused}`);
    },
  };
}
