import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/**
 * Two organisations over two quarters of the inter-organisational example: the plan drafted and
 * agreed, three monthly updates, an activity done by the expert organisation, a quarterly review
 * that revises the plan, the capacity-building indicator and its alert. The clock starts on
 * Monday 2026-11-23 09:00 UTC; both are in Toronto: check-ins on Tuesdays, updates on Thursdays,
 * at 10:00 there.
 */
describe('work plans over two quarters (terminal)', () => {
  let t: TestApp;
  let run: ReturnType<typeof terminalRunner>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  const say = async (...lines: string[]) => (await run(`${lines.join('\n')}\n`)).join('\n');
  const checkin = (who: string) => [`${who}: 4`, `${who}: 1`, `${who}: skip`];
  const CHANNEL = '#mentoring-1-tom-nia';

  beforeAll(async () => {
    t = await createTestApp('pglite', { programFiles: ['examples/inter-organisational.yaml'] });
    run = terminalRunner(t);
    await say(
      ':coordinator carol',
      ':import mentors examples/csv/partnership/mentors.csv',
      ':import mentees examples/csv/partnership/mentees.csv',
      'carol: /mentor match propose',
      'carol: /mentor match approve all',
      'nia: 1',
      'tom: 1',
      ':advance 1h',
      `nia ${CHANNEL}: 1`,
      `tom ${CHANNEL}: 1`,
    );
  });
  afterAll(() => t.close());

  it('opens a draft plan in the pair’s channel when the partnership starts', async () => {
    const plan = await say('nia: /mentor plan', 'carol: /mentor plan');
    expect(plan).toContain('[ephemeral nia] Work plan of partnership 1 (@nia, community organisation, with @tom, expert organisation): draft, version 1.');
    expect(plan).toContain('To be agreed by 2027-01-18.');
    expect(plan).toContain('[ephemeral carol] Name the partnership, e.g. `/mentor plan show 1`; `/mentor plans` lists them.');
    expect(await rows(`select state, draft_due_on::text as due from work_plans`)).toEqual([{ state: 'draft', due: '2027-01-18' }]);
  });

  it('drafts activities through the form, refusing a date that does not exist', async () => {
    const out = await say(
      'nia: /mentor plan add community',
      'nia: Logic model for the drop-in programme', 'nia: 2027-01-29', 'nia: A one-page logic model', 'nia: Staff can explain the model', 'nia: -',
      'tom: /mentor plan add together',
      'tom: Evaluation plan agreed', 'tom: 2027-02-26', 'tom: -', 'tom: -', 'tom: -',
      'tom: /mentor plan add expert',
      'tom: Survey of young people', 'tom: 2027-02-30', 'tom: Survey report', 'tom: 40 responses', 'tom: -',
      'tom: /mentor plan add expert',
      'tom: Survey of young people', 'tom: 2027-04-30', 'tom: Survey report', 'tom: 40 responses', 'tom: -',
      'carol: /mentor plan add expert',
    );
    expect(out).toContain(`[${CHANNEL}] @nia added activity 1 “Logic model for the drop-in programme” (the community organisation, due 2027-01-29).`);
    expect(out).toContain('[ephemeral tom] The due date: February 2027 has 28 days, so 2027-02-30 is not a date. Nothing was changed.');
    expect(out).toContain('[ephemeral carol] Only the two representatives change their work plan; coordinators can see it and its history.');
    const plan = await say('tom: /mentor plan');
    expect(plan).toContain('2. Milestone “Evaluation plan agreed”: led by both organisations together, due 2027-02-26. Status: not started.');
    expect(plan).toContain('3. “Survey of young people”: led by the expert organisation, due 2027-04-30; deliverable: Survey report; indicator: 40 responses. Status: not started.');
  });

  it('becomes active when both agree to the same version', async () => {
    const first = await say('nia: /mentor plan agree');
    expect(first).toContain('[ephemeral nia] You agreed to version 4 of the plan. It becomes active when your partner agrees to the same version');
    const both = await say('tom: /mentor plan agree', 'tom: /mentor plan agree');
    expect(both).toContain('[ephemeral tom] You agreed to version 4: the plan is active.');
    expect(both).toContain(`[${CHANNEL}] The work plan is active: both organisations agreed to version 4 (3 activities).`);
    expect(both).toContain('[ephemeral tom] You already agreed to version 4 of the plan.');
    // The draft's chase is called off: no reminder, no coordinator message at the deadline.
    expect(await rows(`select key from reminders where key like 'plan-draft:%'`)).toEqual([]);
  });

  it('asks each representative for a monthly update and posts its summary in the channel', async () => {
    await say(':advance 2d', ...checkin('nia'), ...checkin('tom'));
    const out = await say(
      ':advance 23d',
      'nia: Mapped our programme outcomes', 'nia: 1', 'nia: skip', 'nia: skip', 'nia: 2', 'nia: 1', 'nia: 1',
      'tom: Shared two logic model templates', 'tom: 1', 'tom: skip', 'tom: 2', 'tom: 2', 'tom: 1', 'tom: 2',
    );
    expect(out).toContain('[dm nia] Time for your monthly work-plan update for partnership 1. A summary of your answers is posted in #mentoring-1-tom-nia for your partner and the coordinator.');
    expect(out).toContain('[dm nia] Activity 1 “Logic model for the drop-in programme”: where does it stand?');
    expect(out).toContain(`[${CHANNEL}] Work-plan update from @nia (community organisation):`);
    expect(out).toContain(`[${CHANNEL}] What progress was made on the work-plan activities this month? Mapped our programme outcomes`);
    expect(out).toContain(`[${CHANNEL}] What support would help next month? Resources or templates`);
    expect(out).toContain(`[${CHANNEL}] 3. “Survey of young people”: in progress`);
    const due = await rows(`select p.platform_user_id as who, to_char(r.due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due, r.status
      from questionnaire_runs r join people p on p.id = r.person_id where r.kind = 'workplan-update' order by who`);
    expect(due).toEqual([
      { who: 'nia', due: '2026-12-17 15:00', status: 'done' },
      { who: 'tom', due: '2026-12-17 15:00', status: 'done' },
    ]);
    // Each side's home view (the status command, Slack's App Home) shows where the plan stands.
    const home = await say('nia: /mentor status', 'carol: /mentor status');
    expect(home).toContain('[ephemeral nia] Work plan:\n[ephemeral nia] Partnership 1: active; 0 of 3 activities done, 0 overdue (`/mentor plan`).');
    expect(home).toContain('[ephemeral nia] Next update: 2027-01-17 15:00 UTC.');
    expect(home).toContain('[ephemeral carol] Work plans: 1 partnership: 1 active, 0 draft, 0 in revision; 0 overdue activities; 0 where the expert organisation did most of the work last quarter (`/mentor plans`).');
  });

  it('records who did an activity marked done in an update, and reminds a missed update once', async () => {
    await say(':advance 7d', ...checkin('nia'), ...checkin('tom'));
    const out = await say(
      ':advance 24d',
      'tom: Finished the logic model for them', 'tom: 1', 'tom: skip', 'tom: skip', 'tom: 3', 'tom: 3', 'tom: 1', 'tom: 2',
    );
    expect(out).toContain(`[${CHANNEL}] 1. “Logic model for the drop-in programme”: done, by the expert organisation`);
    expect(await rows(`select status, done_by from work_plan_activities where number = 1`)).toEqual([{ status: 'done', done_by: 'expert' }]);
    const later = await say(':advance 4d');
    expect(later).toContain('[dm nia] A reminder: your work-plan update is still waiting for you (partnership 1, #mentoring-1-tom-nia).');
    expect(later).not.toContain('[dm tom] A reminder: your work-plan update');
    // Nia's activity 1 answer comes after Tom marked it done: the plan keeps his.
    await say('nia: Logic model done', 'nia: 1', 'nia: skip', 'nia: skip', 'nia: 2', 'nia: 2', 'nia: 4');
    expect(await rows(`select number, status from work_plan_activities order by number`)).toEqual([
      { number: 1, status: 'done' },
      { number: 2, status: 'in_progress' },
      { number: 3, status: 'blocked' },
    ]);
  });

  it('closes the quarter with its summary, and a review that says the plan no longer fits reopens it', async () => {
    await say(':advance 3d', ...checkin('nia'), ...checkin('tom'));
    await say(':advance 24d', 'nia: Started the evaluation plan', 'nia: 2', 'nia: Staff turnover', 'nia: skip', 'nia: 2', 'nia: 2', 'tom: Drafted the survey', 'tom: 1', 'tom: skip', 'tom: skip', 'tom: 2', 'tom: 2');
    const quarter = await say(':advance 5d', ':advance 6h');
    expect(quarter).toContain(`[${CHANNEL}] Quarter 1 of your work plan, 2026-11-23 to 2027-02-23: time to look back and ahead.`);
    expect(quarter).toContain(`[${CHANNEL}] Done: 1 activity done (0 by the community organisation, 0 together, 1 by the expert organisation); 1 was due this quarter.`);
    expect(quarter).toContain('[dm nia] Does the work plan still fit your organisation\'s situation?');
    const review = await say('nia: 2', 'nia: 2', 'nia: 5', 'nia: The survey should be ours to run', 'tom: 1', 'tom: 3', 'tom: 4', 'tom: skip');
    expect(review).toContain(`[${CHANNEL}] The quarter 1 review says the work plan no longer fits, so it is back in revision.`);
    expect(review).toMatch(/\[dm carol\] Alert \d+: @nia said in the quarter 1 review that the work plan of partnership 1 no longer fits \(“The survey should be ours to run”\)/);
    expect(await rows(`select state from work_plans`)).toEqual([{ state: 'revision' }]);
    // One done, by the expert organisation (0); "the mentor did it" 5 and 4 of 5 (0.125).
    expect(await rows(`select quarter, done, done_expert, doing_mean, round(indicator::numeric, 4)::float8 as indicator from work_plan_quarters`)).toEqual([
      { quarter: 1, done: 1, done_expert: 1, doing_mean: 4.5, indicator: 0.0625 },
    ]);
  });

  it('is changed with a reason, agreed again, and keeps every change in its history', async () => {
    await say(':advance 1d', ...checkin('nia'), ...checkin('tom'));
    const noReason = await say('nia: /mentor plan drop 3');
    expect(noReason).toContain('[ephemeral nia] Missing <reason> (why it is dropped (kept in the history)).');
    const out = await say(
      'nia: /mentor plan edit 3 led-by community', 'nia: Survey of young people', 'nia: 2027-05-14', 'nia: Survey report', 'nia: 40 responses', 'nia: We run it ourselves, with Tom alongside',
      'nia: /mentor plan agree', 'tom: /mentor plan agree', 'tom: /mentor plan history',
    );
    expect(out).toContain(`[${CHANNEL}] @nia changed activity 3 “Survey of young people” (who leads, due date).`);
    expect(out).toContain('[ephemeral tom] You agreed to version 5: the plan is active.');
    expect(out).toContain('@nia changed activity 3 “Survey of young people” (who leads, due date). Why: We run it ourselves, with Tom alongside');
    expect(out).toContain('mentorbot put the plan in revision: the quarter 1 review says it no longer fits.');
    expect(out).toContain('@tom marked activity 1 “Logic model for the drop-in programme” done, by the expert organisation. Why: monthly update');
  });

  it('raises a support alert when the expert organisation did most of the work two quarters running', async () => {
    const done = await say('tom: /mentor plan done 2 expert');
    expect(done).toContain('[ephemeral tom] Activity 2 “Evaluation plan agreed” is done, by the expert organisation. 1 activity is still open.');
    // Through the second quarter: updates and check-ins answered as they come.
    for (const [days, who] of [['21d', 'update'], ['7d', 'checkin'], ['24d', 'update'], ['7d', 'checkin'], ['23d', 'update']] as const) {
      const answers = who === 'checkin' ? [...checkin('nia'), ...checkin('tom')] : ['nia', 'tom'].flatMap((p) => [`${p}: Working on the survey`, `${p}: 1`, `${p}: skip`, `${p}: skip`, `${p}: 2`]);
      await say(`:advance ${days}`, ...answers);
    }
    const quarter = await say(':advance 6d', 'nia: 1', 'nia: 2', 'nia: 4', 'nia: skip', 'tom: 1', 'tom: 3', 'tom: 4', 'tom: skip');
    expect(quarter).toContain(`[${CHANNEL}] Quarter 2 of your work plan, 2027-02-23 to 2027-05-23: time to look back and ahead.`);
    expect(quarter).toMatch(/\[dm carol\] Alert \d+: In partnership 1 the expert organisation did most of the work 2 quarters running \(capacity-building indicator 6%, then 13%\)/);
    const list = await say('carol: /mentor plans');
    expect(list).toContain('[ephemeral carol] 1. @nia with @tom in #mentoring-1-tom-nia: active; 67% done (2 of 3); 1 overdue; last update 2027-05-17; capacity building 13% → (was 6%)');
  });

  it('sends the coordinator the plans, changes, updates and quarters as CSV files', async () => {
    const out = await say('carol: /mentor export plans', 'nia: /mentor plan export');
    expect(out).toContain('[ephemeral carol] I have sent you 4 CSV files in a direct message.');
    expect(out).toContain('[ephemeral nia] `/mentor export plans` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.');
    const plans = readFileSync(join(run.exportDir, 'work-plans-2027-05-23.csv'), 'utf8').trim().split('\n');
    expect(plans[0]).toBe('partnership,plan_state,plan_version,draft_due_on,agreed_at,activity,title,milestone,lead,due_on,deliverable,indicator,status,done_on,done_by');
    expect(plans).toHaveLength(4);
    expect(plans[3]).toContain('3,Survey of young people,no,community,2027-05-14,Survey report,40 responses,in_progress,,');
    const updates = readFileSync(join(run.exportDir, 'work-plan-updates-2027-05-23.csv'), 'utf8');
    expect(updates).toContain('partnership,submitted_at,from,activity_progress,milestones_met,barriers,support_needed,activity_statuses');
    expect(updates).toContain('1,2027-01-18T10:00:00.000Z,expert,Finished the logic model for them,Yes,,,1: done (expert); 2: not_started; 3: in_progress');
    const quarters = readFileSync(join(run.exportDir, 'work-plan-quarters-2027-05-23.csv'), 'utf8');
    expect(quarters).toContain('1,1,2026-11-23,2027-02-23,1,1,0,0,1,0,0,0,0,4.50,0.06');
    expect(quarters).toContain('1,2,2027-02-23,2027-05-23,2,1,0,0,1,1,1,1,0,4.00,0.13');
    // People appear as their side, never by name or platform id.
    const changes = readFileSync(join(run.exportDir, 'work-plan-changes-2027-05-23.csv'), 'utf8');
    expect(changes).toContain('1,2027-02-23T16:00:00.000Z,mentorbot,revision,,put the plan in revision: the quarter 1 review says it no longer fits.,,4');
    expect(`${changes}${updates}${plans.join('\n')}`).not.toMatch(/\b(nia|tom)\b/);
    // Once delivered, the outbox keeps no copy of the files.
    expect(await rows(`select status, payload->'message' ? 'files' as files from outbox where idempotency_key like 'export:%'`)).toEqual([{ status: 'sent', files: false }]);
  });

  it('exports a representative’s plan records and, on erasure, keeps the plan but not their words', async () => {
    const out = await say('nia: /mentor privacy export');
    expect(out).toContain('[dm nia] work plan changes:');
    expect(out).toContain('action: edit; summary: changed activity 3 “Survey of young people” (who leads, due date).; reason: We run it ourselves, with Tom alongside');
    expect(out).toMatch(/\[dm nia\] work plan agreements:\n?.*version: 5/);
    await say('nia: /mentor privacy erase', 'nia: 1');
    const [person] = await rows(`select id from people where platform_user_id like 'erased:%'`);
    const id = String(person?.id);
    // The partnership's plan and its history stay, against the pseudonymised person, without her reasons.
    expect(await rows(`select count(*)::int as n, count(reason)::int as reasons from work_plan_changes where actor_id = '${id}'`)).toEqual([{ n: 8, reasons: 0 }]);
    expect(await rows(`select version from work_plan_agreements where person_id = '${id}'`)).toEqual([{ version: 5 }]);
    expect(await rows(`select count(*)::int as n from questionnaire_runs where person_id = '${id}'`)).toEqual([{ n: 0 }]);
    const tables = await rows(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    for (const { table_name } of tables) {
      const left = await rows(`select t::text as row from "${String(table_name)}" t where t::text ~* '(ourselves, with Tom|Mapped our programme|Staff turnover|ours to run)'`);
      expect(left, String(table_name)).toEqual([]);
    }
  });
});
