import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { CapabilityDeps, CapabilityModule, PersonalColumn, PersonalData } from '../capability.js';

/** Every declaration of personal data across the modules. */
export function personalDataOf(modules: readonly CapabilityModule[]): PersonalData[] {
  return modules.flatMap((m) => m.personalData ?? []);
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/** Everything stored about a person, section by section, as plain rows (their own copy). */
export async function exportPersonalData(db: Db, data: readonly PersonalData[], personId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {
    profile: await queryRows(db, sql`select platform_user_id, display_name, time_zone, platform_time_zone, dm_channel, created_at from people where id = ${personId}::uuid`),
  };
  for (const d of data) if (d.export) out[d.title] = await d.export(db, personId);
  return out;
}

async function applyColumn(db: Db, c: PersonalColumn, personId: string): Promise<void> {
  if (c.erase === 'delete') await db.execute(sql`delete from ${ident(c.table)} where ${ident(c.column)} = ${personId}::uuid`);
  if (c.erase === 'clear') await db.execute(sql`update ${ident(c.table)} set ${ident(c.column)} = null where ${ident(c.column)} = ${personId}::uuid`);
}

/** The person row stays (records that must outlive them point at it) but no longer says who it was. */
async function forgetPerson(db: Db, personId: string, now: Date): Promise<void> {
  await db.execute(sql`update people set display_name = null, time_zone = null, platform_time_zone = null, dm_channel = null,
      platform_user_id = 'erased:' || id::text, erased_at = ${now.toISOString()}::timestamptz where id = ${personId}::uuid`);
}

/**
 * Erases a person in one transaction, as each module declared: rows deleted, references in
 * others' records cleared, records that must stay left pointing at a person row that no
 * longer says who it was.
 */
export async function erasePersonalData(db: Db, data: readonly PersonalData[], personId: string, now: Date): Promise<void> {
  for (const d of data) await d.erase?.(db, personId, now);
  for (const d of data) for (const c of d.columns) await applyColumn(db, c, personId);
  await forgetPerson(db, personId, now);
}

/**
 * The program's retention for a person whose matches closed long enough ago: like erasure,
 * except that data declared `retain` is kept as the evaluation export reads it (scores,
 * choices, dates, how matches ended) against the pseudonymised person row.
 */
export async function retainPersonalData(db: Db, deps: CapabilityDeps, personId: string, now: Date): Promise<void> {
  const data = deps.personalData();
  for (const d of data) {
    if (typeof d.retain === 'function') await d.retain(db, personId, now, deps);
    else if (d.retain === undefined) await d.erase?.(db, personId, now);
  }
  for (const d of data) if (d.retain === undefined) for (const c of d.columns) await applyColumn(db, c, personId);
  await forgetPerson(db, personId, now);
}
