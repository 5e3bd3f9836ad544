import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

const CHANNEL = '#mentoring-1-nia-tom';

/**
 * Issue 13's journey: three months of one pair, Tom in London and Nia in New York, on the
 * workplace program with its check-ins asked in the pair's channel (so a DM reply answers a
 * survey): weekly check-ins at 10:00 their time, a reminder, an expiry, a low answer and two
 * missed check-ins raising one alert each, acknowledged and resolved; the day-21 and quarterly
 * surveys with their scale means stored; the coordinator contact schedule going overdue and
 * satisfied by logged contacts.
 */
describe('three months of a match (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  const say = (user: string, where: string, values: (string | number)[]) => run(values.map((v) => `${user}${where}: ${v}\n`).join(''));
  const scores = () =>
    rows(`select p.platform_user_id as who, s.survey_id, s.occurrence, round(s.mean::numeric, 4)::float as mean
      from survey_scores s join people p on p.id = s.person_id order by s.created_at, who`);

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC: check-ins on Wednesdays at 10:00 local, surveys at 10:00 local.
    t = await createTestApp('pglite', { programFiles: [programVariant('examples/workplace.yaml', { checkins: { where: 'channel' } })] });
    run = terminalRunner(t);
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-three-months-'));
    writeFileSync(join(dir, 'mentors.csv'), 'id,department,expertise,timezone,meeting_style\nnia,Engineering,Leadership,America/New_York,3\n');
    writeFileSync(join(dir, 'mentees.csv'), 'id,department,goals,timezone,meeting_style\ntom,Finance,Leadership,Europe/London,3\n');
    await run(`:coordinator carol\n:import mentors ${join(dir, 'mentors.csv')}\n:import mentees ${join(dir, 'mentees.csv')}\ncarol: /mentor match propose\ncarol: /mentor match approve all\n`);
    // Both agree to the match agreement in their channel, as a pair does on day one.
    await run(`tom ${CHANNEL}: 1\nnia ${CHANNEL}: 1\n`);
  });
  afterAll(() => t.close());

  it('week 1: each is asked at 10:00 in their own time zone, and reminded once if silent', async () => {
    const out = (await run(':advance 3d\n')).join('\n');
    expect(out).toContain(`[${CHANNEL}] @tom, Time for your mentoring check-in. Your answers go to the program coordinators, not to your match.`);
    const asked = await rows(`select p.platform_user_id as who, to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at
      from questionnaire_runs r join people p on p.id = r.person_id where r.kind = 'checkin' order by r.created_at`);
    expect(asked).toEqual([
      { who: 'tom', at: '2026-11-25 10:00' },
      { who: 'nia', at: '2026-11-25 15:00' },
    ]);
    const answered = (await say('tom', ` ${CHANNEL}`, [4, 1, 'Good first chat'])).join('\n');
    expect(answered).toContain('Thank you: your check-in is recorded.');
    const reminded = (await run(':advance 2d\n')).join('\n');
    expect(reminded).toContain('[dm nia] A reminder: your mentoring check-in is still waiting for you.');
    expect(reminded).not.toContain('[dm tom] A reminder: your mentoring check-in');
  });

  it('the coordinator contact schedule goes overdue, and a logged contact satisfies it', async () => {
    const due = await run('carol: /mentor contact due\n');
    expect(due).toEqual([
      '[ephemeral carol] 2 contacts due or overdue (`/mentor contact log @person <how>` logs one):',
      '[ephemeral carol] @tom (mentee, match 1): overdue by 3 days (due 2026-11-25); last contact none yet',
      '[ephemeral carol] @nia (mentor, match 1): overdue by 3 days (due 2026-11-25); last contact none yet',
    ]);
    const logged = await run('carol: /mentor contact log @tom call 20 Settling in\ncarol: /mentor contact log @nia video 15\ncarol: /mentor contact due\n');
    expect(logged[0]).toBe('[ephemeral carol] Logged: call with @tom on 2026-11-28 (20 minutes). Next contact due by 2026-12-23.');
    expect(logged.at(-1)).toBe('[ephemeral carol] Nobody is due a contact in the next 7 days.');
  });

  it('week 2–3: an unanswered check-in expires, a low answer and two missed check-ins raise one alert each', async () => {
    const week2 = (await run(':advance 5d\n')).join('\n');
    expect(week2).toContain(`[${CHANNEL}] @tom, Time for your mentoring check-in.`);
    const low = (await say('tom', ` ${CHANNEL}`, [1, 2, '-'])).join('\n');
    expect(low).toContain('[dm carol] Alert 1: @tom answered 1 of 5 to “How is your mentoring going?” in their check-in.');
    const week3 = (await run(':advance 7d\n')).join('\n');
    expect(week3).toContain('[dm carol] Alert 2: @nia has left 2 check-ins in a row unanswered.');
    const statuses = await rows(`select p.platform_user_id as who, string_agg(r.status, ',' order by r.created_at) as runs
      from questionnaire_runs r join people p on p.id = r.person_id where r.kind = 'checkin' group by who order by who`);
    expect(statuses).toEqual([
      { who: 'nia', runs: 'expired,expired,open' },
      { who: 'tom', runs: 'done,done,open' },
    ]);
    const handled = await run('carol: /mentor alert ack 1\ncarol: /mentor alert resolve 1 "Called Tom: a rough week at work"\ncarol: /mentor alert resolve 2 "Nia was travelling"\ncarol: /mentor alert list\n');
    expect(handled).toContain('[ephemeral carol] Alert 1 resolved.');
    expect(handled).toContain('[ephemeral carol] Alert 2 resolved.');
    expect(handled.at(-1)).toBe('[ephemeral carol] No open alerts: every match is on track as far as check-ins tell.');
    expect((await rows(`select action from audit_log where action like 'alert.%' order by at`)).map((r) => r.action)).toEqual(['alert.acknowledge', 'alert.resolve', 'alert.resolve']);
  });

  it('day 21: the first-weeks survey arrives at 10:00 their time and its scale means are stored', async () => {
    const out = (await run(':advance 5d\n')).join('\n');
    expect(out).toContain('[dm tom] Time for the “Your first weeks” survey (7 questions). Your answers go to the program coordinators, not to your match.');
    expect(out).toContain('[dm nia] Time for the “Your first weeks” survey (7 questions).');
    const due = await rows(`select p.platform_user_id as who, to_char(r.due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due
      from questionnaire_runs r join people p on p.id = r.person_id where r.kind = 'survey' order by due`);
    expect(due).toEqual([
      { who: 'tom', due: '2026-12-14 10:00' },
      { who: 'nia', due: '2026-12-14 15:00' },
    ]);
    // Tom: 4, 3, awkward 2 (reads 4), 4, hard to meet 4 (reads 2), 4: a mean of 3.5.
    await say('tom', '', [4, 3, 2, 4, 4, 4, 'skip']);
    // Nia asks for it again, then answers 5s and 1s on the reversed items: a mean of 5.
    expect(await run('nia: /mentor checkin\n')).toContain('[ephemeral nia] I have asked you your check-in in your pair’s channel and your open survey in a direct message.');
    await say('nia', '', [5, 5, 1, 5, 1, 5, 'Going well']);
    expect(await scores()).toEqual([
      { who: 'nia', survey_id: 'first_weeks', occurrence: 'start', mean: 5 },
      { who: 'tom', survey_id: 'first_weeks', occurrence: 'start', mean: 3.5 },
    ]);
  });

  it('month 3: the quarterly survey arrives at 10:00 their time and its means are stored', async () => {
    // Keep the pair meeting and answering, so that the rest of the quarter is quiet.
    for (let week = 0; week < 10; week++) {
      await run(':advance 7d\n');
      await run(`tom #mentoring-1-nia-tom: /mentor met\n`);
    }
    const out = (await run(':advance 1d\n')).join('\n');
    const all = await rows(`select to_char(r.due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due, p.platform_user_id as who
      from questionnaire_runs r join survey_runs s on s.run_id = r.id join people p on p.id = r.person_id where s.survey_id = 'quarterly' order by due`);
    expect(all).toEqual([
      { due: '2027-02-23 10:00', who: 'tom' },
      { due: '2027-02-23 15:00', who: 'nia' },
    ]);
    expect(out).toContain('[dm tom] Time for the “Quarterly check” survey (7 questions). Your answers go to the program coordinators, not to your match.');
    await say('tom', '', [4, 4, 2, 4, 2, 4, 'skip']);
    await say('nia', '', [4, 4, 2, 4, 2, 4, 'skip']);
    expect((await scores()).slice(2)).toEqual([
      { who: 'nia', survey_id: 'quarterly', occurrence: '1', mean: 4 },
      { who: 'tom', survey_id: 'quarterly', occurrence: '1', mean: 4 },
    ]);
  });
});
