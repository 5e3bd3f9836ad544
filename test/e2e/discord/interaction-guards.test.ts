import { ApplicationCommandOptionType as T, InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../fakes/discord/fake-discord.js';
import { callback, handled, startHarness, type Harness } from './harness.js';

const dana: FakeUser = { id: '1800000000000000011', username: 'dana' };
const ezra: FakeUser = { id: '1800000000000000012', username: 'ezra' };
const finn: FakeUser = { id: '1800000000000000013', username: 'finn' };
const gwen: FakeUser = { id: '1800000000000000014', username: 'gwen' };

const help = { options: [{ type: T.Subcommand, name: 'help', options: [] }] };

/** Every later dispatch is handled after this one's callback: the gateway delivers in order. */
async function settle(h: Harness, user: FakeUser): Promise<void> {
  await callback(h, h.fake.command(user, help));
}

/** DMs the bot posted to a person since `mark` (a started intake always sends one). */
const dmsTo = (h: Harness, user: FakeUser, mark: number) =>
  h.since(mark, (r) => r.method === 'POST' && r.path === `/channels/${h.fake.rest.dmChannels.get(user.id)}/messages`);

describe('Discord: what reaches the core, and how often it is answered', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [dana, ezra, finn, gwen] });
  });
  afterAll(async () => h?.close());

  it('answers a command other than /mentor with "unknown command", running nothing', async () => {
    const id = h.fake.command(dana, { name: 'frobnicate', options: [{ type: T.Subcommand, name: 'help', options: [] }] });
    const body = await callback(h, id);
    expect(body).toMatchObject({ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(body.data?.content).toBe('I do not know the command `/frobnicate`. Use `/mentor`, e.g. `/mentor help`.');
    await settle(h, dana);
    expect(h.testApp.logs.some((l) => l.eventId === id)).toBe(false);
  });

  it('refuses an unknown option instead of reading its value as words of the command', async () => {
    const mark = h.mark();
    const id = h.fake.command(ezra, { options: [{ type: T.String, name: 'help', value: 'join' }] });
    const body = await callback(h, id);
    expect(await handled(h, id)).toMatch(/^refused:/);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data?.content).toBe('Tell me what to do, e.g. `/mentor help`.');
    await h.drain();
    expect(dmsTo(h, ezra, mark)).toEqual([]);
  });

  it('refuses an unknown option on a known subcommand, naming it', async () => {
    const mark = h.mark();
    const id = h.fake.command(ezra, { options: [{ type: T.Subcommand, name: 'program', options: [{ type: T.String, name: 'help', value: 'join' }] }] });
    const body = await callback(h, id);
    expect(await handled(h, id)).toBe('refused:extra_argument');
    expect(body.data?.content).toContain('`/mentor program` has no option “help”.');
    await h.drain();
    expect(dmsTo(h, ezra, mark)).toEqual([]);
  });

  it('gives an interaction dispatched twice exactly one callback, acting once', async () => {
    const id = h.fake.command(finn, { options: [{ type: T.Subcommand, name: 'join', options: [] }] });
    h.fake.redeliver(id);
    const body = await callback(h, id);
    expect(body.data?.content).toBe('Thanks for your interest! I have sent you a direct message to get started.');
    await settle(h, finn);
    expect(h.fake.callbacksOf(id)).toHaveLength(1);
    expect(h.testApp.logs.filter((l) => l.eventId === id && l.msg === 'handled event').map((l) => l.outcome)).toEqual(['ok']);
  });

  it('sends no callback at all for a redelivery the database recognises (after a restart), not even "Done."', async () => {
    const id = h.fake.command(gwen, help);
    await callback(h, id);
    await h.restart();
    h.fake.redeliver(id);
    const outcomes = () => h.testApp.logs.filter((l) => l.eventId === id && l.msg === 'handled event').map((l) => l.outcome);
    for (let i = 0; outcomes().length < 2 && i < 500; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(outcomes()).toEqual(['ok', 'duplicate']);
    await settle(h, gwen);
    expect(h.fake.callbacksOf(id)).toHaveLength(1);
    // Nor a follow-up or an edit of the first answer.
    expect(h.since(0, (r) => r.path.startsWith(`/webhooks/`) && r.path.includes(`token-${id}`))).toEqual([]);
  });
});
