import { readFileSync } from 'node:fs';
import { ComponentType, InteractionResponseType, MessageFlags, OverwriteType, TextInputStyle } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_ALLOW } from '../../../adapters/discord/private-channels.js';
import { queryRows, sql } from '../../../src/db/client.js';
import { GUILD_ID, type FakeUser } from '../../fakes/discord/fake-discord.js';
import { callback, coordinator, handled, runScript, slashCommand, startHarness, type Harness } from './harness.js';

const person = (n: number, username: string): FakeUser => ({ id: `18000000000000003${String(n).padStart(2, '0')}`, username });
const tom = person(1, 'tom');
const nia = person(2, 'nia');
const PEOPLE = [coordinator, tom, nia];

type Input = { type: number; label: string; component: { type: number; custom_id: string; style: number; required: boolean; value?: string } };
type Modal = { custom_id: string; title: string; components: Input[] };
type Overwrite = { id: string; type: number; allow: string; deny: string };

/** The example's partnership CSV, its people given Discord ids. */
const csv = (file: string) => readFileSync(`examples/csv/partnership/${file}`, 'utf8').replace(/^tom,/m, `${tom.id},`).replace(/^nia,/m, `${nia.id},`);

/**
 * The inter-organisational example through the real discord.js client: a partnership's work
 * plan drafted with the activity modal (a type 9 response, then a modal submit), a bad date
 * refused in an ephemeral reply, an edit opened pre-filled, both agreeing, and a coordinator
 * joining the pair's channel (a member permission overwrite). Assertions read what the fake
 * Discord received and the database.
 */
describe('discord: work plans through the real discord.js client', () => {
  let h: Harness;
  let channel: string;
  const q = <T = Record<string, unknown>>(query: string) => queryRows<T & Record<string, unknown>>(h.testApp.database.db, sql.raw(query));
  /** What the bot posted in the pair's channel, successfully. */
  const postsIn = (id: string) => h.since(0, (r) => r.method === 'POST' && r.path === `/channels/${id}/messages` && r.status === 200).map((r) => (r.body as { content: string }).content);
  /** `/mentor <text>` as a slash command: its callback (the 3-second response) and the core's outcome. */
  async function command(user: FakeUser, text: string) {
    const id = slashCommand(h, user, text, PEOPLE);
    const reply = await callback(h, id);
    const outcome = await handled(h, id);
    await h.drain();
    return { reply, outcome };
  }
  async function modal(user: FakeUser, text: string): Promise<Modal> {
    const { reply, outcome } = await command(user, text);
    expect(outcome).toBe('ok');
    expect(reply.type).toBe(InteractionResponseType.Modal);
    return reply.data as unknown as Modal;
  }
  async function submit(user: FakeUser, form: Modal, values: Record<string, string>) {
    const id = h.fake.modalSubmit(user, form.custom_id, values);
    const reply = await callback(h, id);
    const outcome = await handled(h, id);
    await h.drain();
    return { reply, outcome };
  }
  const activities = () => q(`select number, title, lead, due_on::text as due, deliverable, indicator, status from work_plan_activities order by number`);
  const unchanged = async () => ({ activities: await activities(), changes: await q(`select id from work_plan_changes`), outbox: await q(`select id from outbox`) });
  const overwrites = () => (h.fake.rest.state.channels.get(channel)!.permission_overwrites ?? []) as Overwrite[];

  beforeAll(async () => {
    // A long reply budget: a loaded machine still answers in the interaction's own response.
    h = await startHarness({ programFiles: ['examples/inter-organisational.yaml'], users: [tom, nia], replyBudgetMs: 20_000 });
    await h.testApp.app.importApplicants('discord', GUILD_ID, 'mentor', csv('mentors.csv'), 'mentors.csv');
    await h.testApp.app.importApplicants('discord', GUILD_ID, 'mentee', csv('mentees.csv'), 'mentees.csv');
    // Both organisations accept (a typed "1" in their DM answers the question there).
    await runScript(h, 'cora: /mentor match propose\ncora: /mentor match approve all\ntom: 1\nnia: 1\n', PEOPLE);
    const [match] = await q<{ state: string; channel: string }>(`select state, channel from matches`);
    expect(match?.state).toBe('active');
    channel = match!.channel;
    expect(overwrites().filter((o) => o.type === OverwriteType.Member).map((o) => o.id)).toEqual(expect.arrayContaining([tom.id, nia.id]));
  });
  afterAll(async () => h?.close());

  it('answers the command with the five-input activity modal, and its submission stores the activity and tells the channel', async () => {
    const form = await modal(nia, 'plan add community');
    expect(form.custom_id).toMatch(/^workplan-activity:[0-9a-f-]{36}:new:community$/);
    expect(form.title).toBe('Add an activity');
    expect(form.components.map((c) => [c.type, c.component.type, c.component.custom_id, c.component.style, c.component.required])).toEqual([
      [ComponentType.Label, ComponentType.TextInput, 'title', TextInputStyle.Short, true],
      [ComponentType.Label, ComponentType.TextInput, 'due', TextInputStyle.Short, true],
      [ComponentType.Label, ComponentType.TextInput, 'deliverable', TextInputStyle.Short, false],
      [ComponentType.Label, ComponentType.TextInput, 'indicator', TextInputStyle.Paragraph, false],
      [ComponentType.Label, ComponentType.TextInput, 'reason', TextInputStyle.Paragraph, false],
    ]);
    const done = await submit(nia, form, { title: 'Draft a logic model', due: '2027-03-31', deliverable: 'A one-page logic model', indicator: 'Staff use it to plan the spring intake', reason: '' });
    expect(done.outcome).toBe('ok');
    expect(done.reply.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: 'Added activity 1 “Draft a logic model”. When the plan is complete, each of you agrees with `/mentor plan agree`.' });
    expect(await activities()).toEqual([
      { number: 1, title: 'Draft a logic model', lead: 'community', due: '2027-03-31', deliverable: 'A one-page logic model', indicator: 'Staff use it to plan the spring intake', status: 'not_started' },
    ]);
    expect(postsIn(channel)).toContain(`<@${nia.id}> added activity 1 “Draft a logic model” (the community organisation, due 2027-03-31).`);
  });

  it('refuses a due date that does not exist in a private reply, changing nothing', async () => {
    const form = await modal(nia, 'plan add together');
    const before = await unchanged();
    const bad = await submit(nia, form, { title: 'Share results with the board', due: '2027-02-30', deliverable: '', indicator: '', reason: '' });
    expect(bad.outcome).toBe('refused:bad_argument');
    expect(bad.reply.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: 'The due date: February 2027 has 28 days, so 2027-02-30 is not a date. Nothing was changed.' });
    expect(await unchanged()).toEqual(before);
  });

  it('opens an edit pre-filled with the activity as it stands', async () => {
    const form = await modal(tom, 'plan edit 1');
    expect(form.custom_id).toMatch(/^workplan-activity:[0-9a-f-]{36}:1:community$/);
    expect(form.title).toBe('Change activity 1');
    expect(Object.fromEntries(form.components.map((c) => [c.component.custom_id, c.component.value]))).toEqual({
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
    await runScript(h, 'nia: /mentor plan agree\n', PEOPLE);
    expect(await q(`select state, version from work_plans`)).toEqual([{ state: 'draft', version }]);
    await runScript(h, 'tom: /mentor plan agree\n', PEOPLE);
    expect(await q(`select state, version, agreed_at is not null as agreed from work_plans`)).toEqual([{ state: 'active', version, agreed: true }]);
    expect(postsIn(channel).at(-1)).toContain(`The work plan is active: both organisations agreed to version ${version} (1 activity).`);
  });

  it('lets a coordinator who joins into the channel with a member overwrite, once', async () => {
    const mark = h.mark();
    const join = await command(coordinator, 'plan join 1');
    expect(join.outcome).toBe('ok');
    expect(join.reply.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: `I am adding you to <#${channel}>.` });
    const puts = h.since(mark, (r) => r.method === 'PUT' && r.path.startsWith('/channels/'));
    expect(puts.map((r) => [r.path, r.body, r.status])).toEqual([
      [`/channels/${channel}/permissions/${coordinator.id}`, { type: OverwriteType.Member, allow: MEMBER_ALLOW.toString(), deny: '0' }, 204],
    ]);
    expect(overwrites().filter((o) => o.id === coordinator.id)).toEqual([{ id: coordinator.id, type: OverwriteType.Member, allow: MEMBER_ALLOW.toString(), deny: '0' }]);
    expect(postsIn(channel).at(-1)).toBe(`<@${coordinator.id}>, a coordinator of Knowledge Mobilisation Mentorship, has joined this channel to support you both, for example on a call about your work plan.`);
    // Setting the same overwrite again is harmless: still one for the coordinator.
    await h.adapter.chat.addToChannel({ platform: 'discord', workspace: GUILD_ID, channel }, coordinator.id);
    expect(overwrites().filter((o) => o.id === coordinator.id)).toHaveLength(1);
  });
});
