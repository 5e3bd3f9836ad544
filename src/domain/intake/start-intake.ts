import { eq } from 'drizzle-orm';
import type { CommandDef } from '../../core/bot.js';
import { applications } from '../../db/schema/index.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { findApplication, type Application } from './application-store.js';
import { initialRole } from './intake-steps.js';
import { sendCurrentStep } from './send-step.js';

const WAITING: Partial<Record<Application['state'], string>> = {
  submitted: 'Your application is with the coordinators, who will be in touch. `/mentor status` shows where it stands.',
  screening: 'Your application is being screened. `/mentor status` shows where it stands.',
  waitlisted: 'You are on the waiting list; we will message you as soon as a place opens.',
  approved: 'You have already been approved. `/mentor status` shows what happens next.',
  rejected: 'Your application was not accepted. If you would like to talk about it, please contact a coordinator.',
};

/** `/mentor join`: starts an intake in a DM, or picks it up where it stopped. */
export function joinCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['join'],
    summary: 'Apply to join the program as a mentor or mentee',
    access: 'anyone',
    args: [],
    async run(ctx) {
      const { program, programId } = requireProgram(ctx, catalog);
      const now = ctx.clock.now();
      const existing = await findApplication(ctx.db, programId, ctx.principal.personId);
      if (existing && existing.state !== 'intake' && existing.state !== 'withdrawn') {
        ctx.reply(WAITING[existing.state] ?? 'You have already applied.');
        return;
      }
      if (existing?.state === 'intake') {
        await sendCurrentStep(ctx, program, existing, 'Welcome back! Picking up where you stopped.');
        ctx.reply('Welcome back: I have sent you a direct message to carry on where you stopped.');
        return;
      }
      const fresh = { role: initialRole(program), state: 'intake' as const, step: 0, updatedAt: now };
      const [application] = existing
        ? await ctx.db.update(applications).set({ ...fresh, consentVersion: null, consentedAt: null, checklist: {}, decisionReason: null, decidedBy: null, decidedAt: null, submittedAt: null, pausedAt: null, pausedUntil: null }).where(eq(applications.id, existing.id)).returning()
        : await ctx.db.insert(applications).values({ ...fresh, programId, personId: ctx.principal.personId, createdAt: now }).returning();
      await sendCurrentStep(ctx, program, application!);
      ctx.reply('Thanks for your interest! I have sent you a direct message to get started.');
    },
  };
}
