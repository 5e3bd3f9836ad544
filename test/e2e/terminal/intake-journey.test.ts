import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { intakeSteps } from '../../../src/domain/intake/intake-questionnaire.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/** Lines that click "Continue" through every orientation page for a role. */
function throughOrientation(t: TestApp, user: string, role: 'mentor' | 'mentee'): string {
  const pages = intakeSteps(t.catalog.require(t.catalog.defaultSlug), role).filter((s) => s.key.startsWith('orientation:')).length;
  return `${user}: 1\n`.repeat(pages);
}

describe('intake journey in the terminal (workplace program)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = async (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
    await run(':coordinator carol\n');
  });
  afterAll(() => t.close());

  it('takes a mentee from join to approved, surviving a bad answer, a back, a restart and a pause of days', async () => {
    const first = await run(`bob: /mentor join\nbob: 2\n${throughOrientation(t, 'bob', 'mentee')}bob: 1\nbob: Analyst, Finance\nbob: 2\nbob: 1,3\nbob: 7\nbob: back\nbob: 1,4\nbob: 4\n`);
    expect(first[0]).toBe('[ephemeral bob] Thanks for your interest! I have sent you a direct message to get started.');
    expect(first).toContain('[dm bob] Choose a role');
    expect(first).toContain('[dm bob] Consent (version 2026-01)');
    expect(first).toContain('[ephemeral bob] Please answer with a number between 1 and 5.');
    // After `back`, the goals question is asked again.
    expect(first.filter((l) => l === '[dm bob] What would you like to work on with a mentor?')).toHaveLength(2);
    expect(first.at(-3)).toBe('[dm bob] How structured do you like meetings to be?');

    // A restart, then three days of silence: the intake picks up at the same question.
    await t.restart();
    const second = await run(':advance 3d\nbob: 2\nbob: London\nbob: soon\nbob: 2027-01-10\nbob: 1\nbob: skip\n');
    expect(second).toContain('[ephemeral bob] Please write the date as YYYY-MM-DD, for example 2027-01-15.');
    expect(second.join('\n')).toContain('[dm bob] Thank you! Your application to Workplace Mentoring Programme as a mentee is submitted.');
    expect(second).toContain('[dm carol] New mentee application from @bob. `/mentor application list` shows the queue.');
    const [answers] = await rows(`select count(*)::int as n from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') intake_answers`);
    expect(answers?.n).toBe(8);
    const [stored] = await rows(`select value from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') intake_answers where question_id = 'timezone'`);
    expect(stored?.value).toBe('Europe/London');

    const screening = await run('alice: /mentor approve @bob\ncarol: /mentor approve @bob\ncarol: /mentor check @bob references\ncarol: /mentor check @bob interview\ncarol: /mentor check @bob manager_informed\ncarol: /mentor approve @bob\n');
    expect(screening).toEqual([
      '[ephemeral alice] `/mentor application approve` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.',
      '[ephemeral carol] @bob cannot be approved yet: the screening checklist is incomplete (still to do: interview, manager_informed). Nothing was changed.',
      '[ephemeral carol] “references” is not on the screening checklist for a mentee. Items: interview, manager_informed.',
      '[ephemeral carol] Ticked “interview” for @bob. Still to do: manager_informed.',
      '[ephemeral carol] Ticked “manager_informed” for @bob. The checklist is complete.',
      "[ephemeral carol] @bob's application is now approved; they have been told in a direct message.",
      '[dm bob] Good news: your application to Workplace Mentoring Programme as a mentee has been approved! We will be in touch about your match. `/mentor status` shows what happens next.',
    ]);
    const audit = await rows(`select action from audit_log where action like 'application.%' or action like 'screening.%' order by at`);
    expect(audit.map((a) => a.action)).toEqual(['screening.check', 'screening.check', 'application.approve']);

    const after = await run('bob: /mentor status\nbob: /mentor pause until 2026-11-28\n:advance 3d\n');
    expect(after[0]).toBe('[ephemeral bob] Workplace Mentoring Programme: You are approved as a mentee.');
    expect(after).toContain('[dm bob] Your break from the mentoring program ends today. Welcome back! `/mentor status` shows where things stand.');
  });

  it('keeps nothing but the refusal when consent is declined', async () => {
    const out = await run(`dana: /mentor join\ndana: 2\n${throughOrientation(t, 'dana', 'mentee')}dana: 2\n`);
    expect(out.at(-1)).toBe('[dm dana] That is completely fine. We have stopped here and kept nothing except the fact that you declined. If you change your mind, `/mentor join` starts again.');
    const kept = await rows(`select a.id from applications a join people p on p.id = a.person_id where p.platform_user_id = 'dana'`);
    expect(kept).toHaveLength(0);
    const consents = await rows(`select c.decision, c.version from consent_records c join people p on p.id = c.person_id where p.platform_user_id = 'dana'`);
    expect(consents).toEqual([{ decision: 'declined', version: '2026-01' }]);
  });

  it('tells an ineligible applicant which rule and why, and drops their answers', async () => {
    const out = await run(`erin: /mentor join\nerin: 1\n${throughOrientation(t, 'erin', 'mentor')}erin: 1\nerin: Engineer\nerin: 1\nerin: 1\nerin: 1,2\nerin: 3\nerin: UTC\nerin: 2\nerin: 2\nerin: 1\n`);
    const text = out.join('\n');
    expect(text).toContain('[dm erin] Thank you for applying to Workplace Mentoring Programme. We cannot go on with your application because:');
    expect(text).toContain('[dm erin] - Mentors need at least two years of professional experience.');
    expect(text).toContain('[dm erin] - Mentor training is the most important part of preparing for the role');
    const [app] = await rows(`select a.state, (select count(*)::int from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') i where i.application_id = a.id) as answers from applications a join people p on p.id = a.person_id where p.platform_user_id = 'erin'`);
    expect(app).toEqual({ state: 'rejected', answers: 0 });
  });

  it('cancels an intake on request and drops the answers', async () => {
    const out = await run(`finn: /mentor join\nfinn: 2\n${throughOrientation(t, 'finn', 'mentee')}finn: 1\nfinn: Designer\nfinn: cancel\n`);
    expect(out.at(-1)).toBe('[dm finn] Your application is cancelled and your answers have been deleted. `/mentor join` starts again whenever you like.');
    expect(await rows(`select 1 from applications a join people p on p.id = a.person_id where p.platform_user_id = 'finn'`)).toHaveLength(0);
  });
});

describe('intake journey in the terminal (youth program)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  beforeAll(async () => {
    t = await createTestApp('pglite', { programFiles: ['examples/youth.yaml'] });
    run = terminalRunner(t);
    await run(':coordinator carol\n');
  });
  afterAll(() => t.close());

  it('stops politely under the minimum age and keeps nothing', async () => {
    const out = await run('kim: /mentor join\nkim: 2\nkim: 12\n');
    expect(out.at(-1)).toMatch(/^\[dm kim\] Thank you for wanting to join .*It is for young people aged 13 and over, so we cannot go on with your application\. Nothing you told us has been kept\.$/);
    const left = await queryRows<{ n: number }>(t.database.db, sql`select (select count(*)::int from applications) + (select count(*)::int from consent_records) + (select count(*)::int from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') intake_answers) as n`);
    expect(left[0]?.n).toBe(0);
  });

  it('asks for a guardian’s consent under the age of majority before approval', async () => {
    const program = t.catalog.require('youth');
    const answers: Record<string, string> = { age: '15', call_me: 'Lee', interests: '1', goals: '1', confidence: '3', timezone: 'Europe/London', anything_else: 'skip' };
    const lines = program.intake.mentee.filter((q) => q.id !== 'age').map((q) => `lee: ${answers[q.id] ?? (q.type === 'yes_no' ? '1' : q.type === 'scale' ? '3' : '1')}`).join('\n');
    // Youth programs ask the age right after the role.
    const out = await run(`lee: /mentor join\nlee: 2\nlee: ${answers.age}\n${throughOrientation(t, 'lee', 'mentee')}lee: 1\n${lines}\n`);
    expect(out.join('\n')).toContain('a parent or guardian also needs to give consent');
    const checks = program.screening.checklist.filter((c) => !c.roles || c.roles.includes('mentee')).map((c) => `carol: /mentor check @lee ${c.id}`).join('\n');
    const screening = await run(`${checks}\ncarol: /mentor approve @lee\ncarol: /mentor guardian @lee form 2026-11-20 "Sam Lee (mother)"\ncarol: /mentor approve @lee\n`);
    expect(screening).toContain('[ephemeral carol] @lee cannot be approved yet: a guardian’s consent has not been recorded (`/mentor guardian`). Nothing was changed.');
    expect(screening).toContain('[ephemeral carol] Recorded: a guardian consented for @lee by form on 2026-11-20.');
    expect(screening).toContain("[ephemeral carol] @lee's application is now approved; they have been told in a direct message.");
  });
});
