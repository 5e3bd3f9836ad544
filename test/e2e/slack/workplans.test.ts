import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { TEAM_ID, type RecordedCall } from '../../fakes/slack/fake-web-api.js';
import { postSigned, slashCommand, viewSubmission } from '../../fakes/slack/signed-requests.js';
import { exchange, runScript, shown, startSlackHarness, type SlackHarness } from './harness.js';

const COORD = 'U_COORD';
const TOM = 'U_TOM';
const NIA = 'U_NIA';

type Input = { type: string; block_id: string; optional: boolean; element: { type: string; initial_value?: string; multiline: boolean } };
type View = { id: string; callback_id: string; private_metadata: string; title: { text: string }; blocks: Input[] };

/** The example's partnership CSV, its people given Slack ids. */
const csv = (file: string) => readFileSync(`examples/csv/partnership/${file}`, 'utf8').replace(/^tom,/m, `${TOM},`).replace(/^nia,/m, `${NIA},`);

/**
 * The inter-organisational example through the real Bolt app: a partnership's work plan drafted
 * with the activity modal (views.open, then view_submission), a bad date refused in the modal,
 * an edit opened pre-filled, both agreeing, and a coordinator joining the pair's channel
 * (conversations.invite). Assertions read what the fake Web API received and the database.
 */
describe('slack: work plans through the real Bolt app', () => {
  let h: SlackHarness;
  let channel: string;
  let added: View;
  let requests = 0;
  const q = <T = Record<string, unknown>>(query: string) => queryRows<T & Record<string, unknown>>(h.test.database.db, sql.raw(query));
  const postsIn = (id: string) => h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === id && c.response?.ok === true);
  const outcomes = (mark: number) => h.test.logs.slice(mark).filter((l) => l.msg === 'handled event').map((l) => String(l.outcome));
  /** `/mentor <text>` typed in the pair's channel: the calls it led to (a modal opens with views.open). */
  const command = (user: string, text: string) => exchange(h, slashCommand({ user, channel }, text, h.api.responseUrl(`wp${++requests}`)));
  /** Opens a modal with a command and returns it as Slack would hand it back on submission. */
  async function modal(user: string, text: string): Promise<View> {
    const open = (await command(user, text)).filter((c) => c.method === 'views.open');
    expect(open).toHaveLength(1);
    return { ...(open[0]!.args.view as Omit<View, 'id'>), id: `V${++requests}` };
  }
  /** Submits a modal: Bolt's ack body (where modal errors travel) and the calls that followed. */
  async function submit(user: string, view: View, values: Record<string, string>): Promise<{ ack: string; calls: RecordedCall[]; outcomes: string[] }> {
    const [mark, logs, target] = [h.api.calls.length, h.test.logs.length, h.finished + 1];
    const res = await postSigned(h.url, viewSubmission({ user }, view, values));
    expect(res.status).toBe(200);
    for (const deadline = Date.now() + 10_000; h.finished < target && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
    await h.test.app.drain();
    return { ack: res.body, calls: h.api.calls.slice(mark), outcomes: outcomes(logs) };
  }
  const activities = () => q(`select number, title, lead, due_on::text as due, deliverable, indicator, status from work_plan_activities order by number`);
  const unchanged = async () => ({ activities: await activities(), changes: await q(`select id from work_plan_changes`), outbox: await q(`select id from outbox`) });

  beforeAll(async () => {
    h = await startSlackHarness('pglite', { coordinators: [COORD], programFiles: ['examples/inter-organisational.yaml'], pacing: { rateFactor: 100 } });
    await h.test.app.importApplicants('slack', TEAM_ID, 'mentor', csv('mentors.csv'), 'mentors.csv');
    await h.test.app.importApplicants('slack', TEAM_ID, 'mentee', csv('mentees.csv'), 'mentees.csv');
    // Both organisations accept (a typed "1" in their DM answers the question there).
    await runScript(h, `${COORD}: /mentor match propose\n${COORD}: /mentor match approve all\n${TOM}: 1\n${NIA}: 1\n`);
    const [match] = await q<{ state: string; channel: string }>(`select state, channel from matches`);
    expect(match?.state).toBe('active');
    channel = match!.channel;
    expect(h.api.callsTo('conversations.invite').map((c) => [c.args.channel, c.args.users])).toEqual([[channel, `${TOM},${NIA}`]]);
  });
  afterAll(async () => h?.close());

  it('opens the activity form as a five-field modal, and its submission stores the activity and tells the channel', async () => {
    added = await modal(NIA, 'plan add community');
    expect(added.callback_id).toMatch(/^workplan-activity:[0-9a-f-]{36}:new:community$/);
    expect(added.title.text).toBe('Add an activity');
    expect(added.blocks.map((b) => [b.type, b.block_id, b.optional, b.element.multiline])).toEqual([
      ['input', 'title', false, false],
      ['input', 'due', false, false],
      ['input', 'deliverable', true, false],
      ['input', 'indicator', true, true],
      ['input', 'reason', true, true],
    ]);
    const done = await submit(NIA, added, { title: 'Draft a logic model', due: '2027-03-31', deliverable: 'A one-page logic model', indicator: 'Staff use it to plan the spring intake', reason: '' });
    expect(done.outcomes).toEqual(['ok']);
    // The modal closes (an empty ack); the answer goes where the command was typed.
    expect(done.ack).toBe('');
    expect(done.calls.filter((c) => c.method === 'response_url').map((c) => c.args.text)).toEqual([
      'Added activity 1 “Draft a logic model”. When the plan is complete, each of you agrees with `/mentor plan agree`.',
    ]);
    expect(await activities()).toEqual([
      { number: 1, title: 'Draft a logic model', lead: 'community', due: '2027-03-31', deliverable: 'A one-page logic model', indicator: 'Staff use it to plan the spring intake', status: 'not_started' },
    ]);
    expect(postsIn(channel).map((c) => String(c.args.text))).toContain(`<@${NIA}> added activity 1 “Draft a logic model” (the community organisation, due 2027-03-31).`);
  });

  it('refuses a due date that does not exist in the modal itself, changing nothing', async () => {
    const view = await modal(NIA, 'plan add together');
    const before = await unchanged();
    const bad = await submit(NIA, view, { title: 'Share results with the board', due: '2027-02-30', deliverable: '', indicator: '', reason: '' });
    expect(bad.outcomes).toEqual(['refused:bad_argument']);
    // The modal stays open with the reason on a field (the first: the wording names no field id).
    const ack = JSON.parse(bad.ack) as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe('errors');
    expect(ack.errors).toEqual({ due: 'The due date: February 2027 has 28 days, so 2027-02-30 is not a date. Nothing was changed.' });
    expect(bad.calls.filter((c) => c.method.startsWith('chat.') || c.method === 'response_url')).toEqual([]);
    expect(await unchanged()).toEqual(before);
  });

  it('opens an edit pre-filled with the activity as it stands', async () => {
    const view = await modal(TOM, 'plan edit 1');
    expect(view.callback_id).toMatch(/^workplan-activity:[0-9a-f-]{36}:1:community$/);
    expect(view.title.text).toBe('Change activity 1');
    expect(Object.fromEntries(view.blocks.map((b) => [b.block_id, b.element.initial_value]))).toEqual({
      title: 'Draft a logic model',
      due: '2027-03-31',
      deliverable: 'A one-page logic model',
      indicator: 'Staff use it to plan the spring intake',
      reason: undefined,
    });
  });

  it('makes the plan active once both organisations agree', async () => {
    // The plan's version moves with each change to what it says (adding activity 1 was one).
    const [{ version }] = (await q<{ version: number }>(`select version from work_plans`)) as [{ version: number }];
    await runScript(h, `${NIA}: /mentor plan agree\n`);
    expect(await q(`select state, version from work_plans`)).toEqual([{ state: 'draft', version }]);
    await runScript(h, `${TOM}: /mentor plan agree\n`);
    expect(await q(`select state, version, agreed_at is not null as agreed from work_plans`)).toEqual([{ state: 'active', version, agreed: true }]);
    expect(shown(postsIn(channel).at(-1)!)).toContain(`The work plan is active: both organisations agreed to version ${version} (1 activity).`);
  });

  it('adds a coordinator who joins to the channel with conversations.invite, once', async () => {
    const calls = await command(COORD, 'plan join 1');
    expect(calls.filter((c) => c.method === 'conversations.invite').map((c) => [c.args.channel, c.args.users])).toEqual([[channel, COORD]]);
    expect(h.api.members.get(channel)).toContain(COORD);
    expect(calls.find((c) => c.method === 'response_url')?.args.text).toBe(`I am adding you to <#${channel}>.`);
    expect(String(postsIn(channel).at(-1)!.args.text)).toBe(`<@${COORD}>, a coordinator of Knowledge Mobilisation Mentorship, has joined this channel to support you both, for example on a call about your work plan.`);
    // Slack answers already_in_channel to a second invite: the adapter takes it as done.
    await h.slack.chat.addToChannel({ platform: 'slack', workspace: TEAM_ID, channel }, COORD);
    expect(h.api.callsTo('conversations.invite').at(-1)!.response).toMatchObject({ ok: false, error: 'already_in_channel' });
  });
});
