import { queryRows, sql, type Db } from '../../db/client.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { contactStatus, type ContactStatus } from './contact-schedule.js';

export interface MemberContact extends ContactStatus {
  matchNumber: number;
  personId: string;
  user: string;
  role: 'mentor' | 'mentee';
  coordinatorId: string | null;
}

/**
 * Each member of each active match with where they stand on the program's contact schedule:
 * one query for the matches and their contacts, the schedule worked out here.
 */
export async function memberContacts(db: Db, program: ProgramDefinition, programId: string, today: string): Promise<MemberContact[]> {
  const rows = await queryRows<{ number: number; started_on: string; person_id: string; user: string; role: 'mentor' | 'mentee'; coordinator_id: string | null; contacts: string[] | null }>(
    db,
    sql`select m.number, m.started_on::text, x.person_id, p.platform_user_id as user, x.role, m.coordinator_id,
          (select array_agg(c.contacted_on::text) from support_contacts c where c.person_id = x.person_id and c.program_id = m.program_id) as contacts
        from matches m
        cross join lateral (values (m.mentor_id, 'mentor'), (m.mentee_id, 'mentee')) as x(person_id, role)
        join people p on p.id = x.person_id and p.erased_at is null
        where m.program_id = ${programId}::uuid and m.state = 'active' and m.started_on is not null
        order by m.number, x.role`,
  );
  return rows.map((r) => ({
    matchNumber: r.number,
    personId: r.person_id,
    user: r.user,
    role: r.role,
    coordinatorId: r.coordinator_id,
    ...contactStatus(r.started_on, program.support, r.contacts ?? [], today),
  }));
}

/** Days before its due date that a contact shows as due. */
export const DUE_SOON_DAYS = 7;
