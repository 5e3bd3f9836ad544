import type { Services } from '../../core/bot.js';
import { mention, rich } from '../../core/render.js';
import { personHandle } from '../people/ensure-person.js';
import { setParticipation } from '../participants/participation-store.js';
import type { EligibilityRule, ProgramDefinition } from '../programs/definition.js';
import { answersOfRun, dropAnswersOf, type Run } from '../questionnaires/run-store.js';
import { updateApplication, type Application } from './application-store.js';
import { unmetRules } from './evaluate-eligibility.js';
import { notifyCoordinators } from './notify-coordinators.js';
import { tellApplicant } from './tell-applicant.js';

/**
 * Someone who does not meet the program's rules: keep only the outcome and the reasons they
 * were given (answers are not needed once someone cannot take part), and tell them kindly.
 */
export async function declareIneligible(services: Pick<Services, 'db' | 'clock'>, program: ProgramDefinition, app: Application, unmet: readonly EligibilityRule[]): Promise<void> {
  const { db, clock } = services;
  const now = clock.now();
  await dropAnswersOf(db, app.id);
  const reasons = unmet.map((r) => r.reason);
  await updateApplication(db, app.id, { state: 'rejected', decisionReason: `not eligible: ${reasons.join(' ')}`, decidedAt: now, submittedAt: now, rejectedRole: app.role, rejectedAt: now }, now);
  const contact = program.contact ? `\nIf you think this is a mistake, contact ${program.contact.coordinatorName} (${program.contact.how}).` : '';
  const role = app.role ?? 'mentee';
  const again = reapplyHint(program, role);
  await tellApplicant(services, app, `ineligible:${now.getTime()}`, `Thank you for applying to ${program.name}. We cannot go on with your application because:\n${reasons.map((r) => `- ${r}`).join('\n')}${again}${contact}`);
}

function reapplyHint(program: ProgramDefinition, role: string): string {
  const others = program.roles.filter((r) => r !== role);
  const parts = others.map((r) => `as a ${r} now`);
  const days = program.eligibility.reapplyAfterDays;
  if (days !== undefined) parts.push(`as a ${role} again after ${days} days`);
  return parts.length > 0 ? `\nYou can apply ${parts.join(', or ')}, with \`/mentor join\`.` : '';
}

/**
 * The end of an intake: the program's eligibility rules decide between "submitted" (and the
 * coordinators are told) and a kind, specific "not eligible" that names each unmet rule.
 */
export async function finishIntake(services: Pick<Services, 'db' | 'clock'>, program: ProgramDefinition, app: Application, run: Run): Promise<void> {
  const { db, clock } = services;
  const now = clock.now();
  const answers = await answersOfRun(db, run.id);
  const role = app.role ?? 'mentee';
  const unmet = unmetRules(program, role, answers);
  if (unmet.length > 0) return declareIneligible(services, program, app, unmet);
  await updateApplication(db, app.id, { state: 'submitted', submittedAt: now }, now);
  await setParticipation(db, { programId: app.programId, personId: app.personId, role, state: 'applied', now });
  const checks = program.screening.checklist.filter((c) => !c.roles || (app.role && c.roles.includes(app.role)));
  const next = checks.length > 0 ? ` Next, a coordinator will screen it. What they check: ${checks.map((c) => c.label).join('; ')}.` : ' Next, a coordinator will review it.';
  const guardian = app.needsGuardianConsent ? ' Because you are under 18, a parent or guardian also needs to give consent; a coordinator will arrange this with you.' : '';
  await tellApplicant(services, app, 'submitted', `Thank you! Your application to ${program.name} as a ${app.role} is submitted.${next}${guardian} \`/mentor status\` shows where it stands.`);
  const who = await personHandle(db, app.personId);
  await notifyCoordinators(db, {
    programId: app.programId,
    key: `application:${app.id}:submitted`,
    text: rich`New ${app.role ?? 'mentee'} application from ${mention(who?.user ?? 'unknown')}. \`/mentor application list\` shows the queue.`,
    at: now,
  });
}
