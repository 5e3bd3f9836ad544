import { queryRows, sql, type Db } from '../../db/client.js';

/** Everything stored about a person, table by table, as plain rows (their own copy). */
export async function exportPersonalData(db: Db, personId: string): Promise<Record<string, unknown[]>> {
  const q = (query: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(db, query);
  return {
    profile: await q(sql`select platform_user_id, display_name, time_zone, created_at from people where id = ${personId}::uuid`),
    roles: await q(sql`select p.name as program, r.role, r.granted_at from program_roles r join programs p on p.id = r.program_id where r.person_id = ${personId}::uuid`),
    applications: await q(sql`select p.name as program, a.role, a.state, a.consent_version, a.consented_at, a.submitted_at, a.decision_reason,
        a.guardian_name, a.guardian_consent_how, a.guardian_consent_on, a.paused_at, a.paused_until
      from applications a join programs p on p.id = a.program_id where a.person_id = ${personId}::uuid`),
    answers: await q(sql`select i.question_id, i.value, i.answered_at from intake_answers i join applications a on a.id = i.application_id where a.person_id = ${personId}::uuid order by i.answered_at`),
    consent: await q(sql`select version, decision, at from consent_records where person_id = ${personId}::uuid order by at`),
    training: await q(sql`select module_id, at from training_records where person_id = ${personId}::uuid`),
  };
}
