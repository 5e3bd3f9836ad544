import type { Platform } from '../../core/chat.js';
import type { Db } from '../../db/client.js';
import { eq } from 'drizzle-orm';
import { applications, mentorCapacities, people as peopleTable, trainingRecords } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { findApplication, recordConsent } from '../intake/application-store.js';
import { INTAKE, ROLE_ANSWER } from '../intake/intake-questionnaire.js';
import { setParticipation } from '../participants/participation-store.js';
import { ensurePerson, ensureWorkspace } from '../people/ensure-person.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ApplicantRole } from '../programs/definition.js';
import { syncPrograms } from '../programs/sync-programs.js';
import { closeRun, saveRunAnswer, startRun } from '../questionnaires/run-store.js';
import { readPeople } from './csv-people.js';
import { readCsv } from './csv-read.js';

export interface ImportResult {
  program: string;
  imported: string[];
  skipped: string[];
}

/**
 * Applicants from a spreadsheet (the `npm run match` format) as approved participants of the
 * first loaded program, for demos and trials: each id becomes a user of the workspace, their
 * answers an intake, their required training done, their `capacity` cell a coordinator's
 * capacity. Someone who already applied is left as they are. A bad file changes nothing: it
 * throws `CsvInputError` naming every bad row and column.
 */
export async function importApplicants(
  db: Db,
  input: { catalog: ProgramCatalog; platform: Platform; workspace: string; role: ApplicantRole; text: string; file: string; now: Date },
): Promise<ImportResult> {
  const { catalog, role, now } = input;
  const entry = catalog.all()[0];
  if (!entry) throw new Error('no program is loaded');
  const program = entry.definition;
  const people = readPeople(readCsv(input.text, input.file), program, role);
  const workspaceId = await ensureWorkspace(db, input.platform, input.workspace);
  const programId = (await syncPrograms(db, workspaceId, catalog, now)).get(program.slug)!;
  const result: ImportResult = { program: program.name, imported: [], skipped: [] };
  for (const person of people) {
    const personId = await ensurePerson(db, workspaceId, person.id);
    if (await findApplication(db, programId, personId)) {
      result.skipped.push(person.id);
      continue;
    }
    const [app] = await db
      .insert(applications)
      .values({ programId, personId, role, state: 'approved', consentVersion: program.consent.version, consentedAt: now, submittedAt: now, decidedAt: now, createdAt: now, updatedAt: now })
      .returning();
    await recordConsent(db, { programId, personId, version: program.consent.version, decision: 'accepted', at: now });
    await setParticipation(db, { programId, personId, role, state: 'approved', now });
    const run = await startRun(db, { kind: INTAKE, subjectType: 'application', subjectId: app!.id, personId, programId, definitionHash: catalog.hashOf(program.slug), now });
    await saveRunAnswer(db, { runId: run.id, questionId: ROLE_ANSWER, value: role, definitionHash: run.definitionHash, now });
    for (const [questionId, value] of person.answers) await saveRunAnswer(db, { runId: run.id, questionId, value, definitionHash: run.definitionHash, now });
    await closeRun(db, run.id, 'done', now);
    // As an answered intake does: the person's zone is where their check-ins are timed.
    const zone = program.intake[role].find((q) => q.type === 'timezone' && person.answers.has(q.id));
    if (zone) await db.update(peopleTable).set({ timeZone: String(person.answers.get(zone.id)) }).where(eq(peopleTable.id, personId));
    if (role === 'mentor') {
      const required = program.training.modules.filter((m) => m.required);
      if (required.length > 0) await db.insert(trainingRecords).values(required.map((m) => ({ programId, personId, moduleId: m.id, recordedBy: null, at: now })));
      if (person.capacity !== undefined) await db.insert(mentorCapacities).values({ programId, personId, capacity: person.capacity, setBy: null, setAt: now });
    }
    await recordAudit(db, { workspaceId, programId, actorId: null, subjectId: personId, action: 'application.import', details: { role, file: input.file, row: person.row }, at: now });
    result.imported.push(person.id);
  }
  return result;
}
