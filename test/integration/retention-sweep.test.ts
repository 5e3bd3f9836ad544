import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../src/db/client.js';
import { peoplePastRetention } from '../../src/domain/evaluation/retention-sweep.js';
import { databaseKinds } from '../support/databases.js';
import { programVariant } from '../support/program-variant.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { terminalRunner } from '../support/terminal.js';

/**
 * Who the retention sweep takes, in the workplace example (two years after close): seven
 * pairs, their matches closed or not at chosen times, and each reason to keep someone.
 */
describe.each(databaseKinds())('who is past the program’s retention on %s', (kind) => {
  let t: TestApp;
  const q = <T = Record<string, unknown>>(query: string) => queryRows<T>(t.database.db, sql.raw(query));
  const due = async (at: string) =>
    (await peoplePastRetention(t.database.db, t.catalog, new Date(at), 100)).map((r) => r.id).sort();
  const idsOf = async (...users: string[]) =>
    (await q<{ id: string }>(`select id from people where platform_user_id in (${users.map((u) => `'${u}'`).join(', ')})`)).map((r) => r.id).sort();
  let pairs: { number: number; mentor: string; mentee: string }[];

  beforeAll(async () => {
    t = await createTestApp(kind, { programFiles: [programVariant('examples/workplace.yaml', { surveys: [], checkins: undefined, matching: { participantsAccept: false } })] });
    const run = terminalRunner(t);
    await run(':coordinator carol\n:import mentors examples/csv/mentors.csv\n:import mentees examples/csv/mentees.csv\ncarol: /mentor match propose\ncarol: /mentor match approve all\n');
    pairs = await q(`select m.number, r.platform_user_id as mentor, e.platform_user_id as mentee
      from matches m join people r on r.id = m.mentor_id join people e on e.id = m.mentee_id where m.state = 'active' order by m.number`);
    expect(pairs.length).toBeGreaterThanOrEqual(6);
    // Everyone's application last moved when they were approved, now (2026-11-23); every match closes in January 2027.
    await q(`update matches set state = 'closed', closed_at = '2027-01-10T12:00:00Z'`);
  });
  afterAll(() => t.close());

  it('takes nobody before two years have passed since the close, everyone matched after', async () => {
    expect(await due('2029-01-10T11:00:00Z')).toEqual([]);
    const matched = await q<{ id: string }>(`select distinct person_id as id from match_members`);
    expect(await due('2029-01-10T13:00:00Z')).toEqual(matched.map((m) => m.id).sort());
  });

  it('keeps whoever has a match still open or closed since, a coordinator, and anyone whose application moved since', async () => {
    // Mentees have one match each (mentors may have several): each case is one mentee.
    const [a, b, c, d, e] = pairs as [(typeof pairs)[0], (typeof pairs)[0], (typeof pairs)[0], (typeof pairs)[0], (typeof pairs)[0]];
    await q(`update matches set state = 'active', closed_at = null where number = ${a.number}`);
    await q(`update matches set closed_at = '2028-06-01T00:00:00Z' where number = ${b.number}`);
    await q(`insert into program_roles (program_id, person_id, role, granted_at)
      select m.program_id, m.mentee_id, 'coordinator', now() from matches m where m.number = ${c.number}`);
    await q(`update applications set updated_at = '2027-02-01T00:00:00Z' where person_id = (select mentee_id from matches where number = ${d.number})`);
    const kept = await idsOf(a.mentor, a.mentee, b.mentee, c.mentee, d.mentee);
    const taken = await due('2029-01-10T13:00:00Z');
    // The open match keeps its mentor too; an untouched pair still goes.
    expect(taken.filter((id) => kept.includes(id))).toEqual([]);
    expect(taken).toEqual(expect.arrayContaining(await idsOf(e.mentee)));
  });

  it('keeps everyone in a program without retention, and nobody already erased is taken again', async () => {
    const f = pairs[5]!;
    expect(await due('2029-01-10T13:00:00Z')).toEqual(expect.arrayContaining(await idsOf(f.mentee)));
    await q(`update people set erased_at = now() where platform_user_id = '${f.mentee}'`);
    expect(await due('2029-01-10T13:00:00Z')).not.toContain((await idsOf(f.mentee))[0]);
    await t.restart({ programFiles: [programVariant('examples/workplace.yaml', { surveys: [], checkins: undefined, retention: undefined })] });
    expect(await due('2040-01-01T00:00:00Z')).toEqual([]);
  });
});
