import { sql, type Db } from '../../src/db/client.js';

export interface ActiveMatchesSeed {
  workspaceId: string;
  programId: string;
  pairs: number;
  /** Platform user ids: mentors `<prefix>M<n>`, mentees `<prefix>E<n>`, n from 1; channels `<prefix>C<n>`. */
  prefix?: string;
  /** The people's own time zones, taken in turn (null: not answered). */
  zones?: readonly (string | null)[];
  /** Their platform profiles' time zones, taken in turn. */
  platformZones?: readonly (string | null)[];
  /** Match numbers start after this (numbers are unique per program). */
  numberFrom?: number;
  startedAt: Date;
}

/**
 * `pairs` active matches of approved participants, in a handful of set-based statements, for
 * tests and benches of what happens to many matches at once. Person k (mentors odd, mentees
 * even) gets the k-th zone of each list, cycling.
 */
export async function seedActiveMatches(db: Db, seed: ActiveMatchesSeed): Promise<void> {
  const prefix = seed.prefix ?? '';
  const at = seed.startedAt.toISOString();
  const zones = JSON.stringify(seed.zones ?? [null]);
  const platformZones = JSON.stringify(seed.platformZones ?? [null]);
  const from = seed.numberFrom ?? 0;
  await db.execute(sql`
    insert into people (workspace_id, platform_user_id, time_zone, platform_time_zone, created_at)
    select ${seed.workspaceId}::uuid, ${prefix} || r.letter || g,
      ${zones}::jsonb ->> ((2 * (g - 1) + r.k) % jsonb_array_length(${zones}::jsonb)),
      ${platformZones}::jsonb ->> ((2 * (g - 1) + r.k) % jsonb_array_length(${platformZones}::jsonb)),
      ${at}::timestamptz
    from generate_series(1, ${seed.pairs}::int) g, (values ('M', 0), ('E', 1)) r(letter, k)`);
  await db.execute(sql`
    insert into participations (program_id, person_id, role, state, created_at, updated_at)
    select ${seed.programId}::uuid, p.id, case when r.letter = 'M' then 'mentor' else 'mentee' end, 'approved', ${at}::timestamptz, ${at}::timestamptz
    from generate_series(1, ${seed.pairs}::int) g cross join (values ('M'), ('E')) r(letter)
    join people p on p.workspace_id = ${seed.workspaceId}::uuid and p.platform_user_id = ${prefix} || r.letter || g`);
  await db.execute(sql`
    insert into matches (program_id, number, mentor_id, mentee_id, state, approved_at, started_on, channel)
    select ${seed.programId}::uuid, ${from}::int + g, mt.id, me.id, 'active', ${at}::timestamptz, (${at}::timestamptz at time zone 'UTC')::date, ${prefix} || 'C' || g
    from generate_series(1, ${seed.pairs}::int) g
    join people mt on mt.workspace_id = ${seed.workspaceId}::uuid and mt.platform_user_id = ${prefix} || 'M' || g
    join people me on me.workspace_id = ${seed.workspaceId}::uuid and me.platform_user_id = ${prefix} || 'E' || g`);
  await db.execute(sql`
    insert into match_members (match_id, person_id, role, accepted_at)
    select m.id, x.person_id, x.role, ${at}::timestamptz
    from matches m, lateral (values (m.mentor_id, 'mentor'), (m.mentee_id, 'mentee')) x(person_id, role)
    where m.program_id = ${seed.programId}::uuid and m.number > ${from}::int and m.number <= ${from}::int + ${seed.pairs}::int`);
}
