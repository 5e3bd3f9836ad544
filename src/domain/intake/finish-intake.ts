import type { Services } from '../../core/bot.js';
import { mention, rich } from '../../core/render.js';
import { personHandle } from '../people/ensure-person.js';
import { setParticipation } from '../participants/participation-store.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { answersOfRun, dropAnswersOf, type Run } from '../questionnaires/run-store.js';
import { updateApplication, type Application } from './application-store.js';
import { unmetRules } from './evaluate-eligibility.js';
import { notifyCoordinators } from './notify-coordinators.js';
import { tellApplicant } from './tell-applicant.js';

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
  if (unmet.length > 0) {
    // Answers are not needed once someone cannot take part: keep only the outcome and why.
    await dropAnswersOf(db, app.id);
    await updateApplication(db, app.id, { state: 'rejected', decisionReason: `Not eligible: ${unmet.map((r) => r.id).join(', ')}`, decidedAt: now, submittedAt: now }, now);
    const contact = program.contact ? `\nIf you think this is a mistake, contact ${program.contact.coordinatorName} (${program.contact.how}).` : '';
    await tellApplicant(services, app, 'ineligible', `Thank you for applying to ${program.name}. We cannot go on with your application because:\n${unmet.map((r) => `- ${r.reason}`).join('\n')}${contact}`);
    return;
  }
  await updateApplication(db, app.id, { state: 'submitted', submittedAt: now }, now);
  await setParticipation(db, { programId: app.programId, personId: app.personId, role, state: 'applied', now });
  const checks = program.screening.checklist.filter((c) => !c.roles || (app.role && c.roles.includes(app.role)));
  const next = checks.length > 0 ? ` Next, a coordinator will screen it: ${checks.map((c) => c.label.toLowerCase()).join('; ')}.` : ' Next, a coordinator will review it.';
  const guardian = app.needsGuardianConsent ? ' Because you are under 18, a parent or guardian also needs to give consent; a coordinator will arrange this with you.' : '';
  await tellApplicant(services, app, 'submitted', `Thank you! Your application to ${program.name} as a ${app.role} is submitted.${next}${guardian} \`/mentor status\` shows where it stands.`);
  const who = await personHandle(db, app.personId);
  await notifyCoordinators(db, {
    programId: app.programId,
    key: `application:${app.id}:submitted`,
    text: rich`New ${app.role ?? 'mentee'} application from ${mention(who?.user ?? 'unknown')}. \`/mentor applications\` shows the queue.`,
    at: now,
  });
}
