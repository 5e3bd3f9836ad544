import type { CommandDef, HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { assignApprovedMentors } from '../experiments/randomise.js';
import { stateInWords, updateApplication } from '../intake/application-store.js';
import { tellApplicant } from '../intake/tell-applicant.js';
import { setParticipation } from '../participants/participation-store.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { grantRole } from '../roles/grant-role.js';
import { checklistFor, findApplicant, ticked, type Applicant } from './find-applicant.js';
import { mention, rich } from '../../core/render.js';

type Decision = 'approve' | 'waitlist' | 'reject';
const OPEN_STATES = ['submitted', 'screening', 'waitlisted'];

/** Approval needs the whole checklist and, for a minor, a guardian's consent on record. */
function blockers(applicant: Applicant): string[] {
  const done = ticked(applicant.app);
  // A guardian item is the guardian's consent itself: said once, below, not as a checklist gap.
  const missing = checklistFor(applicant.program, applicant.app).filter((c) => !(c.id in done) && !c.guardianConsent).map((c) => c.id);
  const out = missing.length ? [`the screening checklist is incomplete (still to do: ${missing.join(', ')})`] : [];
  if (applicant.app.needsGuardianConsent && !applicant.app.guardianName) out.push('a guardian’s consent has not been recorded (`/mentor guardian`)');
  return out;
}

async function decide(ctx: HandlerContext, catalog: ProgramCatalog, decision: Decision, user: string, reason?: string): Promise<void> {
  const applicant = await findApplicant(ctx, catalog, user);
  const { app, program } = applicant;
  if (!OPEN_STATES.includes(app.state) || (decision === 'waitlist' && app.state === 'waitlisted')) {
    throw new UserError(rich`${mention(user)}'s application is ${stateInWords(app.state)}, so it cannot be ${decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'waitlisted'}. Nothing was changed.`, 'wrong_state');
  }
  if (decision === 'approve') {
    const blocked = blockers(applicant);
    if (blocked.length) throw new UserError(rich`${mention(user)} cannot be approved yet: ${blocked.join('; ')}. Nothing was changed.`, 'approval_blocked');
  }
  const now = ctx.clock.now();
  const state = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'waitlisted';
  await updateApplication(ctx.db, app.id, { state, decisionReason: reason ?? null, decidedBy: ctx.principal.personId, decidedAt: now, ...(decision === 'reject' ? { rejectedRole: app.role, rejectedAt: now } : {}) }, now);
  if (app.role) {
    const participation = { approve: 'approved', waitlist: 'applied', reject: 'left' } as const;
    await setParticipation(ctx.db, { programId: app.programId, personId: app.personId, role: app.role, state: participation[decision], now });
  }
  if (decision === 'approve' && app.role) {
    await grantRole(ctx.db, { workspaceId: ctx.principal.workspaceId, programId: app.programId, personId: app.personId, role: app.role, actorId: ctx.principal.personId, at: now });
  }
  await recordAudit(ctx.db, { workspaceId: ctx.principal.workspaceId, programId: app.programId, actorId: ctx.principal.personId, subjectId: app.personId, action: `application.${decision}`, details: reason ? { reason } : {}, at: now });
  // A mentor approved while a training experiment is open is randomised now, in this transaction.
  if (decision === 'approve' && app.role === 'mentor') await assignApprovedMentors(ctx.db, { programId: app.programId, now, approval: { personId: app.personId, actorId: ctx.principal.personId } });
  const contact = program.contact ? ` If you have questions, contact ${program.contact.coordinatorName}: ${program.contact.how}` : '';
  const texts: Record<Decision, string> = {
    approve: `Good news: your application to ${program.name} as a ${app.role} has been approved! We will be in touch about your match. \`/mentor status\` shows what happens next.`,
    waitlist: `Your application to ${program.name} is on our waiting list for now: ${reason}. We will message you as soon as a place opens.${contact}`,
    reject: `Thank you for applying to ${program.name}. We are sorry, but we cannot accept your application: ${reason}.${contact}`,
  };
  await tellApplicant(ctx, app, `decision:${decision}:${now.getTime()}`, texts[decision]);
  ctx.reply(rich`${mention(user)}'s application is now ${state}; they have been told in a direct message.`);
}

const person = { name: 'person', type: 'user', description: 'the applicant' } as const;
const reasonArg = { name: 'reason', type: 'text', description: 'why (shown to the applicant)' } as const;

export function decisionCommands(catalog: ProgramCatalog): CommandDef[] {
  return [
    { path: ['application', 'approve'], aliases: [['approve']], summary: 'Approve an application (checklist complete)', access: 'coordinator', args: [person], run: (ctx, a) => decide(ctx, catalog, 'approve', String(a.person)) },
    { path: ['application', 'waitlist'], aliases: [['waitlist']], summary: 'Put an application on the waiting list, with a reason', access: 'coordinator', args: [person, reasonArg], run: (ctx, a) => decide(ctx, catalog, 'waitlist', String(a.person), String(a.reason)) },
    { path: ['application', 'reject'], aliases: [['reject']], summary: 'Reject an application, with a reason', access: 'coordinator', args: [person, reasonArg], run: (ctx, a) => decide(ctx, catalog, 'reject', String(a.person), String(a.reason)) },
  ];
}
