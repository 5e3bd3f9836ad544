import { ApplicationCommandOptionType as T, ButtonStyle, ComponentType, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DM_CLOSED_NOTICE } from '../../../adapters/discord/discord-chat.js';
import { DeliveryError } from '../../../src/core/errors.js';
import { message } from '../../../src/core/render.js';
import { GENERAL_CHANNEL_ID, GUILD_ID, type FakeUser } from '../../fakes/discord/fake-discord.js';
import { alice, bob, callback, coordinator, followUp, posted, startHarness, type Harness } from './harness.js';

type Row = { type: number; components: { type: number; custom_id: string; label?: string; disabled?: boolean; style?: number; max_values?: number }[] };

describe('Discord prompts, forms and DMs through the real discord.js client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ noticeChannelId: GENERAL_CHANNEL_ID });
  });
  afterAll(async () => h?.close());

  /** `/mentor e2e ask <kind>`, then the outbox delivers the question as a DM. */
  async function ask(user: FakeUser, kind: string) {
    const mark = h.mark();
    const id = h.fake.command(user, {
      options: [{ type: T.SubcommandGroup, name: 'e2e', options: [{ type: T.Subcommand, name: 'ask', options: [{ type: T.String, name: 'kind', value: kind }] }] }],
    });
    expect((await callback(h, id)).data?.content).toBe('I have sent you a direct message.');
    await h.drain();
    return { interaction: id, mark };
  }

  async function askAndReceive(user: FakeUser, kind: string) {
    const { mark } = await ask(user, kind);
    const dm = await posted(h, mark);
    const body = dm.body as { content: string; components: Row[] };
    return { body, message: dm.response as Record<string, unknown>, channelId: dm.path.split('/')[2] as string };
  }

  it('delivers a choice as buttons and takes the click as the answer, closing the prompt', async () => {
    const { body, message: dm } = await askAndReceive(alice, 'buttons');
    expect(body.content).toContain('**How did it go?**');
    const buttons = body.components[0]?.components ?? [];
    expect(buttons.map((b) => b.label)).toEqual(['Good', 'OK', 'Not great']);
    const click = h.fake.component(alice, dm, { custom_id: buttons[1]!.custom_id, component_type: ComponentType.Button }, { dm: true });
    const update = await callback(h, click);
    expect(update.type).toBe(InteractionResponseType.UpdateMessage);
    const closed = (update.data?.components as Row[])[0]?.components ?? [];
    expect(closed.every((b) => b.disabled)).toBe(true);
    expect(closed[1]?.style).toBe(ButtonStyle.Success);
    expect((await followUp(h, click)).content).toBe('Recorded: ok');

    // A second click on the same question changes nothing and says so.
    const again = h.fake.component(alice, dm, { custom_id: buttons[0]!.custom_id, component_type: ComponentType.Button }, { dm: true });
    expect((await followUp(h, again)).content).toMatch(/already answered/);
  });

  it('delivers several answers as a select and takes the selection', async () => {
    const { body, message: dm } = await askAndReceive(alice, 'select');
    const select = body.components[0]?.components[0];
    expect(select).toMatchObject({ type: ComponentType.StringSelect, max_values: 2 });
    const pick = h.fake.component(alice, dm, { custom_id: select!.custom_id, component_type: ComponentType.StringSelect, values: ['career', 'hobbies'] }, { dm: true });
    expect((await callback(h, pick)).type).toBe(InteractionResponseType.UpdateMessage);
    expect((await followUp(h, pick)).content).toBe('Recorded: career, hobbies');
  });

  it('holds a DM conversation: a typed reply answers the open question', async () => {
    const { body, channelId } = await askAndReceive(bob, 'text');
    expect(body.components[0]?.components[0]?.label).toBe('Answer');
    const mark = h.mark();
    h.fake.directMessage(bob, 'Getting better at maths');
    const reply = await posted(h, mark, channelId);
    expect((reply.body as { content: string }).content).toBe('Recorded: Getting better at maths');

    const later = h.mark();
    h.fake.directMessage(bob, 'hello?');
    expect(((await posted(h, later, channelId)).body as { content: string }).content).toMatch(/only understand commands/);
  });

  it('answers a free-text question from its Answer button through a modal', async () => {
    const { body, message: dm } = await askAndReceive(alice, 'text');
    const answer = body.components[0]?.components[0];
    const click = h.fake.component(alice, dm, { custom_id: answer!.custom_id, component_type: ComponentType.Button }, { dm: true });
    const modal = await callback(h, click);
    expect(modal).toMatchObject({ type: InteractionResponseType.Modal, data: { custom_id: answer!.custom_id } });
    const submit = h.fake.modalSubmit(alice, answer!.custom_id, { answer: 'Public speaking' }, { dm: true });
    expect(((await callback(h, submit)).data?.content)).toBe('Recorded: Public speaking');
  });

  it('opens a form as a modal and names the problem of a bad submission', async () => {
    const id = h.fake.command(alice, { options: [{ type: T.SubcommandGroup, name: 'e2e', options: [{ type: T.Subcommand, name: 'form', options: [] }] }] });
    const modal = await callback(h, id);
    expect(modal.type).toBe(InteractionResponseType.Modal);
    const labels = modal.data?.components as { type: number; label: string; component: { custom_id: string; required: boolean } }[];
    expect(labels.map((l) => [l.type, l.label, l.component.custom_id, l.component.required])).toEqual([
      [ComponentType.Label, 'How old are you?', 'age', true],
      [ComponentType.Label, 'Your goal', 'goal', false],
    ]);
    const bad = h.fake.modalSubmit(alice, 'e2e:about', { age: 'twelve', goal: '' });
    const refused = await callback(h, bad);
    expect(refused.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: 'Age: please enter a whole number from 13 to 18.' });
    const good = h.fake.modalSubmit(alice, 'e2e:about', { age: '15', goal: 'Make friends' });
    expect((await callback(h, good)).data?.content).toBe('Thanks! Saved (age 15).');
  });

  it('tells the person in an ephemeral follow-up when their DMs are closed, and alerts a coordinator', async () => {
    // The coordinator has used the bot, so the program knows them.
    await callback(h, h.fake.command(coordinator, { options: [{ type: T.Subcommand, name: 'help', options: [] }] }));
    h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 403, body: { code: 50007, message: 'Cannot send messages to this user' } });
    const { interaction, mark } = await ask(bob, 'buttons');
    const notice = await followUp(h, interaction);
    expect(notice.flags).toBe(MessageFlags.Ephemeral);
    expect(String(notice.content)).toContain(DM_CLOSED_NOTICE);
    expect(String(notice.content)).toContain('How did it go?');
    // The outbox marks the delivery dead (permanent) and queues an alert to the coordinators.
    await h.drain();
    const coordinatorDm = h.fake.rest.dmChannels.get(coordinator.id);
    const alert = h.since(mark, (r) => r.method === 'POST' && r.path === `/channels/${coordinatorDm}/messages`);
    expect(alert.map((r) => (r.body as { content: string }).content).join('\n')).toMatch(/dm_closed/);
  });

  it('tells someone with closed DMs in a private thread when no interaction is open', async () => {
    h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, { status: 403, body: { code: 50007, message: 'Cannot send messages to this user' } });
    const someone = { id: '1800000000000000077', username: 'dana' };
    h.fake.rest.state.users.set(someone.id, someone);
    const mark = h.mark();
    const sending = h.adapter.chat.sendDirect({ platform: 'discord', workspace: GUILD_ID, user: someone.id }, message('Hello'));
    await expect(sending).rejects.toMatchObject({ options: { permanent: true, code: 'dm_closed' } });
    await expect(sending).rejects.toBeInstanceOf(DeliveryError);
    const thread = h.since(mark, (r) => r.method === 'POST' && r.path === `/channels/${GENERAL_CHANNEL_ID}/threads`)[0];
    expect(thread?.body).toMatchObject({ type: 12, invitable: false });
    const threadId = (thread?.response as { id: string }).id;
    expect(h.since(mark, (r) => r.method === 'PUT' && r.path === `/channels/${threadId}/thread-members/${someone.id}`)).toHaveLength(1);
    const notice = await posted(h, mark, threadId);
    expect((notice.body as { content: string }).content).toContain(DM_CLOSED_NOTICE);
  });
});
