import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { TEAM_ID, type RecordedCall } from '../../fakes/slack/fake-web-api.js';
import { directMessage, postSigned, viewSubmission } from '../../fakes/slack/signed-requests.js';
import { clickButton, controls, exchange, runScript, shown, startSlackHarness, type SlackHarness } from './harness.js';

const COORD = 'U_COORD';
/** A second coordinator, who steps down before the last alert is handled. */
const AMY = 'U_AMY';
const NIA = 'U_NIA';
const TOM = 'U_TOM';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ALERT = /^match-alert:[0-9a-f-]{36}/;

type View = { id: string; callback_id: string; private_metadata: string; title: { text: string }; blocks: { type: string; block_id: string; element: { multiline?: boolean } }[] };

/**
 * The check-in and alert steps of test/e2e/terminal/checkins-journey.test.ts through the real
 * Bolt app: a matched pair (imported as `:import` does, matched by the coordinator's commands)
 * is asked in DMs at 10:00 in each member's zone; a low answer and two missed check-ins each
 * reach the coordinators as a DM whose buttons acknowledge and resolve. Assertions read what the
 * fake Web API received.
 */
describe('slack: check-ins and alerts through the real Bolt app', () => {
  let h: SlackHarness;
  let lowAlert: RecordedCall;
  let acknowledged: RecordedCall;
  const q = <T = Record<string, unknown>>(query: string) => queryRows<T & Record<string, unknown>>(h.test.database.db, sql.raw(query));
  /** What the bot posted in a person's DM with it, successfully. */
  const dms = (user: string) => h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === `D_${user}` && c.response?.ok === true);
  const checkinsOf = (user: string) => dms(user).filter((c) => shown(c).includes('Time for your mentoring check-in'));
  const alertsTo = (user: string) => dms(user).filter((c) => /^Alert \d+:/.test(String(c.args.text)));
  const labels = (posted: RecordedCall) => controls(posted).map((c) => c.element.text?.text);
  /** The outcome the core logged for each event handled while `run` ran. */
  async function outcomes(run: () => Promise<unknown>): Promise<string[]> {
    const mark = h.test.logs.length;
    await run();
    return h.test.logs.slice(mark).filter((l) => l.msg === 'handled event').map((l) => String(l.outcome));
  }
  /** Moves the clock as `:advance` does, then lets the outbox deliver what fell due. */
  async function advance(ms: number): Promise<RecordedCall[]> {
    const mark = h.api.calls.length;
    await h.test.app.advanceClock(ms);
    await h.test.app.drain();
    return h.api.calls.slice(mark);
  }
  const alertRows = () => q<{ number: number; acknowledged: string | null; resolved: string | null; note: string | null }>(
    `select a.number, k.platform_user_id as acknowledged, r.platform_user_id as resolved, a.note from match_alerts a
      left join people k on k.id = a.acknowledged_by left join people r on r.id = a.resolved_by order by a.number`,
  );
  const audit = () => q(`select l.action, p.platform_user_id as actor from audit_log l join people p on p.id = l.actor_id where l.action like 'alert.%' order by l.at, l.action`);

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC; the workplace program checks in on Wednesdays at 10:00.
    h = await startSlackHarness('pglite', { coordinators: [COORD], pacing: { rateFactor: 100 } });
    await h.test.app.importApplicants('slack', TEAM_ID, 'mentor', `id,department,expertise,timezone,meeting_style\n${NIA},Engineering,Leadership,America/New_York,3\n`, 'mentors.csv');
    await h.test.app.importApplicants('slack', TEAM_ID, 'mentee', `id,department,goals,timezone,meeting_style\n${TOM},Finance,Leadership,Europe/London,3\n`, 'mentees.csv');
    await runScript(h, `${COORD}: /mentor role grant @${AMY} coordinator\n${COORD}: /mentor match propose\n${COORD}: /mentor match approve all\n`);
    expect(await q(`select state from matches`)).toEqual([{ state: 'active' }]);
  });
  afterAll(async () => h?.close());

  it('asks each member in a DM at 10:00 in their own time zone, the scale as buttons', async () => {
    // Wednesday 10:01 UTC is 10:01 in London and 05:01 in New York.
    await advance(2 * DAY + HOUR + 60_000);
    expect(checkinsOf(TOM)).toHaveLength(1);
    expect(checkinsOf(NIA)).toEqual([]);
    await advance(5 * HOUR);
    expect(checkinsOf(NIA)).toHaveLength(1);
    for (const posted of [checkinsOf(TOM)[0]!, checkinsOf(NIA)[0]!]) {
      expect(shown(posted)).toContain('Your answers go to the program coordinators, not to your match.');
      expect(shown(posted)).toContain('How is your mentoring going?');
      expect(shown(posted)).toContain('1 = not well · 5 = very well');
      expect(controls(posted).map((c) => [c.element.type, c.element.text?.text])).toEqual(['1', '2', '3', '4', '5'].map((n) => ['button', n]));
      expect(controls(posted)[0]!.blockId).toMatch(/^checkin:[0-9a-f-]{36}$/);
    }
  });

  it('takes a member’s answers from the buttons and a typed reply; a low score sends each coordinator an alert DM with Acknowledge and Resolve', async () => {
    const first = checkinsOf(TOM)[0]!;
    let calls = await exchange(h, clickButton(TOM, first, '1'));
    // The answered question loses its buttons and says what was picked; the next is asked.
    const closed = calls.find((c) => c.method === 'chat.update' && c.args.ts === first.response?.ts);
    expect(closed).toBeDefined();
    expect(controls(closed!)).toEqual([]);
    expect(shown(closed!)).toContain(`<@${TOM}> answered: *1*`);
    const met = calls.find((c) => c.method === 'chat.postMessage' && shown(c).includes('Have you met since the last check-in?'))!;
    expect(labels(met)).toEqual(['Yes', 'No']);

    calls = await exchange(h, clickButton(TOM, met, 'Yes'));
    const note = calls.find((c) => c.method === 'chat.postMessage' && shown(c).includes('Anything the coordinator should know?'))!;
    expect(controls(note)).toEqual([]);
    expect(shown(note)).toContain('Reply in this conversation with your answer.');
    expect(alertsTo(COORD)).toEqual([]);

    expect(await outcomes(() => exchange(h, directMessage(TOM, 'A slow start; we have not found a rhythm yet')))).toEqual(['ok']);
    expect(dms(TOM).map((c) => String(c.args.text)).at(-1)).toMatch(/^Thank you: your check-in is recorded\./);
    for (const coordinator of [COORD, AMY]) {
      const [alert, ...more] = alertsTo(coordinator);
      expect(more).toEqual([]);
      expect(alert!.args.text).toBe(`Alert 1: <@${TOM}> answered 1 of 5 to “How is your mentoring going?” in their check-in.`);
      const element = (c: ReturnType<typeof controls>[number]) => c.element as { text?: { text: string }; value?: string; style?: string };
      expect(controls(alert!).map((c) => [element(c).text?.text, element(c).value, element(c).style])).toEqual([
        ['Acknowledge', 'ack', 'primary'],
        ['Resolve', 'resolve', undefined],
      ]);
      expect(controls(alert!).every((c) => ALERT.test(c.blockId))).toBe(true);
    }
    // The member is not told about the alert; their match hears nothing of it.
    expect([...dms(TOM), ...dms(NIA)].filter((c) => /Alert/.test(shown(c)))).toEqual([]);
    lowAlert = alertsTo(COORD)[0]!;
  });

  it('acknowledges from the Acknowledge button: the reply says so, the audit log has it, and Resolve is still offered', async () => {
    let calls: RecordedCall[] = [];
    expect(await outcomes(async () => (calls = await exchange(h, clickButton(COORD, lowAlert, 'Acknowledge'))))).toEqual(['ok']);
    const reply = calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === `D_${COORD}`);
    expect(reply?.args.text).toBe('Alert 1 acknowledged: it is yours. Resolve it with a note when it is sorted.');
    expect(await alertRows()).toEqual([{ number: 1, acknowledged: COORD, resolved: null, note: null }]);
    expect(await audit()).toEqual([{ action: 'alert.acknowledge', actor: COORD }]);
    // The alert message now says who acknowledged it, and keeps the way to resolve it.
    acknowledged = calls.find((c) => c.method === 'chat.update' && c.args.ts === lowAlert.response?.ts)!;
    expect(shown(acknowledged)).toContain(`<@${COORD}> answered: *Acknowledge*`);
    expect(labels(acknowledged)).toEqual(['Resolve']);
  });

  it('resolves from the Resolve button: a modal asks what was done, and its submission resolves the alert', async () => {
    const calls = await exchange(h, clickButton(COORD, acknowledged, 'Resolve'));
    const open = calls.find((c) => c.method === 'views.open');
    expect(open).toBeDefined();
    const view = open!.args.view as View;
    const alertId = controls(lowAlert)[0]!.blockId.slice('match-alert:'.length, 'match-alert:'.length + 36);
    expect(view.callback_id).toBe(`match-alert-resolve:${alertId}`);
    expect(view.title.text).toBe('Resolve alert 1');
    expect(view.blocks.map((b) => [b.type, b.block_id, b.element.multiline])).toEqual([['input', 'note', true]]);
    expect((await alertRows())[0]!.resolved).toBeNull();

    // Too short a note is shown on its field and changes nothing.
    const short = await postSigned(h.url, viewSubmission({ user: COORD }, { ...view, id: 'V_RESOLVE' }, { note: 'ok' }));
    expect(JSON.parse(short.body)).toEqual({ response_action: 'errors', errors: { note: 'Please say in a few words what was done: the note is kept with the alert.' } });
    expect((await alertRows())[0]!.resolved).toBeNull();

    const submitted = await exchange(h, viewSubmission({ user: COORD }, { ...view, id: 'V_RESOLVE' }, { note: 'Called Tom: a rocky first month, on track now' }));
    expect(submitted.filter((c) => c.method.startsWith('chat.post')).map((c) => [c.method, c.args.channel, c.args.text])).toEqual([
      ['chat.postEphemeral', `D_${COORD}`, 'Alert 1 resolved.'],
    ]);
    expect(await alertRows()).toEqual([{ number: 1, acknowledged: COORD, resolved: COORD, note: 'Called Tom: a rocky first month, on track now' }]);
    expect(await audit()).toEqual([
      { action: 'alert.acknowledge', actor: COORD },
      { action: 'alert.resolve', actor: COORD },
    ]);
  });

  it('raises one alert when the other member leaves two check-ins in a row unanswered', async () => {
    // Nia's first check-in expires when her second arrives: one missed is no alert yet.
    await advance(7 * DAY);
    expect(checkinsOf(NIA)).toHaveLength(2);
    expect(alertsTo(COORD)).toHaveLength(1);
    // Her second expires with the third's arrival: two in a row.
    await advance(7 * DAY);
    expect(checkinsOf(NIA)).toHaveLength(3);
    for (const coordinator of [COORD, AMY]) {
      expect(alertsTo(coordinator).map((c) => c.args.text)).toEqual([
        `Alert 1: <@${TOM}> answered 1 of 5 to “How is your mentoring going?” in their check-in.`,
        `Alert 2: <@${NIA}> has left 2 check-ins in a row unanswered.`,
      ]);
      expect(labels(alertsTo(coordinator)[1]!)).toEqual(['Acknowledge', 'Resolve']);
    }
    // Nia's third missed check-in is the same streak: no new alert about her. Tom has now left
    // two in a row himself (his second and third): that is his own alert.
    await advance(7 * DAY);
    expect(checkinsOf(NIA)).toHaveLength(4);
    expect(alertsTo(COORD).slice(2).map((c) => c.args.text)).toEqual([
      // Three weeks and more since their one meeting, at the first check-in: the match as a whole.
      'Alert 3: Match 1 has no meeting recorded since 2026-11-25 (21 days or more): `/mentor match list` shows it.',
      `Alert 4: <@${TOM}> has left 2 check-ins in a row unanswered.`,
    ]);
    expect(await q(`select number, rule from match_alerts order by number`)).toEqual([
      { number: 1, rule: 'low_score' },
      { number: 2, rule: 'missed_checkins' },
      { number: 3, rule: 'no_meeting' },
      { number: 4, rule: 'missed_checkins' },
    ]);
  });

  it('refuses someone who is no longer a coordinator: their clicks on the alert change nothing', async () => {
    await runScript(h, `${COORD}: /mentor role revoke @${AMY} coordinator\n`);
    const alert = alertsTo(AMY)[1]!;
    const before = { rows: await alertRows(), audit: await audit() };
    for (const label of ['Acknowledge', 'Resolve']) {
      let calls: RecordedCall[] = [];
      expect(await outcomes(async () => (calls = await exchange(h, clickButton(AMY, alert, label))))).toEqual(['refused:not_coordinator']);
      expect(calls.map((c) => [c.method, c.args.channel, c.args.text])).toEqual([
        ['chat.postMessage', `D_${AMY}`, 'Only coordinators of this program can handle its alerts. Nothing was changed.'],
      ]);
    }
    expect(await alertRows()).toEqual(before.rows);
    expect(await audit()).toEqual(before.audit);
    expect(before.rows[1]).toEqual({ number: 2, acknowledged: null, resolved: null, note: null });
  });
});
