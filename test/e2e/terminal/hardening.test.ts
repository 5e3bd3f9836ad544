import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { approvalScript, intakeScript } from '../../support/intake-script.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

describe('what new users hit: the workplace program (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
    await run(':coordinator carol\n');
  });
  afterAll(() => t.close());

  it('lets someone not eligible as a mentor apply as a mentee at once, and as a mentor after the waiting period', async () => {
    const program = t.catalog.require('workplace');
    const out = await run(intakeScript(program, 'ivy', 'mentor', { years_experience: '1' }));
    const told = out.find((l) => l.includes('We cannot go on with your application'));
    expect(told).toBeDefined();
    const all = out.join('\n');
    expect(all).toContain('Mentors need at least two years of professional experience.');
    expect(all).toContain('You can apply as a mentee now, or as a mentor again after 90 days, with `/mentor join`.');
    expect(all).not.toContain('mentor_experience');
    expect((await run('ivy: /mentor status\n')).join('\n')).not.toContain('mentor_experience');

    // The same role is refused, with the date; the other role goes ahead.
    const again = await run('ivy: /mentor join\nivy: 1\n');
    expect(again.join('\n')).toContain('you can apply as a mentor again from 2027-02-21. You can apply as a mentee now.');
    const mentee = await run(intakeScript(program, 'ivy', 'mentee').split('\n').slice(1).join('\n'));
    expect(mentee.join('\n')).toContain('Your application to Workplace Mentoring Programme as a mentee is submitted.');
    expect(await rows(`select a.role, a.state from applications a join people p on p.id = a.person_id where p.platform_user_id = 'ivy'`)).toEqual([{ role: 'mentee', state: 'submitted' }]);
  });

  it('takes a typed yes on a confirmation', async () => {
    const program = t.catalog.require('workplace');
    await run(intakeScript(program, 'jo', 'mentee'));
    const out = await run('jo: /mentor leave\njo: yes\n');
    expect(out).toContain('[ephemeral jo] You have left the program. Thank you for taking part; `/mentor join` if you ever want to come back.');
  });

  it('refuses impossible dates and numbers written otherwise than with digits, saying why', async () => {
    const program = t.catalog.require('workplace');
    await run(intakeScript(program, 'kai', 'mentee') + approvalScript(program, 'carol', 'kai', 'mentee'));
    expect(await run('kai: /mentor pause until 2027-02-31\n')).toEqual([
      '[ephemeral kai] “2027-02-31” is not a date. February 2027 has 28 days, so 2027-02-31 is not a date.',
      '[ephemeral kai] Usage: `/mentor pause [until <date>]`',
    ]);
    const script = intakeScript(program, 'lu', 'mentor').split('\n');
    const experience = script.findIndex((l) => l === 'lu: 30');
    const out = await run(`${script.slice(0, experience).join('\n')}\nlu: 1e1\nlu: 0x10\n`);
    expect(out.filter((l) => l.includes('written with digits'))).toHaveLength(2);
  });

  it('counts what the person sees in status, and reads screening as sentences', async () => {
    expect((await run('mo: /mentor join\nmo: /mentor status\n')).at(-1)).toBe(
      '[ephemeral mo] Workplace Mentoring Programme: Your application is under way: choosing how to take part. `/mentor join` picks it up where you stopped.',
    );
    const program = t.catalog.require('workplace');
    const script = intakeScript(program, 'mo', 'mentee').split('\n').slice(1);
    const firstQuestion = script.findIndex((l) => l === 'mo: Something to say');
    await run(`${script.slice(0, firstQuestion).join('\n')}\n`);
    expect((await run('mo: /mentor status\n')).at(-1)).toContain('Your application is under way: at question 1 of 9.');
    expect(await run('carol: /mentor reject @mo too late\n')).toEqual([
      '[ephemeral carol] @mo\'s application is still being filled in, so it cannot be rejected. Nothing was changed.',
    ]);
    const submitted = await run(`${script.slice(firstQuestion).join('\n')}\n`);
    expect(submitted.join('\n')).toContain('Next, a coordinator will screen it. What they check: Conversation with the coordinator held; Line manager knows about the time commitment.');
  });

  it('lists help under its heading rather than running on from it', async () => {
    const out = await run('mo: /mentor help\n');
    expect(out.slice(0, 3)).toEqual(['[ephemeral mo] Mentoring bot commands', '[ephemeral mo] You can use:', '[ephemeral mo] `/mentor help [<subcommand>]`: Show what you can do here']);
  });

  it('says a mentor who is approved and trained is ready to be matched', async () => {
    const program = t.catalog.require('workplace');
    await run(intakeScript(program, 'ned', 'mentor', { years_experience: '12' }) + approvalScript(program, 'carol', 'ned', 'mentor').replace('carol: /mentor approve @ned\n', ''));
    await run('carol: /mentor training record @ned fundamentals\n');
    await run('carol: /mentor approve @ned\n');
    const out = await run('carol: /mentor training record @ned boundaries\n');
    expect(out.at(-1)).toContain('All required training is complete: ready to be matched.');
  });

  it('stores a NUL byte nowhere and answers instead of failing', async () => {
    const program = t.catalog.require('workplace');
    const script = intakeScript(program, 'nul', 'mentee').split('\n');
    const firstQuestion = script.findIndex((l) => l === 'nul: Something to say');
    const out = await run(`${script.slice(0, firstQuestion).join('\n')}\nnul: Ward\u0000 sister\n`);
    expect(out.join('\n')).not.toMatch(/went wrong/);
    expect(await rows(`select a.value from run_answers a join questionnaire_runs r on r.id = a.run_id join people p on p.id = r.person_id where p.platform_user_id = 'nul' and a.question_id = 'current_role'`)).toEqual([{ value: 'Ward sister' }]);
  });

  it('keeps an answered time zone as the person’s own', async () => {
    const program = t.catalog.require('workplace');
    await run(intakeScript(program, 'oz', 'mentee', { timezone: 'Kolkata' }));
    expect(await rows(`select time_zone from people where platform_user_id = 'oz'`)).toEqual([{ time_zone: 'Asia/Kolkata' }]);
  });
});

describe('what new users hit: the youth program (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  beforeAll(async () => {
    t = await createTestApp('pglite', { programFiles: ['examples/youth.yaml'] });
    run = terminalRunner(t);
  });
  afterAll(() => t.close());

  it('asks the age right after the role, before orientation and consent', async () => {
    const young = await run('pip: /mentor join\npip: 2\npip: 12\n');
    expect(young.join('\n')).not.toContain('About the program');
    expect(young.at(-1)).toContain('It is for young people aged 13 and over');
    const mentor = await run('rex: /mentor join\nrex: 1\nrex: 17\n');
    expect(mentor.join('\n')).not.toContain('About the program');
    expect(mentor.join('\n')).not.toContain('background check');
    expect(mentor.join('\n')).toContain('Mentors in Level Up are adults aged 18 or over.');
    const old = await run('sam: /mentor join\nsam: 2\nsam: 19\n');
    expect(old.join('\n')).toContain('Level Up is for young people up to 18.');
  });

  it('does not take 12.99 as an age', async () => {
    const out = await run('tia: /mentor join\ntia: 2\ntia: 12.99\n');
    expect(out.at(-1)).toBe('[ephemeral tia] Please give your age in whole years, like 15.');
  });

  it('takes guardian consent as one record and one step', async () => {
    const program = t.catalog.require('youth');
    await run(':coordinator sue\n');
    await run(intakeScript(program, 'una', 'mentee', { age: '15' }));
    expect((await run('sue: /mentor check @una guardian_consent\n')).at(-1)).toContain('Guardian consent is recorded with `/mentor guardian @una');
    await run('sue: /mentor check @una welcome_call\n');
    await run('sue: /mentor guardian @una form 2026-11-20 "Ann Lee (mother)"\n');
    const approved = await run('sue: /mentor approve @una\n');
    expect(approved.join('\n')).toContain("@una's application is now approved");
  });
});
