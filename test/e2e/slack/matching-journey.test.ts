import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import type { ApplicantRole } from '../../../src/domain/programs/definition.js';
import type { RecordedCall } from '../../fakes/slack/fake-web-api.js';
import { blockAction, postSigned, slashCommand, viewSubmission } from '../../fakes/slack/signed-requests.js';
import { approvalScript, intakeScript } from '../../support/intake-script.js';
import { programVariant } from '../../support/program-variant.js';
import { clickButtonIn, controls, exchange, runScript, shown, startSlackHarness, type SlackHarness } from './harness.js';

const AGREEMENT = {
  meetingFrequency: 'every two weeks',
  meetingLength: 'about an hour',
  boundaries: 'Keep to work topics unless you both want otherwise.',
  confidentiality: 'What you discuss stays between you, unless someone is at risk.',
  contact: 'Priya Shah, the programme coordinator.',
};
const COORD = 'U_COORD';
const ROUND = /^match-round:[0-9a-f-]{36}$/;

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: { type: string; action_id: string; value?: string; style?: string; text?: { text: string } }[] };
type MatchRow = { number: number; mentor: string; mentee: string; channel: string | null; channel_name: string | null; state: string };

const rows = <T = Record<string, unknown>>(h: SlackHarness, query: string) => queryRows<T & Record<string, unknown>>(h.test.database.db, sql.raw(query));

/** `/mentor <slug> …` in every command line of a script: two programs are loaded, so each line names its own. */
const inProgram = (slug: string, script: string) => script.replaceAll(': /mentor ', `: /mentor ${slug} `);

const mentions = (user: string) => `<@${user}>`;

/**
 * Two programs in one workspace (one Bolt app, one database): the workplace program with a
 * match agreement, and the youth example, whose pairs' channels include the staff.
 */
describe('slack: matching, introductions and agreement through the real Bolt app', () => {
  let h: SlackHarness;
  let round1: RecordedCall;
  let requests = 0;
  const STAFF = ['U_STAFF1', 'U_STAFF2'];
  const q = <T = Record<string, unknown>>(query: string) => rows<T>(h, query);

  /** `/mentor <text>` from a public channel: its ephemeral answer (by its response_url) and every call it led to. */
  async function command(user: string, text: string): Promise<{ reply: RecordedCall | undefined; calls: RecordedCall[] }> {
    const id = `m${++requests}`;
    const calls = await exchange(h, slashCommand({ user, channel: 'C_GENERAL' }, text, h.api.responseUrl(id)));
    for (let waited = 0; waited < 10_000 && !h.api.calls.some((c) => c.responseId === id); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    return { reply: h.api.calls.find((c) => c.responseId === id), calls };
  }
  /** The outcome the core logged for each event handled while `run` ran. */
  async function outcomes(run: () => Promise<unknown>): Promise<string[]> {
    const mark = h.test.logs.length;
    await run();
    return h.test.logs.slice(mark).filter((l) => l.msg === 'handled event').map((l) => String(l.outcome));
  }
  const matches = (slug: string) =>
    q<MatchRow>(`select m.number, r.platform_user_id as mentor, e.platform_user_id as mentee, m.channel, m.channel_name, m.state
      from matches m join programs p on p.id = m.program_id join people r on r.id = m.mentor_id join people e on e.id = m.mentee_id
      where p.slug = '${slug}' order by m.number`);
  /** What the bot posted in a channel, successfully. */
  const postsIn = (channel: string) => h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.response?.ok === true);
  const join = (slug: string, user: string, role: ApplicantRole, answers: Record<string, string>) =>
    runScript(h, inProgram(slug, intakeScript(h.test.catalog.require(slug), user, role, answers)));
  const click = (user: string, posted: RecordedCall, at: { blockId: string; element: Record<string, unknown> & { action_id: string } }) =>
    blockAction({ user, channel: 'C_GENERAL' }, { ...at.element, block_id: at.blockId }, { ephemeral: true, responseUrl: h.api.responseUrl(`c${++requests}`) });

  beforeAll(async () => {
    const workplace = programVariant('examples/workplace.yaml', { introduction: { agreement: AGREEMENT } });
    // Slack's one-message-a-second per channel is paced for real; an intake posts many in one DM.
    h = await startSlackHarness('pglite', { coordinators: [COORD], programFiles: [workplace, 'examples/youth.yaml'], pacing: { rateFactor: 100 } });
    const names = { U_MAX: 'Max Weber', U_LEA: 'Lea Roth', U_MIA: 'Mia Klein', U_NOA: 'Noa Berg', U_SAM: 'Sam Taylor', U_KIM: 'Kim Jones' };
    for (const [user, name] of Object.entries(names)) h.api.displayNames.set(user, name);
    // youth.staffRole is "Mentoring Staff": on Slack, a user group of that name.
    h.api.userGroups.set('S0STAFF', STAFF);
    h.api.userGroupNames.set('S0STAFF', 'Mentoring Staff');
    await runScript(h, `${COORD}: /mentor help\n`);

    const workplaceProgram = h.test.catalog.require('workplace');
    // Every mentor shares a goal with every mentee, so any two pairs make a round.
    for (const user of ['U_MAX', 'U_LEA']) {
      await join('workplace', user, 'mentor', { expertise: '2,3,5', department: '2' });
      const training = `${COORD}: /mentor training record @${user} fundamentals\n${COORD}: /mentor training record @${user} boundaries\n${COORD}: /mentor match capacity @${user} 1\n`;
      await runScript(h, inProgram('workplace', approvalScript(workplaceProgram, COORD, user, 'mentor') + training));
    }
    for (const [user, goals] of [['U_MIA', '2,5'], ['U_NOA', '3']] as const) {
      await join('workplace', user, 'mentee', { goals, department: '1' });
      await runScript(h, inProgram('workplace', approvalScript(workplaceProgram, COORD, user, 'mentee')));
    }

    const youth = h.test.catalog.require('youth');
    await join('youth', 'U_SAM', 'mentor', { age: '34', interests: '1,2' });
    const modules = youth.training.modules.filter((m) => m.required).map((m) => `${COORD}: /mentor training record @U_SAM ${m.id}\n`);
    await runScript(h, inProgram('youth', approvalScript(youth, COORD, 'U_SAM', 'mentor') + modules.join('')));
    await join('youth', 'U_KIM', 'mentee', { age: '15', interests: '1' });
    await runScript(h, inProgram('youth', `${COORD}: /mentor check @U_KIM welcome_call\n${COORD}: /mentor guardian @U_KIM form 2026-11-20 "Alex Jones (father)"\n${COORD}: /mentor approve @U_KIM\n`));
  });
  afterAll(async () => h?.close());

  it('renders a proposed round natively: each pair a section naming both, with its own Approve and Reject buttons', async () => {
    const { reply } = await command(COORD, 'workplace match propose');
    expect(reply).toBeDefined();
    round1 = reply!;
    const blocks = round1.args.blocks as Block[];
    const actions = blocks.filter((b) => b.type === 'actions');
    const proposals = await q<{ id: string; mentor: string; mentee: string }>(
      `select x.id, r.platform_user_id as mentor, e.platform_user_id as mentee from match_proposals x
        join people r on r.id = x.mentor_id join people e on e.id = x.mentee_id where x.status = 'proposed'`,
    );
    expect(proposals).toHaveLength(2);
    expect(actions).toHaveLength(2);
    expect(actions.map((b) => b.block_id).sort()).toEqual(proposals.map((p) => `match-round:${p.id}`).sort());
    for (const row of actions) {
      expect(row.block_id).toMatch(ROUND);
      expect(row.elements!.map((e) => [e.type, e.text?.text, e.style, e.value])).toEqual([
        ['button', 'Approve', 'primary', 'approve'],
        ['button', 'Reject', 'danger', 'reject'],
      ]);
      // The section just above the buttons names the pair they decide.
      const pair = proposals.find((p) => row.block_id === `match-round:${p.id}`)!;
      const section = JSON.stringify(blocks[blocks.indexOf(row) - 1]);
      expect(section).toContain(mentions(pair.mentor));
      expect(section).toContain(mentions(pair.mentee));
    }
  });

  it('refuses a participant who clicks Approve, changing nothing', async () => {
    const [approve] = controls(round1);
    let calls: RecordedCall[] = [];
    expect(await outcomes(async () => (calls = await exchange(h, click('U_MAX', round1, approve!))))).toEqual(['refused:not_coordinator']);
    expect(calls.map((c) => [c.method, c.args.response_type])).toEqual([['response_url', 'ephemeral']]);
    expect(await q(`select * from matches`)).toEqual([]);
    expect(await q(`select status from match_proposals where status <> 'proposed'`)).toEqual([]);
    expect(h.api.callsTo('conversations.create')).toEqual([]);
  });

  it('rejects a pair from its Reject button: a modal asks why, and its submission rejects the pair', async () => {
    const reject = controls(round1).find((c) => c.element.text?.text === 'Reject')!;
    const proposal = reject.blockId.slice('match-round:'.length);
    const status = () => q(`select status, reason from match_proposals where id = '${proposal}'`);
    const calls = await exchange(h, click(COORD, round1, reject));
    const open = calls.find((c) => c.method === 'views.open');
    expect(open).toBeDefined();
    const view = open!.args.view as { callback_id: string; private_metadata: string; blocks: Record<string, unknown>[] };
    expect(view.callback_id).toBe(`match-reject:${proposal}`);
    expect(view.blocks.map((b) => b.block_id)).toEqual(['reason']);
    expect(await status()).toEqual([{ status: 'proposed', reason: null }]);

    const submit = (reason: string) => outcomes(() => postSigned(h.url, viewSubmission({ user: COORD }, { id: 'V_REJECT', ...view }, { reason })));
    // Too short a reason is shown on its field and changes nothing.
    expect(await submit('no')).toEqual([expect.stringMatching(/^refused:/)]);
    expect(await status()).toEqual([{ status: 'proposed', reason: null }]);
    expect(await submit('they work in the same team')).toEqual(['ok']);
    expect(await status()).toEqual([{ status: 'rejected', reason: 'they work in the same team' }]);
    expect(await q(`select count(*)::int as n from audit_log where action = 'match.reject'`)).toEqual([{ n: 1 }]);
    expect(await q(`select * from matches`)).toEqual([]);
  });

  it('approves one pair by its button and the other with `approve all`: one private channel per match, with exactly the pair, and an introduction naming both', async () => {
    const { reply: round2 } = await command(COORD, 'workplace match propose');
    const approves = controls(round2!).filter((c) => c.element.text?.text === 'Approve');
    expect(approves).toHaveLength(2);
    const approve = click(COORD, round2!, approves[0]!);
    expect(await outcomes(() => exchange(h, approve))).toEqual(['ok']);
    expect(await q(`select status from match_proposals where id = '${approves[0]!.blockId.slice('match-round:'.length)}'`)).toEqual([{ status: 'approved' }]);
    const [first] = await matches('workplace');
    expect(first).toMatchObject({ state: 'active', channel: expect.stringMatching(/^G_/) });
    expect(h.api.callsTo('conversations.create')).toHaveLength(1);

    // Slack delivering the same click again is recognised: nothing is decided or opened twice.
    expect(await outcomes(() => exchange(h, approve, { retryNum: 1, retryReason: 'http_timeout' }))).toEqual(['duplicate']);
    expect(await matches('workplace')).toHaveLength(1);

    expect(await outcomes(() => command(COORD, 'workplace match approve all'))).toEqual(['ok']);
    const made = await matches('workplace');
    expect(made).toHaveLength(2);
    expect(new Set(made.map((m) => m.mentor)).size).toBe(2);
    expect(new Set(made.map((m) => m.mentee)).size).toBe(2);

    const creates = h.api.callsTo('conversations.create');
    expect(creates).toHaveLength(2);
    for (const m of made) {
      expect(m.state).toBe('active');
      const created = creates.filter((c) => (c.response?.channel as { id?: string } | undefined)?.id === m.channel);
      expect(created).toHaveLength(1);
      expect(String(created[0]!.args.is_private)).toBe('true');
      expect(created[0]!.args.name).toBe(m.channel_name);
      const invites = h.api.callsTo('conversations.invite').filter((c) => c.args.channel === m.channel);
      expect(invites).toHaveLength(1);
      expect(String(invites[0]!.args.users).split(',').sort()).toEqual([m.mentor, m.mentee].sort());
      const intro = postsIn(m.channel!).filter((p) => shown(p).includes(mentions(m.mentor)) && shown(p).includes(mentions(m.mentee)));
      expect(intro).toHaveLength(1);
      // Then one agreement prompt per member, in the channel, each naming its member.
      const prompts = postsIn(m.channel!).filter((p) => controls(p).some((c) => c.element.text?.text === 'I agree'));
      expect(prompts.map((p) => [m.mentor, m.mentee].filter((u) => shown(p).includes(mentions(u))))).toEqual([[m.mentor], [m.mentee]]);
    }

    // A second drain (a retry of the outbox) opens nothing and posts nothing more.
    const before = h.api.calls.length;
    await h.test.app.drain();
    expect(h.api.calls.slice(before).map((c) => c.method)).toEqual([]);
  });

  it('records each member’s agreement from their button in the pair’s channel, then tells the channel once that both agreed', async () => {
    for (const [i, m] of (await matches('workplace')).entries()) {
      const channel = m.channel!;
      const other = (user: string) => (user === m.mentor ? m.mentee : m.mentor);
      const promptOf = (user: string) => postsIn(channel).find((p) => controls(p).length > 0 && shown(p).includes(mentions(user)) && !shown(p).includes(mentions(other(user))))!;
      const agree = (user: string, of = user) => clickButtonIn(user, channel, promptOf(of), 'I agree', h.api.responseUrl(`agree${++requests}`));
      const agreed = () => postsIn(channel).filter((p) => /both agreed/i.test(shown(p)));

      // Someone else's prompt records nothing.
      if (i === 0) expect(await outcomes(() => exchange(h, agree(m.mentee, m.mentor)))).toEqual(['refused:not_your_prompt']);
      expect(await outcomes(() => exchange(h, agree(m.mentor)))).toEqual(['ok']);
      expect(agreed()).toEqual([]);
      const last = agree(m.mentee);
      expect(await outcomes(() => exchange(h, last))).toEqual(['ok']);
      expect(agreed()).toHaveLength(1);
      expect(await q(`select count(*)::int as n from match_members mm join matches x on x.id = mm.match_id where x.channel = '${channel}' and mm.acknowledged_at is not null`)).toEqual([{ n: 2 }]);

      // The same click delivered again, then another drain: nothing new in the channel.
      const posts = postsIn(channel).length;
      expect(await outcomes(() => exchange(h, last, { retryNum: 1 }))).toEqual(['duplicate']);
      await h.test.app.drain();
      expect(postsIn(channel)).toHaveLength(posts);
    }
  });

  it('opens a youth pair’s channel for the pair and the staff group, named without personal names; a failed introduction is retried without a second channel', async () => {
    const before = { creates: h.api.callsTo('conversations.create').length, invites: h.api.callsTo('conversations.invite').length };
    await runScript(h, `${COORD}: /mentor youth match propose\n`);
    // The introduction's post fails once (Slack is unavailable) after the channel is open.
    h.api.failNext('chat.postMessage', { status: 503 });
    await runScript(h, `${COORD}: /mentor youth match approve all\n`);
    const [m, ...more] = await matches('youth');
    expect(more).toEqual([]);
    expect(m).toMatchObject({ mentor: 'U_SAM', mentee: 'U_KIM', state: 'active', channel: expect.stringMatching(/^G_/) });
    const created = h.api.callsTo('conversations.create').slice(before.creates);
    expect(created).toHaveLength(1);
    expect(String(created[0]!.args.is_private)).toBe('true');
    const name = String(created[0]!.args.name);
    expect(name).toBe(m!.channel_name);
    for (const personal of ['sam', 'taylor', 'kim', 'jones']) expect(name.toLowerCase()).not.toContain(personal);
    const invites = h.api.callsTo('conversations.invite').slice(before.invites);
    expect(invites).toHaveLength(1);
    expect(invites[0]!.args.channel).toBe(m!.channel);
    expect(String(invites[0]!.args.users).split(',').sort()).toEqual(['U_KIM', 'U_SAM', ...STAFF].sort());
    expect(postsIn(m!.channel!)).toEqual([]);
    expect(await q(`select status from outbox where kind = 'introduction' and status <> 'sent'`)).toEqual([{ status: 'pending' }]);

    // Later, the outbox retries: the introduction is posted in the same channel, once.
    h.test.clock.advance(10 * 60_000);
    await h.test.app.drain();
    await h.test.app.drain();
    expect(h.api.callsTo('conversations.create')).toHaveLength(before.creates + 1);
    expect(h.api.callsTo('conversations.invite')).toHaveLength(before.invites + 1);
    const intro = postsIn(m!.channel!).filter((p) => shown(p).includes(mentions('U_SAM')) && shown(p).includes(mentions('U_KIM')));
    expect(intro).toHaveLength(1);
    expect(await q(`select status from outbox where kind = 'introduction' and status <> 'sent'`)).toEqual([]);
  });
});
