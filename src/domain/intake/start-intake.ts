import { eq } from 'drizzle-orm';
import type { CommandDef, FlowHandler, HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { applications } from '../../db/schema/index.js';
import type { CapabilityDeps } from '../capability.js';
import { openPrompt, takeAnswer } from '../conversation/prompts.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { deleteRunsOf, latestRun, startRun } from '../questionnaires/run-store.js';
import { findApplication, type Application } from './application-store.js';
import { INTAKE, initialRole, reapplyRefusal } from './intake-questionnaire.js';

export const JOIN_FLOW = 'join';

const WAITING: Partial<Record<Application['state'], string>> = {
  submitted: 'Your application is with the coordinators, who will be in touch. `/mentor status` shows where it stands.',
  screening: 'Your application is being screened. `/mentor status` shows where it stands.',
  waitlisted: 'You are on the waiting list; we will message you as soon as a place opens.',
  approved: 'You have already been approved. `/mentor status` shows what happens next.',
};

/**
 * The person's application to a program, created if they have none. Two joins at once both
 * land here: the insert that loses waits for the winner and then finds its row.
 */
async function claimApplication(ctx: HandlerContext, program: ProgramDefinition, programId: string, now: Date): Promise<{ app: Application; fresh: boolean }> {
  const personId = ctx.principal.personId;
  const [inserted] = await ctx.db
    .insert(applications)
    .values({ programId, personId, role: initialRole(program), state: 'intake', createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { app: inserted, fresh: true };
  const app = await findApplication(ctx.db, programId, personId);
  if (!app) throw new Error('application vanished after a conflicting insert');
  return { app, fresh: false };
}

/** Starts (or resumes) an intake in one program and tells the person where to look. */
async function joinProgram(ctx: HandlerContext, deps: CapabilityDeps, slug: string, programId: string): Promise<void> {
  const program = deps.catalog.require(slug);
  const engine = deps.questionnaires();
  const now = ctx.clock.now();
  const claimed = await claimApplication(ctx, program, programId, now);
  const fresh = claimed.fresh;
  let app = claimed.app;
  if (!fresh && !['intake', 'withdrawn', 'rejected'].includes(app.state)) {
    ctx.reply(WAITING[app.state] ?? 'You have already applied.');
    return;
  }
  const only = initialRole(program);
  const refusal = app.state === 'rejected' && only ? reapplyRefusal(program, app, only, now) : null;
  if (refusal) throw new UserError(refusal, 'reapply_too_soon');
  const running = fresh ? null : await latestRun(ctx.db, { kind: INTAKE, subjectId: app.id, status: 'open' });
  if (running && app.state === 'intake') {
    await engine.ask(ctx, running, 'Welcome back! Picking up where you stopped.');
    ctx.reply('Welcome back: I have sent you a direct message to carry on where you stopped.');
    return;
  }
  if (!fresh) {
    // A withdrawn or refused application (or an intake whose run was lost) starts over, keeping
    // nothing but when and for which role it was last refused.
    await deleteRunsOf(ctx.db, app.id);
    [app] = await ctx.db
      .update(applications)
      .set({ role: initialRole(program), state: 'intake', consentVersion: null, consentedAt: null, needsGuardianConsent: false, checklist: {}, decisionReason: null, decidedBy: null, decidedAt: null, submittedAt: null, updatedAt: now })
      .where(eq(applications.id, app.id))
      .returning() as [Application];
  }
  const run = await startRun(ctx.db, {
    kind: INTAKE,
    subjectType: 'application',
    subjectId: app.id,
    personId: app.personId,
    programId,
    definitionHash: deps.catalog.hashOf(slug),
    now,
  });
  await engine.ask(ctx, run);
  ctx.reply('Thanks for your interest! I have sent you a direct message to get started.');
}

/** `/mentor join`: starts an intake in a DM, asking which program first when several are open. */
export function joinCommand(deps: CapabilityDeps): CommandDef {
  return {
    path: ['join'],
    summary: 'Apply to join the program as a mentor or mentee',
    access: 'anyone',
    args: [],
    async run(ctx) {
      const { principal } = ctx;
      const programs = deps.catalog.all();
      if (principal.programNamed || programs.length === 1) {
        if (!principal.programId || !principal.programSlug) throw new UserError('No mentoring program is set up in this workspace yet.', 'no_program');
        return joinProgram(ctx, deps, principal.programSlug, principal.programId);
      }
      const prompt = await openPrompt(ctx.db, {
        personId: principal.personId,
        programId: null,
        flow: JOIN_FLOW,
        now: ctx.clock.now(),
        topic: 'Which program to join',
        spec: { kind: 'choice', question: 'Which program would you like to join?', choices: programs.map((p) => ({ value: p.definition.slug, label: p.definition.name })) },
      });
      ctx.reply({ text: `There are ${programs.length} mentoring programs here.`, prompt });
    },
  };
}

/** The answer to "which program?": join that one. */
export function joinFlow(deps: CapabilityDeps): FlowHandler {
  return {
    async onAction(ctx) {
      const { value } = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now: ctx.clock.now() });
      const slug = String(value);
      const programId = (await deps.programIds(ctx.db, ctx.principal.workspaceId, ctx.clock.now())).get(slug);
      if (!programId) throw new UserError('That program is no longer offered here.', 'no_program');
      await joinProgram(ctx, deps, slug, programId);
    },
  };
}
