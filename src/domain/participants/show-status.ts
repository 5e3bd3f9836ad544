import type { CommandDef } from '../../core/bot.js';
import type { Db } from '../../db/client.js';
import { message, type Section } from '../../core/render.js';
import type { CapabilityDeps } from '../capability.js';
import { findApplication } from '../intake/application-store.js';
import { INTAKE } from '../intake/intake-questionnaire.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { requireProgram } from '../programs/require-program.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { latestRun } from '../questionnaires/run-store.js';
import { missingTraining } from '../screening/describe-application.js';
import { findParticipation, isPaused } from './participation-store.js';

/** The step of an intake as the person saw it ("Question 2 of 8", not an internal step count). */
function whereInIntake(key: string | null, text: unknown): string {
  if (key === 'role') return 'choosing how to take part';
  if (key === 'consent') return 'at the consent question';
  if (key?.startsWith('orientation:')) return `reading about the program (${String(text).replace('About the program ', 'page ').replace(/[()]/g, '')})`;
  if (key?.startsWith('q:') && typeof text === 'string' && text.startsWith('Question')) return `at ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  return 'answering the first questions';
}

/** Where a person stands and what happens next, in plain words (status command and home view). */
export async function describeStatus(
  input: { db: Db; engine: QuestionnaireEngine; clock: { now(): Date } },
  program: ProgramDefinition,
  programId: string,
  personId: string,
): Promise<string> {
  const { db } = input;
  const now = input.clock.now();
  const app = await findApplication(db, programId, personId);
  if (!app || app.state === 'withdrawn') return `You are not taking part in ${program.name}. \`/mentor join\` to apply.`;
  const participation = await findParticipation(db, programId, personId);
  const paused = isPaused(participation, now)
    ? ` You are paused${participation?.pausedUntil ? ` until ${participation.pausedUntil.toISOString().slice(0, 10)}` : ''}; \`/mentor resume\` to come back.`
    : '';
  let intake = 'Your application is half done. `/mentor join` picks it up where you stopped.';
  if (app.state === 'intake') {
    const run = await latestRun(db, { kind: INTAKE, subjectId: app.id, status: 'open' });
    if (run) {
      const at = await input.engine.position(input, run);
      intake = `Your application is under way: ${whereInIntake(at.step?.key ?? null, at.step?.text)}. \`/mentor join\` picks it up where you stopped.`;
    }
  }
  const lines: Record<string, string> = {
    intake,
    submitted: 'Your application is submitted. Next, a coordinator will screen it.',
    screening: 'Your application is being screened by a coordinator.',
    waitlisted: `You are on the waiting list${app.decisionReason ? ` (${app.decisionReason})` : ''}. We will message you when a place opens.`,
    approved: `You are approved as a ${app.role}.`,
    rejected: `Your application was not accepted${app.decisionReason ? ` (${app.decisionReason.replace(/\.$/, '')})` : ''}. \`/mentor join\` says when you can apply again.`,
  };
  let text = lines[app.state] ?? app.state;
  if (app.state === 'approved' && app.role === 'mentor') {
    const missing = await missingTraining(db, { program, programId, app });
    if (missing.length) text += ` Before matching, please complete your training: ${missing.join(', ')}.`;
  }
  return `${program.name}: ${text}${paused}`;
}

/** Where the participants' own section comes in the home view. */
export const STATUS_ORDER = 10;

/** `/mentor status`. */
export function statusCommand(deps: CapabilityDeps): CommandDef {
  return {
    path: ['status'],
    summary: 'Where you are in the program and what happens next',
    access: 'anyone',
    args: [],
    async run(ctx) {
      const { program, programId } = requireProgram(ctx, deps.catalog);
      const now = ctx.clock.now();
      const text = await describeStatus({ db: ctx.db, engine: deps.questionnaires(), clock: ctx.clock }, program, programId, ctx.principal.personId);
      // The other capabilities' parts of the home view (a match, check-ins) follow this one's.
      const sections: Section[] = [];
      // Sections from 100 on are the home view's footers (how to get help), not status.
      for (const s of deps.homeSections().filter((h) => h.order > STATUS_ORDER && h.order < 100)) {
        const section = await s.describe({ db: ctx.db, principal: ctx.principal, program, programId, now });
        if (section) sections.push(section);
      }
      ctx.reply(message(text, { sections }));
    },
  };
}
