import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

const CHECKIN_QUESTIONS = [
  { id: 'how_going', type: 'scale', prompt: 'How is your mentoring going?' },
  { id: 'met', type: 'yes_no', prompt: 'Have you met since the last check-in?' },
  { id: 'working', type: 'single_choice', prompt: 'Is the match working for you?', options: ['It is working', 'Not sure yet', 'It is not working'] },
  { id: 'note', type: 'long_text', prompt: 'Anything the coordinator should know?', required: false },
];

/** The alert rules that read answers, a match's own coordinator, quiet hours, and the support commands' refusals. */
describe('match support (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC; check-ins on Wednesdays at 10:00 local.
    const program = programVariant('examples/workplace.yaml', {
      checkins: { questions: CHECKIN_QUESTIONS },
      support: { alerts: { notWorking: { question: 'working', answers: ['It is not working'] }, safeguardingWords: ['unsafe', 'hurt me'] } },
    });
    t = await createTestApp('pglite', { programFiles: [program] });
    run = terminalRunner(t);
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-support-'));
    writeFileSync(join(dir, 'mentors.csv'), 'id,department,expertise,timezone,meeting_style\nnia,Engineering,Leadership,America/New_York,3\n');
    writeFileSync(join(dir, 'mentees.csv'), 'id,department,goals,timezone,meeting_style\ntom,Finance,Leadership,Europe/London,3\n');
    await run(`:coordinator carol\n:coordinator dan\n:import mentors ${join(dir, 'mentors.csv')}\n:import mentees ${join(dir, 'mentees.csv')}\ncarol: /mentor match propose\ncarol: /mentor match approve all\n`);
  });
  afterAll(() => t.close());

  it('a check-in planned on time but delivered late, in the member’s night, waits for the morning', async () => {
    // The bot plans Wednesday's 10:00 check-ins but is down until 22:30 London time.
    const from = t.clock.now();
    await t.app.scheduler.advance(from, new Date('2026-11-25T10:00:00Z'));
    t.clock.set(new Date('2026-11-25T22:30:00Z'));
    const late = (await run(':advance 1m\n')).join('\n');
    expect(late).not.toContain('[dm tom] Time for your mentoring check-in');
    // Nia is in New York, where 17:30 is not quiet: she is asked now.
    expect(late).toContain('[dm nia] Time for your mentoring check-in');
    const morning = (await run(':advance 10h\n')).join('\n');
    expect(morning).toContain('[dm tom] Time for your mentoring check-in');
    const [asked] = await rows(`select to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at from questionnaire_runs r join people p on p.id = r.person_id where r.kind = 'checkin' and p.platform_user_id = 'tom'`);
    expect(asked).toEqual({ at: '2026-11-26 08:00' });
  });

  it('a match’s own coordinator gets its alerts; a safeguarding word goes to every coordinator', async () => {
    const refused = await run('carol: /mentor match assign 9 @dan\ncarol: /mentor match assign 1 @tom\nnia: /mentor match assign 1 @dan\n');
    expect(refused[0]).toBe('[ephemeral carol] There is no match 9. `/mentor match list` lists them.');
    expect(refused[1]).toBe('[ephemeral carol] @tom is not a coordinator of this program. Nothing was changed.');
    expect(refused[2]).toContain('is for coordinators only');
    expect(await run('carol: /mentor match assign 1 @dan\n')).toEqual(['[ephemeral carol] Match 1 is now looked after by @dan: its alerts go to them first.']);

    const out = (await run('tom: 4\ntom: 1\ntom: 3\ntom: I feel unsafe when we meet at the office\n')).join('\n');
    expect(out).toContain('[dm dan] Alert 1: @tom answered “It is not working” to “Is the match working for you?” in their check-in.');
    expect(out).not.toContain('[dm carol] Alert 1');
    expect(out).toContain('[dm carol] Alert 2: @tom used “unsafe”, a word on the safeguarding list, answering “Anything the coordinator should know?”: “I feel unsafe when we meet at the office” in their check-in.');
    expect(out).toContain('[dm dan] Alert 2: @tom used “unsafe”');
    const alerts = await rows(`select number, rule from match_alerts order by number`);
    expect(alerts).toEqual([
      { number: 1, rule: 'not_working' },
      { number: 2, rule: 'safeguarding' },
    ]);
  });

  it('a safeguarding word counts only as a whole word, in any case', async () => {
    // Nia's answers: “unsafely” is not “unsafe”; “Hurt Me” is the listed phrase.
    const out = (await run('nia: 5\nnia: 1\nnia: 1\nnia: He drove unsafely once\n')).join('\n');
    expect(out).not.toContain('safeguarding list');
    expect((await rows(`select count(*)::int as n from match_alerts`))[0]).toEqual({ n: 2 });
  });

  it('coordinators see the match-support counts at home', async () => {
    const out = (await run('carol: /mentor status\ntom: /mentor status\n')).join('\n');
    expect(out).toContain('1 active match: 0 on track, 1 needs attention, 0 too early to tell (`/mentor match list`).');
    expect(out).toContain('2 open alerts (`/mentor alert list`); 2 contacts due, 2 overdue (`/mentor contact due`).');
    expect(out).not.toMatch(/ephemeral tom\].*open alert/);
  });

  it('logging a contact refuses what it cannot record, and lists who is due', async () => {
    const out = await run(
      'nia: /mentor contact due\ncarol: /mentor contact log @zed call\ncarol: /mentor contact log @tom fax\ncarol: /mentor contact log @tom call 0\ncarol: /mentor contact log @tom call 20 Talked it through\ncarol: /mentor contact due\n',
    );
    expect(out[0]).toContain('is for coordinators only');
    expect(out).toContain('[ephemeral carol] @zed is not a participant of this program. Nothing was recorded.');
    expect(out.some((l) => l.includes('“fax”'))).toBe(true);
    expect(out).toContain('[ephemeral carol] Minutes must be a whole number from 1 to 600, got 0. Nothing was recorded.');
    const logged = out.findIndex((l) => l.startsWith('[ephemeral carol] Logged:'));
    expect(out[logged]).toBe('[ephemeral carol] Logged: call with @tom on 2026-11-26 (20 minutes). Next contact due by 2026-12-23.');
    expect(out.slice(logged + 1)).toEqual([
      '[ephemeral carol] 1 contact due or overdue (`/mentor contact log @person <how>` logs one):',
      '[ephemeral carol] @nia (mentor, match 1): overdue by 1 day (due 2026-11-25); last contact none yet',
    ]);
    expect(await rows(`select how, minutes, note, contacted_on::text as on from support_contacts`)).toEqual([{ how: 'call', minutes: 20, note: 'Talked it through', on: '2026-11-26' }]);
    expect((await rows(`select action from audit_log where action in ('contact.log', 'match.assign') order by at`)).map((r) => r.action)).toEqual(['match.assign', 'contact.log']);
  });
});
