import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/** A matched pair in two time zones is asked every week at 10:00 their time, reminded once, and heard. */
describe('check-ins and meetings (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC; the workplace program checks in on Wednesdays at 10:00.
    // No surveys: the day-21 one, open in a DM, would make the typed replies below ask which question they answer.
    t = await createTestApp('pglite', { programFiles: [programVariant('examples/workplace.yaml', { surveys: [] })] });
    run = terminalRunner(t);
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-checkins-'));
    writeFileSync(join(dir, 'mentors.csv'), 'id,department,expertise,timezone,meeting_style\nnia,Engineering,Leadership,America/New_York,3\n');
    writeFileSync(join(dir, 'mentees.csv'), 'id,department,goals,timezone,meeting_style\ntom,Finance,Leadership,Europe/London,3\n');
    await run(`:coordinator carol\n:import mentors ${join(dir, 'mentors.csv')}\n:import mentees ${join(dir, 'mentees.csv')}\ncarol: /mentor match propose\ncarol: /mentor match approve all\n`);
  });
  afterAll(() => t.close());

  it('asks each member at 10:00 in their own time zone', async () => {
    const out = (await run(':advance 3d\n')).join('\n');
    expect(out).toContain('[dm tom] Time for your mentoring check-in. Your answers go to the program coordinators, not to your match.');
    expect(out).toContain('[dm nia] Time for your mentoring check-in.');
    const due = await rows(`select p.platform_user_id as who, to_char(r.due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due
      from questionnaire_runs r join people p on p.id = r.person_id where r.kind = 'checkin' order by who`);
    expect(due).toEqual([
      { who: 'nia', due: '2026-11-25 15:00' },
      { who: 'tom', due: '2026-11-25 10:00' },
    ]);
  });

  it('records the answers and a meeting, and reminds only who has not answered', async () => {
    const answered = (await run('tom: 4\ntom: 1\ntom: Good first chat\n')).join('\n');
    expect(answered).toContain('[ephemeral tom] Thank you: your check-in is recorded.');
    expect(await rows(`select source from match_meetings`)).toEqual([{ source: 'checkin' }]);
    const later = (await run(':advance 2d\n')).join('\n');
    expect(later).toContain('[dm nia] A reminder: your mentoring check-in is still waiting for you.');
    expect(later).not.toContain('[dm tom] A reminder');
  });

  it('expires an unanswered check-in when the next is due', async () => {
    await run(':advance 6d\n');
    const runs = await rows(`select p.platform_user_id as who, r.status from questionnaire_runs r join people p on p.id = r.person_id
      where r.kind = 'checkin' order by r.created_at, who`);
    // Tom's is asked at 10:00 UTC, Nia's at 10:00 in New York (15:00 UTC).
    expect(runs).toEqual([
      { who: 'tom', status: 'done' },
      { who: 'nia', status: 'expired' },
      { who: 'tom', status: 'open' },
      { who: 'nia', status: 'open' },
    ]);
    const again = await run('nia: /mentor checkin\n');
    expect(again).toContain('[ephemeral nia] I have asked you your check-in in a direct message.');
  });

  it('records a meeting by command, refusing dates that cannot be', async () => {
    const out = await run('nia: /mentor met 2030-01-01\nnia: /mentor met 2026-11-20\nnia: /mentor met 2026-12-01 0\nnia: /mentor met 2026-12-01 45\ncarol: /mentor met\nnia: /mentor status\n');
    expect(out[0]).toBe('[ephemeral nia] 2030-01-01 is in the future: record a meeting once it has happened.');
    expect(out[1]).toBe('[ephemeral nia] 2026-11-20 is before your match started (2026-11-23).');
    expect(out[2]).toContain('Minutes must be a whole number from 1 to 600, got 0. Nothing was recorded.');
    expect(out[3]).toBe('[ephemeral nia] Recorded: you met @tom on 2026-12-01 for 45 minutes. Thank you!');
    expect(out[4]).toBe('[ephemeral carol] You have no active match to record a meeting for.');
    expect(out.join('\n')).toContain('Check-ins: Last meeting: 2026-12-01. Next check-in: 2026-12-09 15:00 UTC.');
  });

  it('raises one alert for a low answer and one for missed check-ins, acknowledged and resolved', async () => {
    const low = (await run('tom: 1\ntom: 2\ntom: -\n')).join('\n');
    expect(low).toContain('[dm carol] Alert 1: @tom answered 1 of 5 to “How is your mentoring going?” in their check-in.');
    // Nia left her first two check-ins unanswered: the third's arrival raises the alert, once.
    const missed = (await run(':advance 7d\n')).join('\n');
    expect(missed).toContain('[dm carol] Alert 2: @nia has left 2 check-ins in a row unanswered.');
    const again = (await run(':advance 7d\n')).join('\n');
    expect(again).not.toContain('Alert 3');
    const out = await run('nia: /mentor alert list\ncarol: /mentor alert list\ncarol: /mentor alert ack 1\ncarol: /mentor alert ack 1\ncarol: /mentor alert resolve 1 ok\ncarol: /mentor alert resolve 1 "Called Tom; a rocky first month, on track now"\ncarol: /mentor alert list all\n');
    expect(out[0]).toContain('`/mentor alert list` is for coordinators only');
    expect(out).toContain('[ephemeral carol] 2 open alerts:');
    expect(out).toContain('[ephemeral carol] Alert 1 acknowledged: it is yours. Resolve it with a note when it is sorted.');
    expect(out).toContain('[ephemeral carol] Alert 1 was already acknowledged.');
    expect(out).toContain('[ephemeral carol] Please say in a few words what was done: the note is kept with the alert.');
    expect(out).toContain('[ephemeral carol] Alert 1 resolved.');
    expect(out.some((l) => l.includes('1. @tom answered 1 of 5') && l.includes('resolved: Called Tom; a rocky first month, on track now'))).toBe(true);
    const health = (await run('carol: /mentor matches\n')).join('\n');
    expect(health).toMatch(/1\. @nia \(mentor\) with @tom \(mentee\) since 2026-11-23 in #[\w-]+: needs attention \(1 open alert, coordinator contact overdue since 2026-11-25\); last met 2026-12-01; last check-in 2026-12-\d\d; next check-in 2026-12-\d\d/);
    await run('carol: /mentor alert resolve 2 "Spoke to Nia, she is back on it"\n');
    // Both were owed a coordinator contact since their second day; a late one clears it.
    const logged = await run('carol: /mentor contact log @nia call 20 Back on track\ncarol: /mentor contact log @tom message\n');
    expect(logged[0]).toMatch(/^\[ephemeral carol\] Logged: call with @nia on 2026-12-\d\d \(20 minutes\)\. Next contact due by 2027-01-\d\d\.$/);
    // No alert open, and they met 17 days ago: under the program's 21.
    expect((await run('carol: /mentor matches\n')).join('\n')).toContain('#mentoring-1-nia-tom: on track; last met 2026-12-01;');
    // A week more without meeting is over it: one alert for this quiet spell.
    const quiet = (await run(':advance 5d\n')).join('\n');
    expect(quiet).toContain('[dm carol] Alert 3: Match 1 has no meeting recorded since 2026-12-01 (21 days or more)');
    const later = (await run(':advance 3d\n')).join('\n');
    expect(later).not.toMatch(/Alert \d+: Match 1 has no meeting/);
    // Unacknowledged for two days, it goes to every coordinator again.
    expect(later).toContain('[dm carol] Nobody has acknowledged alert 3, raised 2026-12-22: Match 1 has no meeting recorded');
    expect((await run('carol: /mentor matches\n')).join('\n')).toMatch(/: needs attention \(2 open alerts, no meeting recorded for 25 days\); last met 2026-12-01;/);
    const audit = await rows(`select action from audit_log where action like 'alert.%' order by at`);
    expect(audit.map((a) => a.action)).toEqual(['alert.acknowledge', 'alert.resolve', 'alert.resolve']);
  });

  it('stops asking once the match has ended', async () => {
    await run('tom: /mentor privacy erase\ntom: 1\ntom: 2\n');
    const out = (await run(':advance 8d\n')).join('\n');
    expect(out).not.toContain('Time for your mentoring check-in');
    expect(await rows(`select * from schedules where kind = 'checkin'`)).toEqual([]);
  });
});
