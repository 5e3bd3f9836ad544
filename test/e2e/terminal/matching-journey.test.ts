import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { approvalScript, intakeScript } from '../../support/intake-script.js';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/** From an approved pool to introduced pairs, as a coordinator and the pairs see it in the terminal. */
describe('matching and introductions (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const program = () => t.catalog.require('workplace');
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  const join = (user: string, role: 'mentor' | 'mentee', answers: Record<string, string>) =>
    intakeScript(program(), user, role, { department: role === 'mentor' ? '2' : '1', ...answers }) + approvalScript(program(), 'carol', user, role);

  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
    await run(':coordinator carol\n');
    // Leadership (2) and Communication (5) for mia; Technical skills (3) for noa.
    await run(join('max', 'mentor', { expertise: '2,5' }) + join('lea', 'mentor', { expertise: '3' }));
    await run(join('mia', 'mentee', { goals: '2,5' }) + join('noa', 'mentee', { goals: '3' }) + join('zoe', 'mentee', { goals: '1' }));
    await run(['max', 'lea'].map((m) => `carol: /mentor training record @${m} fundamentals\ncarol: /mentor training record @${m} boundaries\n`).join(''));
  });
  afterAll(() => t.close());

  it('refuses participants and bad input, changing nothing', async () => {
    const out = await run('mia: /mentor match propose\ncarol: /mentor match show\ncarol: /mentor match approve 1\ncarol: /mentor match capacity @mia 2\ncarol: /mentor match capacity @max 1.5\n');
    expect(out[0]).toContain('`/mentor match propose` is for coordinators only');
    expect(out[1]).toBe('[ephemeral carol] There is no open matching round. `/mentor match propose` makes one.');
    expect(out[2]).toBe('[ephemeral carol] There is no open matching round. `/mentor match propose` makes one.');
    expect(out[3]).toBe('[ephemeral carol] @mia is not an approved mentor of this program. Nothing was changed.');
    expect(out[4]).toContain('The capacity must be a whole number from 0 to 20, got 1.5.');
    expect(await rows('select * from match_rounds')).toHaveLength(0);
  });

  it('proposes the best pairing with why, and who is left', async () => {
    await run('carol: /mentor match capacity @max 1\ncarol: /mentor match capacity @lea 1\n');
    const out = (await run('carol: /mentor match propose\n')).join('\n');
    expect(out).toContain('Matching round 1: 2 pairs (2 awaiting your decision), 1 not matched.');
    expect(out).toMatch(/Pair \d, score [\d.]+: @max \(mentor\) with @mia \(mentee\)/);
    expect(out).toMatch(/Pair \d, score [\d.]+: @lea \(mentor\) with @noa \(mentee\)/);
    expect(out).toContain('@zoe (mentee):');
  });

  it('rejects a pair with a reason and solves again without it', async () => {
    const [pair] = await rows(`select p.number from match_proposals p join people m on m.id = p.mentor_id where m.platform_user_id = 'max'`);
    const out = await run(`carol: /mentor match reject ${String(pair!.number)}\ncarol: /mentor match reject ${String(pair!.number)} "they work in the same team"\n`);
    expect(out[0]).toContain('Missing <reason>');
    expect(out.at(-1)).toContain('rejected (they work in the same team); @max and @mia will not be proposed together again.');
    const audit = await rows(`select details from audit_log where action = 'match.reject'`);
    expect(audit).toHaveLength(1);
  });

  it('approves, opens a private channel, introduces the pair and records the agreement', async () => {
    const out = await run('carol: /mentor match approve all\n');
    const text = out.join('\n');
    expect(text).toMatch(/Approved \d of \d pairs\./);
    const channel = /\[#(mentoring-[\w-]+)\] \(private channel for @lea, @noa\)/.exec(text)?.[1];
    expect(channel).toBeDefined();
    expect(text).toContain(`[#${channel}] Welcome to your mentoring space, @lea (mentor) and @noa (mentee)!`);
    const [match] = await rows(`select state, started_on, planned_end_on, channel from matches m join people p on p.id = m.mentee_id where p.platform_user_id = 'noa'`);
    expect(match).toMatchObject({ state: 'active', started_on: '2026-11-23', planned_end_on: '2027-05-23', channel });
    // A second drain (a retry) opens nothing more.
    await t.app.drain();
    expect(await rows(`select * from matches where channel = '${channel}'`)).toHaveLength(1);
    const status = await run('noa: /mentor status\n');
    expect(status.join('\n')).toContain(`With @lea (your mentor) since 2026-11-23 in #${channel}.`);
    const matches = await run('carol: /mentor matches\n');
    expect(matches.join('\n')).toContain(`@lea (mentor) with @noa (mentee) since 2026-11-23 in #${channel}: too early to tell; last met not recorded`);
  });

  it('pairs by hand with warnings, and needs a reason to break a hard constraint', async () => {
    await run(join('ana', 'mentee', { goals: '2' }));
    const out = await run('carol: /mentor match capacity @max 3\ncarol: /mentor match pair @max @mia\ncarol: /mentor match exclude @ana @lea "family members"\ncarol: /mentor match suggest @ana\n');
    expect(out[1]).toContain('Not paired: this pair breaks a hard constraint: rejected in round 1 (they work in the same team). To pair them anyway, give your reason: `/mentor match pair @max @mia override <reason>`.');
    expect(out[2]).toBe('[ephemeral carol] @lea and @ana will never be proposed together. The open round was solved again: `/mentor match show`.');
    const suggested = out.slice(3).join('\n');
    expect(suggested).toContain('Best mentors for @ana:');
    expect(suggested).toMatch(/1\. @max, score/);
    expect(suggested).not.toContain('@lea');
    const override = await run('carol: /mentor match pair @max @mia override "coordinator knows best"\n');
    expect(override[0]).toContain('Paired @max (mentor) with @mia (mentee)');
    expect(override[0]).toContain('Overridden: rejected in round 1');
    expect(await rows(`select details->>'reason' as reason from audit_log where action = 'match.pair.override'`)).toEqual([{ reason: 'coordinator knows best' }]);
  });

  it('approves the round at once where the program trusts the solver', async () => {
    await t.restart({ programFiles: [programVariant('examples/workplace.yaml', { matching: { requireCoordinatorReview: false } })] });
    await run(join('kim', 'mentor', { expertise: '1' }) + 'carol: /mentor training record @kim fundamentals\ncarol: /mentor training record @kim boundaries\n');
    const out = (await run('carol: /mentor match propose\n')).join('\n');
    expect(out).toMatch(/^\[ephemeral carol\] Approved 1 of 1 pairs\.\n\[ephemeral carol\] Pair 1 approved: @\w+ and @ana are matched/);
    expect(out).toContain('Matching round 2: 1 pair (0 awaiting your decision), 1 not matched. Every pair is decided.');
    expect(out).toMatch(/\(private channel for @\w+, @ana\)/);
  });
});
