import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { intakeSteps } from '../../../src/domain/intake/intake-questionnaire.js';
import type { RecordedCall } from '../../fakes/slack/fake-web-api.js';
import { blockAction, directMessage, slashCommand } from '../../fakes/slack/signed-requests.js';
import { clickButton, clickedMessage, controls, exchange, pickAndSubmit, shown, startSlackHarness, type SlackHarness } from './harness.js';

const MENTEE = 'Mentee: I would like to be mentored';
const MENTOR = 'Mentor: I would like to support someone';
const BOB = '<@U_BOB|bob>';

describe('slack: the intake journey through the real Bolt app (workplace program)', () => {
  let h: SlackHarness;
  let n = 0;
  const rows = (query: string) => queryRows<Record<string, unknown>>(h.test.database.db, sql.raw(query));
  const command = (user: string, text: string) => exchange(h, slashCommand({ user }, text, h.api.responseUrl(`r${++n}`)));
  const say = (user: string, text: string) => exchange(h, directMessage(user, text));
  const click = (user: string, posted: RecordedCall, label: string) => exchange(h, clickButton(user, posted, label, h.api.responseUrl('click')));
  const dms = (calls: RecordedCall[], user: string) => calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === `D_${user}`);
  /** The one message the bot posted in the person's DM (the next step, or a reply). */
  const dm = (calls: RecordedCall[], user: string): RecordedCall => {
    expect(dms(calls, user).map(shown)).toHaveLength(1);
    return dms(calls, user)[0]!;
  };
  const ephemeral = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'response_url').map((c) => c.args.text);
  const updates = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'chat.update');
  const buttons = (posted: RecordedCall) => controls(posted).map((c) => `${c.element.type}:${c.element.text?.text ?? ''}`);

  beforeAll(async () => {
    // Slack's one-message-a-second per channel is paced for real; a journey posts dozens in one DM.
    h = await startSlackHarness('pglite', { coordinators: ['U_COORD'], pacing: { rateFactor: 100 } });
    await command('U_COORD', 'help'); // a configured coordinator becomes one on first contact
  });
  afterAll(async () => h?.close());

  /** `/mentor join`, the role click and "Continue" through every orientation page: returns the consent prompt. */
  async function reachConsent(user: string, role: string): Promise<RecordedCall> {
    const joined = await command(user, 'join');
    expect(ephemeral(joined)).toEqual(['Thanks for your interest! I have sent you a direct message to get started.']);
    const rolePrompt = dm(joined, user);
    expect(shown(rolePrompt)).toContain('Welcome to Workplace Mentoring Programme! First: how would you like to take part?');
    expect(buttons(rolePrompt)).toEqual([`button:${MENTOR}`, `button:${MENTEE}`]);
    const chosen = await click(user, rolePrompt, role);
    const [update] = updates(chosen);
    expect(update!.args).toMatchObject({ channel: `D_${user}`, ts: rolePrompt.response!.ts });
    expect(shown(update!)).toContain(`✅ <@${user}> answered: *${role}*`);
    expect(controls(update!)).toEqual([]);
    const program = h.test.catalog.require(h.test.catalog.defaultSlug);
    const pages = intakeSteps(program, role === MENTOR ? 'mentor' : 'mentee').filter((s) => s.key.startsWith('orientation:')).length;
    let page = dm(chosen, user);
    for (let p = 1; p <= pages; p++) {
      expect(shown(page)).toContain(`About the program (${p} of ${pages})`);
      expect(buttons(page)).toEqual(['button:Continue']);
      page = dm(await click(user, page, 'Continue'), user);
    }
    expect(shown(page)).toContain('Consent (version 2026-01)');
    expect(shown(page)).toContain('I agree to take part in the Workplace Mentoring Programme.');
    expect(shown(page)).toContain('If you do not agree, we stop here and keep nothing but the fact that you declined.');
    expect(buttons(page)).toEqual(['button:I agree', 'button:I do not agree']);
    return page;
  }

  /** Picks options of a multi-select and presses Submit; the pick alone sends nothing. */
  async function pick(user: string, posted: RecordedCall, labels: string[]): Promise<RecordedCall[]> {
    const [choose, submit] = pickAndSubmit(user, posted, labels, h.api.responseUrl('pick'));
    expect(await exchange(h, choose)).toEqual([]);
    const sent = await exchange(h, submit);
    expect(shown(updates(sent)[0]!)).toContain(`answered: *${labels.join(', ')}*`);
    return sent;
  }

  it('takes a mentee from /mentor join to approved: clicks, typed answers, a bad answer, back and a restart', async () => {
    const consent = await reachConsent('U_BOB', MENTEE);
    const role = dm(await click('U_BOB', consent, 'I agree'), 'U_BOB');
    // Text: no controls, answered by typing in the DM.
    expect(shown(role)).toContain('Question 1 of 9');
    expect(shown(role)).toContain('What is your current role and team?');
    expect(shown(role)).toContain('Reply in this conversation with your answer.');
    expect(shown(role)).toContain('Reply “back” to change your last answer or “cancel” to stop.');
    expect(controls(role)).toEqual([]);
    const department = dm(await say('U_BOB', 'Analyst, Finance'), 'U_BOB');
    expect(shown(department)).toContain('Which department do you work in?');
    // A choice can also be typed, by its number.
    const goals = dm(await say('U_BOB', '2'), 'U_BOB');
    // Multiple choice: a multi-select limited to three, and a Submit button.
    expect(shown(goals)).toContain('What would you like to work on with a mentor?');
    expect(shown(goals)).toContain('Choose up to three.');
    const [select] = controls(goals);
    expect(select!.element).toMatchObject({ type: 'multi_static_select', max_selected_items: 3 });
    expect(select!.element.options).toHaveLength(7);
    expect(buttons(goals)).toEqual(['multi_static_select:', 'button:Submit']);
    const confidence = dm(await pick('U_BOB', goals, ['Career growth', 'Technical skills']), 'U_BOB');
    // Scale 1-5: one row of five buttons, the end labels underneath.
    expect(shown(confidence)).toContain('How confident do you feel about reaching those goals today?');
    expect(shown(confidence)).toContain('1 = not at all · 5 = very confident');
    expect(buttons(confidence)).toEqual(['1', '2', '3', '4', '5'].map((v) => `button:${v}`));
    const bad = await say('U_BOB', '7');
    expect(dm(bad, 'U_BOB').args.text).toBe('Please answer with a number between 1 and 5.');
    const backed = await say('U_BOB', 'back');
    const goalsAgain = dm(backed, 'U_BOB');
    expect(shown(goalsAgain)).toContain('What would you like to work on with a mentor?');
    // Typing `back` closes the scale: its message loses its buttons.
    const closed = updates(backed);
    expect(closed).toHaveLength(1);
    expect(closed[0]!.args).toMatchObject({ channel: 'D_U_BOB', ts: String(confidence.response?.ts) });
    expect(shown(closed[0]!)).toContain('No longer open.');
    expect(controls(closed[0]!)).toEqual([]);
    // A click that was already on its way when the buttons went records nothing.
    const stale = await click('U_BOB', confidence, '5');
    expect(dm(stale, 'U_BOB').args.text).toBe('That question is no longer open.');
    expect(updates(stale)).toEqual([]);
    const confidenceAgain = dm(await pick('U_BOB', goalsAgain, ['Career growth', 'Confidence at work']), 'U_BOB');
    const style = dm(await click('U_BOB', confidenceAgain, '4'), 'U_BOB');
    expect(shown(style)).toContain('How structured do you like meetings to be?');
    expect(shown(style)).toContain('1 = open conversation · 5 = agenda and actions');

    // A restart (core and Bolt app), then three days of silence: the button posted before still answers.
    const before = h.url;
    await h.restart();
    expect(h.url).not.toBe(before);
    await h.test.app.advanceClock(3 * 24 * 60 * 60 * 1000);
    const timezone = dm(await click('U_BOB', style, '2'), 'U_BOB');
    expect(shown(timezone)).toContain('Which time zone do you work in?');
    expect(controls(timezone)).toEqual([]);
    const date = dm(await say('U_BOB', 'London'), 'U_BOB');
    expect(shown(date)).toContain('From which date could you start meeting a mentor?');
    // A date question offers Slack's date picker, and still takes a typed date.
    const [picker] = controls(date);
    expect(picker?.element.type).toBe('datepicker');
    expect(dm(await say('U_BOB', 'soon'), 'U_BOB').args.text).toBe('Please write the date as YYYY-MM-DD, for example 2027-01-15.');
    const datePick = blockAction({ user: 'U_BOB' }, { type: 'datepicker', block_id: picker!.blockId, action_id: picker!.element.action_id, selected_date: '2027-01-10' }, { message: clickedMessage(date), responseUrl: h.api.responseUrl('pick') });
    const commitment = dm(await exchange(h, datePick), 'U_BOB');
    // Yes/no: two buttons.
    expect(shown(commitment)).toContain('Can you commit to meeting your mentor at least twice a month for six months?');
    expect(buttons(commitment)).toEqual(['button:Yes', 'button:No']);
    const yes = await click('U_BOB', commitment, 'Yes');
    expect(updates(yes)).toHaveLength(1);
    const about = dm(yes, 'U_BOB');
    // A double click: the second is told so, and neither the message nor the answer changes.
    const twice = await click('U_BOB', commitment, 'Yes');
    expect(dm(twice, 'U_BOB').args.text).toBe('You have already answered that question; your first answer stands.');
    expect(updates(twice)).toEqual([]);
    // Long text, optional: typed, or skipped.
    expect(shown(about)).toContain('Anything you would like your mentor to know about you or what you hope for?');
    expect(shown(about)).toContain('Reply “skip” to leave it out.');
    expect(controls(about)).toEqual([]);
    const done = await say('U_BOB', 'skip');
    expect(dm(done, 'U_BOB').args.text).toContain('Thank you! Your application to Workplace Mentoring Programme as a mentee is submitted.');
    expect(dm(done, 'U_COORD').args.text).toBe('New mentee application from <@U_BOB>. `/mentor application list` shows the queue.');

    const answers = await rows(`select question_id, value from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') intake_answers order by question_id`);
    expect(answers).toHaveLength(8);
    expect(Object.fromEntries(answers.map((a) => [a.question_id, a.value]))).toEqual({
      current_role: 'Analyst, Finance',
      department: 'finance',
      goals: [expect.any(String), expect.any(String)],
      confidence: 4,
      meeting_style: 2,
      timezone: 'Europe/London',
      available_from: '2027-01-10',
      commitment: 'yes',
    });
    const goalValues = select!.element.options!.filter((o) => ['Career growth', 'Confidence at work'].includes(o.text.text)).map((o) => o.value);
    expect(answers.find((a) => a.question_id === 'goals')?.value).toEqual(goalValues);

    // Screening, by slash command with Slack mentions.
    expect(ephemeral(await command('U_ALICE', `approve ${BOB}`))).toEqual([
      '`/mentor application approve` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.',
    ]);
    const replies: unknown[] = [];
    for (const text of [`approve ${BOB}`, `check ${BOB} references`, `check ${BOB} interview`, `check ${BOB} manager_informed`]) {
      replies.push(...ephemeral(await command('U_COORD', text)));
    }
    const approved = await command('U_COORD', `approve ${BOB}`);
    expect([...replies, ...ephemeral(approved)]).toEqual([
      '<@U_BOB> cannot be approved yet: the screening checklist is incomplete (still to do: interview, manager_informed). Nothing was changed.',
      '“references” is not on the screening checklist for a mentee. Items: interview, manager_informed.',
      'Ticked “interview” for <@U_BOB>. Still to do: manager_informed.',
      'Ticked “manager_informed” for <@U_BOB>. The checklist is complete.',
      "<@U_BOB>'s application is now approved; they have been told in a direct message.",
    ]);
    expect(dm(approved, 'U_BOB').args.text).toBe(
      'Good news: your application to Workplace Mentoring Programme as a mentee has been approved! We will be in touch about your match. `/mentor status` shows what happens next.',
    );
    const audit = await rows(`select action from audit_log where action like 'application.%' or action like 'screening.%' order by at`);
    expect(audit.map((a) => a.action)).toEqual(['screening.check', 'screening.check', 'application.approve']);
  });

  it('keeps nothing but the refusal when consent is declined', async () => {
    const declined = await click('U_DANA', await reachConsent('U_DANA', MENTEE), 'I do not agree');
    expect(shown(updates(declined)[0]!)).toContain('answered: *I do not agree*');
    expect(dm(declined, 'U_DANA').args.text).toBe(
      'That is completely fine. We have stopped here and kept nothing except the fact that you declined. If you change your mind, `/mentor join` starts again.',
    );
    const kept = await rows(`select a.id from applications a join people p on p.id = a.person_id where p.platform_user_id = 'U_DANA'`);
    expect(kept).toEqual([]);
    const consents = await rows(`select c.decision, c.version from consent_records c join people p on p.id = c.person_id where p.platform_user_id = 'U_DANA'`);
    expect(consents).toEqual([{ decision: 'declined', version: '2026-01' }]);
    const prompts = await rows(`select count(*)::int as open from prompts r join people p on p.id = r.person_id where p.platform_user_id = 'U_DANA' and r.status = 'open'`);
    expect(prompts).toEqual([{ open: 0 }]);
  });

  it('tells an ineligible mentor which rules they do not meet and why, and drops their answers', async () => {
    let step = dm(await click('U_ERIN', await reachConsent('U_ERIN', MENTOR), 'I agree'), 'U_ERIN');
    step = dm(await say('U_ERIN', 'Engineer'), 'U_ERIN');
    expect(shown(step)).toContain('Which department do you work in?');
    step = dm(await say('U_ERIN', '1'), 'U_ERIN');
    // Number: typed, no controls.
    expect(shown(step)).toContain('How many years of professional experience do you have?');
    expect(controls(step)).toEqual([]);
    step = dm(await say('U_ERIN', '1'), 'U_ERIN');
    // Multiple choice without a limit: the select has no max_selected_items.
    expect(controls(step)[0]!.element).not.toHaveProperty('max_selected_items');
    step = dm(await pick('U_ERIN', step, ['Leadership', 'Communication']), 'U_ERIN');
    step = dm(await click('U_ERIN', step, '3'), 'U_ERIN');
    step = dm(await say('U_ERIN', 'UTC'), 'U_ERIN');
    // Single choice (three options): buttons.
    expect(buttons(step)).toEqual(['button:Not yet', 'button:Informally', 'button:In a formal programme']);
    step = dm(await click('U_ERIN', step, 'Informally'), 'U_ERIN');
    step = dm(await click('U_ERIN', step, 'No'), 'U_ERIN');
    // A consent question: its text and two buttons.
    expect(shown(step)).toContain('Do you agree to the mentor code of practice?');
    expect(shown(step)).toContain('I will respect confidentiality');
    expect(buttons(step)).toEqual(['button:I agree', 'button:I do not agree']);
    const end = await click('U_ERIN', step, 'I agree');
    const told = shown(dm(end, 'U_ERIN'));
    expect(told).toContain('Thank you for applying to Workplace Mentoring Programme. We cannot go on with your application because:');
    expect(told).toContain('- Mentors need at least two years of professional experience.');
    expect(told).toContain('- Mentor training is the most important part of preparing for the role');
    expect(told).toContain('If you think this is a mistake, contact Priya Shah');
    expect(dms(end, 'U_COORD')).toEqual([]);
    const [app] = await rows(
      `select a.state, a.decision_reason, (select count(*)::int from (select r.subject_id as application_id, x.question_id, x.value from run_answers x join questionnaire_runs r on r.id = x.run_id where x.question_id not like '\\_%') i where i.application_id = a.id) as answers from applications a join people p on p.id = a.person_id where p.platform_user_id = 'U_ERIN'`,
    );
    expect(app).toEqual({ state: 'rejected', decision_reason: expect.stringMatching(/^not eligible: Mentors need at least two years of professional experience\..*Mentor training is the most important part/), answers: 0 });
  });
});
