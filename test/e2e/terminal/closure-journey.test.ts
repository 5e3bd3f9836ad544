import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { forbiddenPairs, loadCandidates, pairKey } from '../../../src/domain/matching/pool.js';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

const EARLY = 'mentoring-2-ben-amy';

/**
 * Ending matches (issue 15) in the workplace example, two months long, without check-ins or
 * surveys (their DMs would make typed answers ask which question they answer): a participant
 * asks to end, the coordinator closes early with a reason, the exit interview, the closing post
 * acknowledged and the channel archived, a rematch after the waiting period, and the notices
 * four weeks and one week before a planned end.
 */
describe('closing matches (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const q = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  const text = async (script: string) => (await run(script)).join('\n');

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC.
    t = await createTestApp('pglite', { programFiles: [programVariant('examples/workplace.yaml', { surveys: [], checkins: undefined, matching: { durationMonths: 2, participantsAccept: false, mentorCapacity: 2, requireCoordinatorReview: true } })] });
    run = terminalRunner(t);
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-closure-'));
    writeFileSync(join(dir, 'mentors.csv'), 'id,department,expertise,timezone,meeting_style\nnia,Engineering,Leadership,Europe/London,3\nben,Operations,Leadership,Europe/London,3\n');
    writeFileSync(join(dir, 'mentees.csv'), 'id,department,goals,timezone,meeting_style\ntom,Finance,Leadership,Europe/London,3\namy,People and HR,Leadership,Europe/London,3\n');
    await run(`:coordinator carol\n:import mentors ${join(dir, 'mentors.csv')}\n:import mentees ${join(dir, 'mentees.csv')}\n`);
    await run('carol: /mentor match pair @nia @tom\ncarol: /mentor match pair @ben @amy\n');
    expect((await q(`select number, channel, planned_end_on::text as ends from matches order by number`)).map((m) => m.ends)).toEqual(['2027-01-23', '2027-01-23']);
  });
  afterAll(() => t.close());

  it('refuses anyone but a coordinator, an unknown match and an unknown reason, listing the valid ones', async () => {
    const out = await run('amy: /mentor match close 2 early moved\ncarol: /mentor match close 9 early moved\ncarol: /mentor match close 2 early "went abroad"\n');
    expect(out[0]).toMatch(/^\[ephemeral amy\] .*coordinator/);
    expect(out[1]).toBe('[ephemeral carol] There is no match 9. `/mentor match list` lists them.');
    expect(out[2]).toBe('[ephemeral carol] “went abroad” is not a closure reason of Workplace Mentoring Programme. Use one of: moved, schedules, “not a good fit”, “safety concern”, “program ended”, other (quote a reason of several words). Nothing was changed.');
    expect(await q(`select state from matches order by number`)).toEqual([{ state: 'active' }, { state: 'active' }]);
    expect(await q(`select * from audit_log where action like 'match.close%'`)).toEqual([]);
  });

  it('takes a participant’s request to end to the coordinator, asking why first', async () => {
    const asked = await text('amy: /mentor end\n');
    expect(asked).toContain('[ephemeral amy] I can pass your request to the coordinator, who will decide with you.');
    const out = await text('amy: Our schedules never line up\n');
    expect(out).toContain('[ephemeral amy] Thank you. I have passed your request to the program coordinator');
    expect(out).toContain('[dm carol] @amy (mentee) asks to end match 2 with @ben: “Our schedules never line up”. To close it: `/mentor match close 2 early <reason> [note]`.');
    expect(await text('zed: /mentor end now\n')).toContain('You have no match to end.');
  });

  it('closes early: exit interviews, the closing post, acknowledgements and the channel archived, all audited', async () => {
    const out = await run('carol: /mentor match close 2 early schedules Tried three times to find a slot\n');
    const all = out.join('\n');
    expect(out[0]).toBe('[ephemeral carol] Match 2 is closed (early: schedules). I have asked both members their exit interview, posted the closing message in their channel and am archiving it. To offer the mentee a new match after 14 days: `/mentor match rematch @person`.');
    expect(all).toContain('[dm ben] Your match in Workplace Mentoring Programme has closed. A few questions about how it went');
    expect(all).toContain('[dm amy] Your match in Workplace Mentoring Programme has closed.');
    expect(all).toContain(`[#${EARLY}] This mentoring match has now closed. Thank you both for the time and care you gave it.`);
    expect(all).toContain('Any contact after the match is up to both of you');
    expect(all).toContain(`[#${EARLY}] @amy, please confirm you have read the message above.`);
    const archived = out.indexOf(`[#${EARLY}] (channel archived: members can read it, nobody can post)`);
    expect(archived).toBeGreaterThan(out.findIndex((l) => l.startsWith(`[#${EARLY}] @amy, please confirm`)));
    expect(await q(`select c.type, c.reason, c.note, m.state, m.close_reason from match_closures c join matches m on m.id = c.match_id`)).toEqual([
      { type: 'early', reason: 'schedules', note: 'Tried three times to find a slot', state: 'closed', close_reason: 'schedules' },
    ]);
    const answered = await text(`amy: It helped me plan my career\namy: 2\namy: 2\namy #${EARLY}: 1\n`);
    expect(answered).toContain('[ephemeral amy] Thank you: your answers are recorded.');
    expect(answered).toContain('[ephemeral amy] Thank you. All the best for what comes next.');
    expect(await q(`select p.platform_user_id as who, cm.acknowledged_at is not null as ack from closure_members cm join people p on p.id = cm.person_id order by who`)).toEqual([
      { who: 'amy', ack: true },
      { who: 'ben', ack: false },
    ]);
    expect(await q(`select count(*)::int as n from run_answers a join questionnaire_runs r on r.id = a.run_id where r.kind = 'exit-interview'`)).toEqual([{ n: 3 }]);
    expect(await q(`select action, details from audit_log where action like 'match.%' and action <> 'match.pair' order by at`)).toEqual([
      { action: 'match.end_request', details: { match: 2 } },
      { action: 'match.close', details: { match: 2, type: 'early', reason: 'schedules', note: 'Tried three times to find a slot' } },
    ]);
    expect(await text('carol: /mentor match close 2 early moved\n')).toBe('[ephemeral carol] Match 2 has already ended. Nothing was changed.');
  });

  it('holds the mentee back until a coordinator agrees and the waiting period is over; the pair is never proposed again', async () => {
    const pool = async () => {
      const program = t.catalog.get('workplace')!;
      const [{ id }] = (await q(`select id from programs`)) as [{ id: string }];
      const all = await loadCandidates(t.database.db, program, id, t.clock.now());
      return { amy: all.mentees.find((c) => c.user === 'amy')?.unavailable, ben: all.mentors.find((c) => c.user === 'ben')?.unavailable, forbidden: await forbiddenPairs(t.database.db, id), id };
    };
    expect((await pool()).amy).toMatch(/^had a match end early on 2026-11-23/);
    expect((await pool()).ben).toBeNull();
    const out = await run('carol: /mentor match rematch @ben\ncarol: /mentor match rematch @tom\ncarol: /mentor match rematch @amy\ncarol: /mentor match rematch @amy\n');
    expect(out[0]).toContain('holds back only mentees after an early closure (`closure.rematchMentors` is off): @ben stays in the pool as before.');
    expect(out[1]).toBe('[ephemeral carol] @tom has no match that ended early: nothing to rematch. Nothing was changed.');
    expect(out[2]).toBe('[ephemeral carol] @amy can be proposed for a new match from 2026-12-07; I will tell them then. The pair that ended is never proposed again.');
    expect(out[3]).toContain('may already be matched again from 2026-12-07');
    expect((await pool()).amy).toBe('may be matched again from 2026-12-07');
    const later = await text(':advance 14d\n');
    expect(later).toContain('[dm amy] Good news: you can be matched again in Workplace Mentoring Programme.');
    const after = await pool();
    expect(after.amy).toBeNull();
    expect(after.ben).toBeNull();
    const [ben, amy] = (await q(`select id from people where platform_user_id in ('ben', 'amy') order by platform_user_id = 'amy'`)) as { id: string }[];
    expect(after.forbidden.get(pairKey(ben!.id, amy!.id))).toBe('were matched before');
    expect(await text('carol: /mentor match pair @ben @amy\n')).toContain('were matched before');
  });

  it('tells both members four weeks and one week before the planned end, with the guidance on endings', async () => {
    // 2026-12-07 now; match 1 ends 2027-01-23: four weeks before is 2026-12-26.
    const four = await text(':advance 20d\n');
    expect(four).toContain('[dm tom] Your match with @nia in Workplace Mentoring Programme is planned to end on 2027-01-23, in about four weeks.');
    expect(four).toContain('[dm nia] Your match with @tom in Workplace Mentoring Programme is planned to end on 2027-01-23, in about four weeks.');
    expect(four).toContain('Endings matter.');
    expect(four).not.toContain('one week');
    const one = await text(':advance 21d\n');
    expect(one).toContain('[dm tom] Your match with @nia in Workplace Mentoring Programme is planned to end on 2027-01-23, in about one week.');
    expect(one).not.toContain('four weeks');
    expect(await q(`select count(*)::int as n from outbox where idempotency_key like 'closure-ending:%'`)).toEqual([{ n: 4 }]);
    // Each member's record says which went, so nothing is sent again once the sent messages are swept (after 30 days).
    expect(await q(`select distinct ending_notice_days as days from match_members mm join matches m on m.id = mm.match_id where m.number = 1`)).toEqual([{ days: 7 }]);
    await q(`delete from outbox where idempotency_key like 'closure-ending:%'`);
    expect(await text(':advance 1h\n')).not.toContain('planned to end');
    const closed = await text('carol: /mentor match close 1 planned "program ended"\n');
    expect(closed).toContain('Match 1 is closed (planned: program ended).');
    expect(await text(':advance 14d\n')).not.toContain('planned to end');
  });

  it('erasing the mentor takes the closure note out of the coordinator’s audit entry too', async () => {
    const note = async () => (await q(`select details ->> 'note' as note from audit_log where action = 'match.close' and details ->> 'match' = '2'`))[0]?.note;
    expect(await note()).toBe('Tried three times to find a slot');
    expect(await text('carol: /mentor match exclude @ben @tom Ben manages Tom\n')).toContain('@ben');
    const excluded = async () => (await q(`select details ->> 'reason' as reason from audit_log where action = 'match.exclude'`))[0]?.reason;
    expect(await excluded()).toBe('Ben manages Tom');
    const out = await text('ben: /mentor privacy erase\n');
    expect(out).toContain('Erase your data?');
    // Ben's exit interview is open too: the bot asks which question “1” answers.
    expect(await text('ben: 1\nben: 2\n')).toContain('Your data has been erased.');
    expect(await note()).toBeNull();
    expect(await excluded()).toBeNull();
  });
});

/** With the program's surveys kept: its `match_close` survey follows a coordinator's close by itself. */
describe('a closed match gets the program’s match_close survey (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;

  beforeAll(async () => {
    t = await createTestApp('pglite', { programFiles: [programVariant('examples/workplace.yaml', { checkins: undefined })] });
    run = terminalRunner(t);
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-closure-survey-'));
    writeFileSync(join(dir, 'mentors.csv'), 'id,department,expertise,timezone,meeting_style\nnia,Engineering,Leadership,Europe/London,3\n');
    writeFileSync(join(dir, 'mentees.csv'), 'id,department,goals,timezone,meeting_style\ntom,Finance,Leadership,Europe/London,3\n');
    await run(`:coordinator carol\n:import mentors ${join(dir, 'mentors.csv')}\n:import mentees ${join(dir, 'mentees.csv')}\ncarol: /mentor match pair @nia @tom\n`);
  });
  afterAll(() => t.close());

  it('asks both members the exit interview at once and the “Looking back” survey the next day', async () => {
    const closed = (await run('carol: /mentor match close 1 planned "program ended"\n')).join('\n');
    expect(closed).toContain('[dm tom] Your match in Workplace Mentoring Programme has closed. A few questions about how it went');
    const out = (await run(':advance 1d\n')).join('\n');
    expect(out).toContain('[dm tom] Time for the “Looking back” survey (3 questions).');
    expect(out).toContain('[dm nia] Time for the “Looking back” survey (3 questions).');
  });
});
