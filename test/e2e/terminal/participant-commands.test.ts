import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { approvalScript, intakeScript } from '../../support/intake-script.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

describe('participants and coordinators after intake (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const program = () => t.catalog.require('workplace');
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
    await run(':coordinator carol\n');
    await run(intakeScript(program(), 'mia', 'mentee', { current_role: 'Nurse', goals: '2,5' }) + approvalScript(program(), 'carol', 'mia', 'mentee'));
    await run(intakeScript(program(), 'max', 'mentor', { years_experience: '12' }));
    await run(intakeScript(program(), 'noa', 'mentee'));
  });
  afterAll(() => t.close());

  it('lists the queue by state', async () => {
    const out = await run('carol: /mentor applications\ncarol: /mentor applications approved\ncarol: /mentor applications later\n');
    // A list of two goes under its heading.
    expect(out).toContain('[ephemeral carol] submitted (2):');
    expect(out).toContain('[ephemeral carol] @max (mentor), submitted 2026-11-23');
    expect(out).toContain('[ephemeral carol] approved (1): @mia (mentee), submitted 2026-11-23');
    expect(out.at(-2)).toContain('“later” is not a valid state: use one of submitted, screening, waitlisted, approved, rejected, withdrawn.');
  });

  it('shows a coordinator every answer, marking the private ones', async () => {
    const out = (await run('carol: /mentor application @mia\n')).join('\n');
    expect(out).toContain('Application of @mia (mentee): approved');
    expect(out).toContain('What is your current role and team? Nurse');
    expect(out).toContain('What would you like to work on with a mentor? Leadership, Communication');
    expect(out).toMatch(/How confident do you feel about reaching those goals today\? 1 \(private\)/);
    expect(out).toContain('Consent: version 2026-01, 2026-11-23');
  });

  it('records mentor training and says when a mentor is ready', async () => {
    const out = await run('carol: /mentor training record @max juggling\ncarol: /mentor training record @mia fundamentals\ncarol: /mentor training record @max fundamentals\ncarol: /mentor training record @max boundaries\ncarol: /mentor training record @max boundaries\n');
    expect(out).toEqual([
      '[ephemeral carol] “juggling” is not a training module of this program. Modules: fundamentals, boundaries, coaching.',
      '[ephemeral carol] @mia has not applied as a mentor. Nothing was changed.',
      '[ephemeral carol] Recorded “Mentoring fundamentals” (2 h) for @max. Still required before matching: boundaries.',
      '[ephemeral carol] Recorded “Boundaries and safeguarding” (1 h) for @max. All required training is complete: ready to be matched once approved.',
      '[ephemeral carol] @max had already completed “Boundaries and safeguarding”; nothing changed.',
    ]);
  });

  it('waitlists and rejects with a reason the applicant is told', async () => {
    const out = await run('carol: /mentor waitlist @max\ncarol: /mentor waitlist @max "no mentees in finance yet"\ncarol: /mentor reject @noa "the programme is for staff only"\ncarol: /mentor reject @noa again\n');
    expect(out[0]).toContain('Missing <reason> (why (shown to the applicant)).');
    expect(out.join('\n')).toContain('[dm max] Your application to Workplace Mentoring Programme is on our waiting list for now: no mentees in finance yet. We will message you as soon as a place opens. If you have questions, contact Priya Shah, Mentoring Programme Coordinator: Send Priya');
    expect(out.join('\n')).toContain('[dm noa] Thank you for applying to Workplace Mentoring Programme. We are sorry, but we cannot accept your application: the programme is for staff only.');
    expect(out.at(-1)).toBe("[ephemeral carol] @noa's application is already refused, so it cannot be rejected. Nothing was changed.");
    const audit = await rows(`select action, details from audit_log where action in ('application.waitlist', 'application.reject')`);
    expect(audit).toHaveLength(2);
  });

  it('lets a participant see and change their answers', async () => {
    const out = await run('mia: /mentor profile\nmia: /mentor profile edit shoe_size\nmia: /mentor profile edit current_role\nmia: Ward sister\nmia: /mentor profile\n');
    expect(out).toContain('[ephemeral mia] current_role: What is your current role and team? Nurse [shown to your match]');
    expect(out.some((l) => l.startsWith('[ephemeral mia] “shoe_size” is not a question you can change.'))).toBe(true);
    expect(out).toContain('[ephemeral mia] Updated “current_role”.');
    expect(out).toContain('[ephemeral mia] current_role: What is your current role and team? Ward sister [shown to your match]');
  });

  it('pauses and resumes, telling coordinators', async () => {
    const out = await run('mia: /mentor resume\nmia: /mentor pause\nmia: /mentor status\nmia: /mentor resume\n');
    expect(out[0]).toBe('[ephemeral mia] You are not paused.');
    expect(out).toContain('[dm carol] @mia is taking a break.');
    expect(out.some((l) => l.endsWith('You are paused; `/mentor resume` to come back.'))).toBe(true);
    expect(out).toContain('[ephemeral mia] Welcome back!');
    expect(out).toContain('[dm carol] @mia is back from their break.');
  });

  it('asks again when the consent wording changes, and blocks until answered', async () => {
    await t.restart({ programFiles: ['test/fixtures/workplace-consent-v2.yaml'] });
    const out = await run('mia: /mentor status\nmia: /mentor profile\nmia: 1\nmia: /mentor status\n');
    expect(out[0]).toBe('[ephemeral mia] Our consent statement has changed (version 2026-06). I have sent it to you in a direct message; please answer it before we go on.');
    expect(out).toContain('[ephemeral mia] Please answer the updated consent question I sent you before we go on.');
    expect(out).toContain('[ephemeral mia] Thank you, your consent is recorded. Carry on where you were.');
    expect(out.at(-2)).toContain('You are approved as a mentee.');
    const consents = await rows(`select version, decision from consent_records c join people p on p.id = c.person_id where p.platform_user_id = 'mia' order by at`);
    expect(consents).toEqual([{ version: '2026-01', decision: 'accepted' }, { version: '2026-06', decision: 'accepted' }]);
  });

  it('asks before letting someone leave, and removes their role', async () => {
    const out = await run('mia: /mentor leave\nmia: 2\nmia: /mentor leave\nmia: 1\nmia: /mentor status\n');
    expect(out).toContain('[ephemeral mia] Do you really want to leave the program?');
    expect(out).toContain('[ephemeral mia] Glad you are staying!');
    expect(out).toContain('[dm carol] @mia has left the program.');
    expect(out.at(-1)).toBe('[ephemeral mia] You are not taking part in Workplace Mentoring Programme. `/mentor join` to apply.');
    expect(await rows(`select role from program_roles r join people p on p.id = r.person_id where p.platform_user_id = 'mia'`)).toEqual([]);
  });
});
