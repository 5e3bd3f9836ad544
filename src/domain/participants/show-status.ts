import type { CommandDef } from '../../core/bot.js';
import type { Db } from '../../db/client.js';
import { findApplication } from '../intake/application-store.js';
import { intakeSteps } from '../intake/intake-steps.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { requireProgram } from '../programs/require-program.js';
import { missingTraining } from '../screening/describe-application.js';

/** Where a person stands and what happens next, in plain words (status command and home view). */
export async function describeStatus(db: Db, program: ProgramDefinition, programId: string, personId: string, now: Date): Promise<string> {
  const app = await findApplication(db, programId, personId);
  if (!app || app.state === 'withdrawn') return `You are not taking part in ${program.name}. \`/mentor join\` to apply.`;
  const paused = app.pausedAt && (!app.pausedUntil || app.pausedUntil > now)
    ? ` You are paused${app.pausedUntil ? ` until ${app.pausedUntil.toISOString().slice(0, 10)}` : ''}; \`/mentor resume\` to come back.`
    : '';
  const lines: Record<string, string> = {
    intake: `Your application is half done (step ${app.step + 1} of ${intakeSteps(program, app.role).length}). \`/mentor join\` picks it up where you stopped.`,
    submitted: 'Your application is submitted. Next, a coordinator will screen it.',
    screening: 'Your application is being screened by a coordinator.',
    waitlisted: `You are on the waiting list${app.decisionReason ? ` (${app.decisionReason})` : ''}. We will message you when a place opens.`,
    approved: `You are approved as a ${app.role}. Next, a coordinator will find you a match.`,
    rejected: `Your application was not accepted${app.decisionReason ? `: ${app.decisionReason}` : ''}.`,
  };
  let text = lines[app.state] ?? app.state;
  if (app.state === 'approved' && app.role === 'mentor') {
    const missing = await missingTraining(db, { program, programId, app });
    if (missing.length) text += ` Before matching, please complete your training: ${missing.join(', ')}.`;
  }
  return `${program.name}: ${text}${paused}`;
}

/** `/mentor status`. */
export function statusCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['status'],
    summary: 'Where you are in the program and what happens next',
    access: 'anyone',
    args: [],
    async run(ctx) {
      const { program, programId } = requireProgram(ctx, catalog);
      ctx.reply(await describeStatus(ctx.db, program, programId, ctx.principal.personId, ctx.clock.now()));
    },
  };
}
