import { ButtonStyle, ChannelType, ComponentType, InteractionResponseType, MessageFlags, OverwriteType, PermissionFlagsBits as P } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseComponentId } from '../../../adapters/discord/custom-ids.js';
import { MEMBER_ALLOW } from '../../../adapters/discord/private-channels.js';
import { queryRows, sql } from '../../../src/db/client.js';
import type { ApplicantRole } from '../../../src/domain/programs/definition.js';
import { apiMessage, apiUser, BOT_ID, GENERAL_CHANNEL_ID, GUILD_ID, STAFF_ROLE_ID, snowflake, type FakeUser, type RecordedRequest } from '../../fakes/discord/fake-discord.js';
import { approvalScript, intakeScript } from '../../support/intake-script.js';
import { programVariant } from '../../support/program-variant.js';
import { callback, coordinator, handled, runScript, slashCommand, startHarness, type Harness } from './harness.js';

const AGREEMENT = {
  meetingFrequency: 'every two weeks',
  meetingLength: 'about an hour',
  boundaries: 'Keep to work topics unless you both want otherwise.',
  confidentiality: 'What you discuss stays between you, unless someone is at risk.',
  contact: 'Priya Shah, the programme coordinator.',
};

const person = (n: number, username: string): FakeUser => ({ id: `18000000000000001${String(n).padStart(2, '0')}`, username });
const max = person(1, 'max');
const lea = person(2, 'lea');
const mia = person(3, 'mia');
const noa = person(4, 'noa');
const sam = person(5, 'sam');
const kim = person(6, 'kim');
const PEOPLE = [coordinator, max, lea, mia, noa, sam, kim];
const CORA = coordinator.username;

type Button = { type: number; custom_id: string; label: string; style: number; disabled?: boolean };
type Row = { type: number; components: Button[] };
type Body = { content: string; embeds?: { description?: string; fields?: { name: string; value: string }[] }[]; components?: Row[] };
type Overwrite = { id: string; type: number; allow: string; deny: string };
type Created = { name: string; type: number; parent_id?: string; permission_overwrites: Overwrite[] };
type MatchRow = { number: number; mentor: string; mentee: string; channel: string | null; channel_name: string | null; state: string };

const mention = (id: string) => `<@${id}>`;
const buttons = (body: Body) => (body.components ?? []).flatMap((r) => r.components);
/** The text a posted message shows: its content and its embeds. */
const shown = (body: Body) => [body.content, ...(body.embeds ?? []).flatMap((e) => [e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].join('\n');
/** `/mentor <slug> …` in every command line of a script: two programs are loaded, so each line names its own. */
const inProgram = (slug: string, script: string) => script.replaceAll(': /mentor ', `: /mentor ${slug} `);

/**
 * Two programs in one server (one discord.js client, one database): the workplace program
 * with a match agreement, and the youth example, whose pairs' channels include the staff role.
 */
describe('discord: matching, introductions and agreement through the real discord.js client', () => {
  let h: Harness;
  let round1: { message: Record<string, unknown>; rows: Row[] };
  const q = <T = Record<string, unknown>>(query: string) => queryRows<T & Record<string, unknown>>(h.testApp.database.db, sql.raw(query));
  const matches = (slug: string) =>
    q<MatchRow>(`select m.number, r.platform_user_id as mentor, e.platform_user_id as mentee, m.channel, m.channel_name, m.state
      from matches m join programs p on p.id = m.program_id join people r on r.id = m.mentor_id join people e on e.id = m.mentee_id
      where p.slug = '${slug}' order by m.number`);
  const join = (slug: string, user: FakeUser, role: ApplicantRole, answers: Record<string, string>) =>
    runScript(h, inProgram(slug, intakeScript(h.testApp.catalog.require(slug), user.username, role, answers)), PEOPLE);
  /** Text channels the bot created in the server since the start. */
  const createdChannels = () =>
    h.since(0, (r) => r.method === 'POST' && r.path === `/guilds/${GUILD_ID}/channels` && (r.body as Created).type === ChannelType.GuildText && r.status === 201);
  const postsIn = (channel: string): RecordedRequest[] => h.since(0, (r) => r.method === 'POST' && r.path === `/channels/${channel}/messages` && r.status === 200);
  /** The ephemeral round as Discord sends it back with a click on it. */
  const ephemeralMessage = (data: Body) =>
    apiMessage({ id: snowflake(), channel_id: GENERAL_CHANNEL_ID, author: apiUser({ id: BOT_ID, username: 'mentorbot' }, true), content: data.content, components: data.components, flags: MessageFlags.Ephemeral });
  const press = (user: FakeUser, message: Record<string, unknown>, button: Button) => h.fake.component(user, message, { custom_id: button.custom_id, component_type: ComponentType.Button });
  /** Waits for the core to handle a redelivered interaction: the outcome of its second handling. */
  async function handledAgain(id: string): Promise<string> {
    for (let i = 0; i < 1_000; i++) {
      const lines = h.testApp.logs.filter((l) => l.eventId === id && l.msg === 'handled event');
      if (lines.length > 1) return String(lines.at(-1)!.outcome);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`event ${id} was not handled again`);
  }

  beforeAll(async () => {
    const workplace = programVariant('examples/workplace.yaml', { introduction: { agreement: AGREEMENT } });
    // A long reply budget: a loaded machine still answers in the interaction's own response.
    h = await startHarness({ programFiles: [workplace, 'examples/youth.yaml'], staffRole: 'Mentoring Staff', users: PEOPLE.slice(1), replyBudgetMs: 20_000 });
    await runScript(h, `${CORA}: /mentor help\n`, PEOPLE);

    const workplaceProgram = h.testApp.catalog.require('workplace');
    // Every mentor shares a goal with every mentee, so any two pairs make a round.
    for (const user of [max, lea]) {
      await join('workplace', user, 'mentor', { expertise: '2,3,5', department: '2' });
      const training = `${CORA}: /mentor training record @${user.username} fundamentals\n${CORA}: /mentor training record @${user.username} boundaries\n${CORA}: /mentor match capacity @${user.username} 1\n`;
      await runScript(h, inProgram('workplace', approvalScript(workplaceProgram, CORA, user.username, 'mentor') + training), PEOPLE);
    }
    for (const [user, goals] of [[mia, '2,5'], [noa, '3']] as const) {
      await join('workplace', user, 'mentee', { goals, department: '1' });
      await runScript(h, inProgram('workplace', approvalScript(workplaceProgram, CORA, user.username, 'mentee')), PEOPLE);
    }

    const youth = h.testApp.catalog.require('youth');
    await join('youth', sam, 'mentor', { age: '34', interests: '1,2' });
    const modules = youth.training.modules.filter((m) => m.required).map((m) => `${CORA}: /mentor training record @sam ${m.id}\n`);
    await runScript(h, inProgram('youth', approvalScript(youth, CORA, 'sam', 'mentor') + modules.join('')), PEOPLE);
    await join('youth', kim, 'mentee', { age: '15', interests: '1' });
    await runScript(h, inProgram('youth', `${CORA}: /mentor check @kim welcome_call\n${CORA}: /mentor guardian @kim form 2026-11-20 "Alex Jones (father)"\n${CORA}: /mentor approve @kim\n`), PEOPLE);
  });
  afterAll(async () => h?.close());

  it('renders a proposed round natively: a row of Approve and Reject buttons per pair, each pair named', async () => {
    const id = slashCommand(h, coordinator, 'workplace match propose', PEOPLE);
    const reply = await callback(h, id);
    expect(await handled(h, id)).toBe('ok');
    expect(reply).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const data = reply.data as unknown as Body;
    const proposals = await q<{ id: string; mentor: string; mentee: string }>(
      `select x.id, r.platform_user_id as mentor, e.platform_user_id as mentee from match_proposals x
        join people r on r.id = x.mentor_id join people e on e.id = x.mentee_id where x.status = 'proposed'`,
    );
    expect(proposals).toHaveLength(2);
    const rows = data.components!;
    expect(rows).toHaveLength(2);
    const fields = data.embeds!.flatMap((e) => e.fields ?? []);
    for (const row of rows) {
      expect(row.type).toBe(ComponentType.ActionRow);
      const [approve, reject] = row.components;
      expect(row.components).toHaveLength(2);
      const n = approve!.label.split(' · ')[0]!;
      expect([approve!.label, approve!.style, reject!.label, reject!.style]).toEqual([`${n} · Approve`, ButtonStyle.Primary, `${n} · Reject`, ButtonStyle.Danger]);
      const a = parseComponentId(approve!.custom_id, false);
      const r = parseComponentId(reject!.custom_id, false);
      expect([a, r]).toEqual([
        { kind: 'choice', promptId: expect.stringMatching(/^match-round:[0-9a-f-]{36}$/), value: 'approve' },
        { kind: 'choice', promptId: a.kind === 'choice' ? a.promptId : '', value: 'reject' },
      ]);
      // The numbered section the row belongs to names the pair it decides.
      const pair = proposals.find((p) => a.kind === 'choice' && a.promptId === `match-round:${p.id}`)!;
      expect(pair).toBeDefined();
      const field = fields.find((f) => f.name.startsWith(`${n}. `))!;
      expect(field.value).toContain(mention(pair.mentor));
      expect(field.value).toContain(mention(pair.mentee));
    }
    round1 = { message: ephemeralMessage(data), rows };
  });

  it('refuses a participant who clicks Approve, changing nothing', async () => {
    const click = press(max, round1.message, round1.rows[0]!.components[0]!);
    const reply = await callback(h, click);
    expect(await handled(h, click)).toBe('refused:not_coordinator');
    expect(reply).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(await q(`select * from matches`)).toEqual([]);
    expect(await q(`select status from match_proposals where status <> 'proposed'`)).toEqual([]);
    expect(createdChannels()).toEqual([]);
  });

  it('rejects a pair from its Reject button: a modal asks why, and its submission rejects the pair', async () => {
    const reject = round1.rows[0]!.components[1]!;
    const id = (parseComponentId(reject.custom_id, false) as { promptId: string }).promptId.slice('match-round:'.length);
    const status = () => q(`select status, reason from match_proposals where id = '${id}'`);
    const click = press(coordinator, round1.message, reject);
    const modal = await callback(h, click);
    expect(modal).toMatchObject({ type: InteractionResponseType.Modal, data: { custom_id: `match-reject:${id}` } });
    const inputs = (modal.data!.components as { component: { custom_id: string } }[]).map((c) => c.component.custom_id);
    expect(inputs).toEqual(['reason']);
    expect(await status()).toEqual([{ status: 'proposed', reason: null }]);

    const submit = async (reason: string) => {
      const sent = h.fake.modalSubmit(coordinator, `match-reject:${id}`, { reason }, { message: round1.message });
      await callback(h, sent);
      return handled(h, sent);
    };
    // Too short a reason is refused and changes nothing.
    expect(await submit('no')).toMatch(/^refused:/);
    expect(await status()).toEqual([{ status: 'proposed', reason: null }]);
    expect(await submit('they work in the same team')).toBe('ok');
    expect(await status()).toEqual([{ status: 'rejected', reason: 'they work in the same team' }]);
    expect(await q(`select count(*)::int as n from audit_log where action = 'match.reject'`)).toEqual([{ n: 1 }]);
    expect(await q(`select * from matches`)).toEqual([]);
  });

  it('approves one pair by its button and the other with `approve all`: one channel per match in the category, hidden from @everyone, open to exactly the pair, and an introduction naming both', async () => {
    const id = slashCommand(h, coordinator, 'workplace match propose', PEOPLE);
    const data = (await callback(h, id)).data as unknown as Body;
    const rows = data.components!;
    expect(rows).toHaveLength(2);
    const approve = press(coordinator, ephemeralMessage(data), rows[0]!.components[0]!);
    await callback(h, approve);
    expect(await handled(h, approve)).toBe('ok');
    await h.drain();
    const [first] = await matches('workplace');
    expect(first).toMatchObject({ state: 'active', channel: expect.any(String) });
    expect(createdChannels()).toHaveLength(1);

    // The gateway delivering the same click again (after a resume) gets no second callback and
    // acts nothing; a second click on the same button is told the pair is decided.
    h.fake.redeliver(approve);
    const again = press(coordinator, ephemeralMessage(data), rows[0]!.components[0]!);
    await callback(h, again);
    expect(await handled(h, again)).toBe('refused:already_decided');
    await h.drain();
    expect(h.fake.callbacksOf(approve)).toHaveLength(1);
    expect(h.testApp.logs.filter((l) => l.eventId === approve && l.msg === 'handled event').map((l) => l.outcome)).toEqual(['ok']);
    expect(await matches('workplace')).toHaveLength(1);
    expect(createdChannels()).toHaveLength(1);

    const all = slashCommand(h, coordinator, 'workplace match approve all', PEOPLE);
    await callback(h, all);
    expect(await handled(h, all)).toBe('ok');
    await h.drain();
    const made = await matches('workplace');
    expect(made).toHaveLength(2);
    expect(new Set(made.map((m) => m.mentor)).size).toBe(2);
    expect(new Set(made.map((m) => m.mentee)).size).toBe(2);

    const category = h.since(0, (r) => r.method === 'POST' && r.path === `/guilds/${GUILD_ID}/channels` && (r.body as Created).type === ChannelType.GuildCategory);
    expect(category.map((c) => (c.body as Created).name)).toEqual([h.config.category]);
    const categoryId = (category[0]!.response as { id: string }).id;
    const created = createdChannels();
    expect(created).toHaveLength(2);
    for (const m of made) {
      expect(m.state).toBe('active');
      const mine = created.filter((c) => (c.response as { id: string }).id === m.channel);
      expect(mine).toHaveLength(1);
      const channel = mine[0]!.body as Created;
      expect(channel).toMatchObject({ name: m.channel_name, parent_id: categoryId });
      const overwrites = channel.permission_overwrites;
      expect(overwrites.find((o) => o.id === GUILD_ID)).toMatchObject({ type: OverwriteType.Role, deny: String(P.ViewChannel) });
      // Exactly the pair (and the bot itself) as members; no role but @everyone, which is denied.
      const members = overwrites.filter((o) => o.type === OverwriteType.Member && o.id !== BOT_ID);
      expect(members.map((o) => o.id).sort()).toEqual([m.mentor, m.mentee].sort());
      for (const o of members) expect(BigInt(o.allow) & P.ViewChannel).toBe(P.ViewChannel);
      expect(overwrites.filter((o) => o.type === OverwriteType.Role).map((o) => o.id)).toEqual([GUILD_ID]);

      const posts = postsIn(m.channel!).map((r) => r.body as Body);
      const intro = posts.filter((b) => shown(b).includes(mention(m.mentor)) && shown(b).includes(mention(m.mentee)));
      expect(intro).toHaveLength(1);
      // Then one agreement prompt per member, in the channel, each naming its member.
      const prompts = posts.filter((b) => buttons(b).some((c) => c.label === 'I agree'));
      expect(prompts.map((b) => [m.mentor, m.mentee].filter((u) => shown(b).includes(mention(u))))).toEqual([[m.mentor], [m.mentee]]);
    }

    // A second drain (a retry of the outbox) opens nothing and posts nothing more.
    const mark = h.mark();
    await h.drain();
    expect(h.since(mark).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('records each member’s agreement from their button in the pair’s channel, then tells the channel once that both agreed', async () => {
    const user = (id: string) => PEOPLE.find((p) => p.id === id)!;
    for (const [i, m] of (await matches('workplace')).entries()) {
      const channel = m.channel!;
      const other = (id: string) => (id === m.mentor ? m.mentee : m.mentor);
      const promptOf = (id: string) => postsIn(channel).find((r) => buttons(r.body as Body).length > 0 && shown(r.body as Body).includes(mention(id)) && !shown(r.body as Body).includes(mention(other(id))))!;
      const agree = async (id: string, of = id) => {
        const prompt = promptOf(of);
        const button = buttons(prompt.body as Body).find((b) => b.label === 'I agree')!;
        const click = press(user(id), prompt.response as Record<string, unknown>, button);
        await callback(h, click);
        const outcome = await handled(h, click);
        await h.drain();
        return { click, outcome };
      };
      const agreed = () => postsIn(channel).filter((r) => /both agreed/i.test(shown(r.body as Body)));

      // Someone else's prompt records nothing.
      if (i === 0) expect((await agree(m.mentee, m.mentor)).outcome).toBe('refused:not_your_prompt');
      expect((await agree(m.mentor)).outcome).toBe('ok');
      expect(agreed()).toEqual([]);
      const last = await agree(m.mentee);
      expect(last.outcome).toBe('ok');
      expect(agreed()).toHaveLength(1);
      expect(await q(`select count(*)::int as n from match_members mm join matches x on x.id = mm.match_id where x.channel = '${channel}' and mm.acknowledged_at is not null`)).toEqual([{ n: 2 }]);
      if (i > 0) continue;

      // After a restart, the gateway delivers the same click again: the database recognises it,
      // and another drain adds nothing to the channel.
      const posts = postsIn(channel).length;
      await h.restart();
      h.fake.redeliver(last.click);
      expect(await handledAgain(last.click)).toBe('duplicate');
      await h.drain();
      expect(postsIn(channel)).toHaveLength(posts);
      expect(h.fake.callbacksOf(last.click)).toHaveLength(1);
    }
  });

  it('opens a youth pair’s channel for the pair and the staff role, named without personal names; a failed introduction is retried without a second channel', async () => {
    const before = createdChannels().length;
    await runScript(h, `${CORA}: /mentor youth match propose\n`, PEOPLE);
    // The introduction's post is rate-limited once, after the channel is open.
    h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 2, global: false },
      headers: { 'retry-after': '2', 'x-ratelimit-scope': 'user', 'x-ratelimit-bucket': 'fake-bucket' },
    });
    await runScript(h, `${CORA}: /mentor youth match approve all\n`, PEOPLE);
    const [m, ...more] = await matches('youth');
    expect(more).toEqual([]);
    expect(m).toMatchObject({ mentor: sam.id, mentee: kim.id, state: 'active', channel: expect.any(String) });
    const created = createdChannels().slice(before);
    expect(created).toHaveLength(1);
    const channel = created[0]!.body as Created;
    expect((created[0]!.response as { id: string }).id).toBe(m!.channel);
    expect(channel.name).toBe(m!.channel_name);
    for (const personal of ['sam', 'kim', 'alex', 'jones']) expect(channel.name.toLowerCase()).not.toContain(personal);
    const overwrites = channel.permission_overwrites;
    expect(overwrites.find((o) => o.id === GUILD_ID)).toMatchObject({ type: OverwriteType.Role, deny: String(P.ViewChannel) });
    expect(overwrites.filter((o) => o.type === OverwriteType.Member && o.id !== BOT_ID).map((o) => o.id).sort()).toEqual([sam.id, kim.id].sort());
    expect(overwrites.filter((o) => o.type === OverwriteType.Role).map((o) => o.id).sort()).toEqual([GUILD_ID, STAFF_ROLE_ID].sort());
    expect(overwrites.find((o) => o.id === STAFF_ROLE_ID)).toMatchObject({ allow: String(MEMBER_ALLOW) });
    expect(postsIn(m!.channel!)).toEqual([]);
    expect(await q(`select status from outbox where kind = 'introduction' and status <> 'sent'`)).toEqual([{ status: 'pending' }]);

    // Later, the outbox retries: the introduction is posted in the same channel, once.
    h.testApp.clock.advance(10 * 60_000);
    await h.drain();
    await h.drain();
    expect(createdChannels()).toHaveLength(before + 1);
    const intro = postsIn(m!.channel!).filter((r) => shown(r.body as Body).includes(mention(sam.id)) && shown(r.body as Body).includes(mention(kim.id)));
    expect(intro).toHaveLength(1);
    expect(await q(`select status from outbox where kind = 'introduction' and status <> 'sent'`)).toEqual([]);
  });
});
