import { and, eq } from 'drizzle-orm';
import { mention, message, type Message, rich, type Section } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { trainingRecords } from '../../db/schema/index.js';
import { answersOf } from '../intake/application-store.js';
import { formatAnswer } from '../questionnaires/validate-answer.js';
import { checklistFor, ticked, type Applicant } from './find-applicant.js';

/** Required training modules a mentor has not completed yet. */
export async function missingTraining(db: Db, applicant: Pick<Applicant, 'program' | 'programId' | 'app'>): Promise<string[]> {
  if (applicant.app.role !== 'mentor') return [];
  const done = await db
    .select({ moduleId: trainingRecords.moduleId })
    .from(trainingRecords)
    .where(and(eq(trainingRecords.programId, applicant.programId), eq(trainingRecords.personId, applicant.app.personId)));
  const have = new Set(done.map((d) => d.moduleId));
  return applicant.program.training.modules.filter((m) => m.required && !have.has(m.id)).map((m) => m.id);
}

/** What a coordinator sees when screening: private answers included, marked as such. */
export async function describeApplication(db: Db, applicant: Applicant): Promise<Message> {
  const { program, app, user } = applicant;
  const answers = await answersOf(db, app.id);
  const questions = app.role ? program.intake[app.role] : [];
  const sections: Section[] = [];
  sections.push({
    title: 'Answers',
    text:
      questions
        .filter((q) => answers.has(q.id))
        .map((q) => `${q.prompt} ${formatAnswer(q, answers.get(q.id))}${q.visibility === 'private' ? ' (private)' : ''}`)
        .join('\n') || 'none kept',
  });
  sections.push({ title: 'Consent', text: app.consentVersion ? `version ${app.consentVersion}, ${app.consentedAt?.toISOString().slice(0, 10)}` : 'not given' });
  if (app.needsGuardianConsent) {
    sections.push({
      title: 'Guardian consent',
      text: app.guardianName ? `given by ${app.guardianName} on ${app.guardianConsentOn} (${app.guardianConsentHow})` : 'needed, not yet recorded (`/mentor guardian`)',
    });
  }
  const done = ticked(app);
  const items = checklistFor(program, app);
  sections.push({ title: 'Screening checklist', text: items.map((c) => `${c.id in done ? '[x]' : '[ ]'} ${c.id}: ${c.label}`).join('\n') || 'nothing to check' });
  if (app.role === 'mentor' && program.training.modules.length > 0) {
    const missing = await missingTraining(db, applicant);
    sections.push({ title: 'Training', text: missing.length ? `still required: ${missing.join(', ')}` : 'all required modules complete' });
  }
  if (app.decisionReason) sections.push({ title: 'Decision', text: app.decisionReason });
  return message(rich`Application of ${mention(user)} (${app.role ?? 'no role yet'}): ${app.state}`, { sections });
}
