import { sql, type Db } from '../../db/client.js';

/**
 * Erases a person in one transaction: their answers, applications, roles, prompts and queued
 * messages go; consent records and coordinators' audit entries stay, pointing at a person row
 * that no longer says who it was.
 */
export async function erasePersonalData(db: Db, personId: string, now: Date): Promise<void> {
  const id = sql`${personId}::uuid`;
  await db.execute(sql`delete from applications where person_id = ${id}`);
  await db.execute(sql`delete from training_records where person_id = ${id}`);
  await db.execute(sql`delete from program_roles where person_id = ${id}`);
  await db.execute(sql`delete from prompts where person_id = ${id}`);
  await db.execute(sql`delete from reminders where person_id = ${id}`);
  await db.execute(sql`delete from outbox where person_id = ${id}`);
  await db.execute(sql`update audit_log set details = '{}'::jsonb where subject_id = ${id}`);
  await db.execute(sql`update people set display_name = null, time_zone = null,
      platform_user_id = 'erased:' || id::text, erased_at = ${now.toISOString()}::timestamptz where id = ${id}`);
}
