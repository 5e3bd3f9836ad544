import { ChannelType, OverwriteType, PermissionFlagsBits as P } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_ALLOW, MEMBER_ALLOW } from '../../../adapters/discord/private-channels.js';
import type { PrivateChannelRequest } from '../../../src/core/chat.js';
import { message } from '../../../src/core/render.js';
import { BOT_ID, GUILD_ID, STAFF_ROLE_ID } from '../../fakes/discord/fake-discord.js';
import { alice, bob, startHarness, type Harness } from './harness.js';

type Overwrite = { id: string; type: number; allow: string; deny: string };
type Created = { name: string; type: number; parent_id?: string; permission_overwrites: Overwrite[] };

const pair = (extra: Partial<PrivateChannelRequest> = {}): PrivateChannelRequest => ({
  platform: 'discord',
  workspace: GUILD_ID,
  name: 'Pair Alice Bob',
  members: [alice.id, bob.id],
  topic: 'Your mentoring space',
  ...extra,
});

function createdChannels(h: Harness, mark: number): Created[] {
  return h.since(mark, (r) => r.method === 'POST' && r.path === `/guilds/${GUILD_ID}/channels`).map((r) => r.body as Created);
}

const overwrite = (ch: Created, id: string) => ch.permission_overwrites.find((o) => o.id === id);

describe('Discord private pair channels in a youth community', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ programFiles: ['examples/youth.yaml'], staffRole: 'Mentoring Staff' });
  });
  afterAll(async () => h?.close());

  it('creates a text channel under the category, hidden from @everyone, open to the pair, the bot and staff', async () => {
    const mark = h.mark();
    const opened = await h.adapter.chat.openPrivateChannel(pair({ staffRole: 'Mentoring Staff', requireStaffRole: true }));
    const [category, channel] = createdChannels(h, mark);
    expect(category).toMatchObject({ name: 'Mentoring', type: ChannelType.GuildCategory });
    expect(channel).toMatchObject({ name: 'pair-alice-bob', type: ChannelType.GuildText, topic: 'Your mentoring space' });
    expect(opened.name).toBe('pair-alice-bob');
    const categoryId = (h.since(mark, (r) => (r.body as Created | null)?.type === ChannelType.GuildCategory)[0]?.response as { id: string }).id;
    expect(channel!.parent_id).toBe(categoryId);
    expect(overwrite(channel!, GUILD_ID)).toEqual({ id: GUILD_ID, type: OverwriteType.Role, allow: '0', deny: String(P.ViewChannel) });
    for (const member of [alice.id, bob.id]) {
      expect(overwrite(channel!, member)).toEqual({ id: member, type: OverwriteType.Member, allow: String(MEMBER_ALLOW), deny: '0' });
    }
    expect(overwrite(channel!, STAFF_ROLE_ID)).toEqual({ id: STAFF_ROLE_ID, type: OverwriteType.Role, allow: String(MEMBER_ALLOW), deny: '0' });
    expect(overwrite(channel!, BOT_ID)?.allow).toBe(String(BOT_ALLOW));

    // The next pair reuses the category, and the channel takes posts.
    const second = h.mark();
    await h.adapter.chat.openPrivateChannel(pair({ name: 'pair-2', staffRole: 'Mentoring Staff', requireStaffRole: true }));
    expect(createdChannels(h, second).map((c) => c.type)).toEqual([ChannelType.GuildText]);
    const ref = await h.adapter.chat.postChannel({ platform: 'discord', workspace: GUILD_ID, channel: opened.channel }, message('Welcome, <@' + alice.id + '>!'));
    expect(ref.channel).toBe(opened.channel);
    await h.adapter.chat.updateMessage({ platform: 'discord', workspace: GUILD_ID }, ref, message('Welcome (edited)'));
    expect(h.since(second, (r) => r.method === 'PATCH' && r.path === `/channels/${ref.channel}/messages/${ref.id}`)).toHaveLength(1);
  });

  it('refuses a youth pair channel when the staff role is missing, creating nothing', async () => {
    const mark = h.mark();
    await expect(h.adapter.chat.openPrivateChannel(pair({ staffRole: 'Safeguarding Team', requireStaffRole: true }))).rejects.toMatchObject({
      message: expect.stringMatching(/youth program: the staff role "Safeguarding Team" does not exist/),
      options: { permanent: true, code: 'staff_role_missing' },
    });
    await expect(h.adapter.chat.openPrivateChannel(pair({ requireStaffRole: true }))).rejects.toMatchObject({ options: { code: 'staff_role_missing' } });
    expect(createdChannels(h, mark)).toEqual([]);
  });

  it('turns Discord refusals into clear, permanent delivery errors', async () => {
    await expect(h.adapter.chat.openPrivateChannel(pair({ members: [alice.id, '1899999999999999999'] }))).rejects.toMatchObject({
      message: expect.stringMatching(/is not a member of the server \(Discord error 10007\)/),
      options: { permanent: true, code: 'unknown_member' },
    });
    h.fake.failNext('POST', new RegExp(`^/guilds/${GUILD_ID}/channels$`), { status: 403, body: { code: 50013, message: 'Missing Permissions' } });
    await expect(h.adapter.chat.openPrivateChannel(pair())).rejects.toMatchObject({
      message: expect.stringMatching(/lacks a permission/),
      options: { permanent: true, code: 'missing_permissions' },
    });
    await expect(h.adapter.chat.postChannel({ platform: 'discord', workspace: GUILD_ID, channel: '1799999999999999999' }, message('hi'))).rejects.toMatchObject({
      options: { permanent: true, code: 'unknown_channel' },
    });
    expect(await h.adapter.chat.lookupUser(GUILD_ID, alice.id)).toEqual({ displayName: 'alice' });
    expect(await h.adapter.chat.lookupUser(GUILD_ID, '1899999999999999999')).toBeNull();
  });

  it('hands a rate limit back to the outbox with Discord’s retry-after', async () => {
    const channel = '1798888888888888888';
    h.fake.rest.state.channels.set(channel, { id: channel, type: 0, guild_id: GUILD_ID });
    h.fake.failNext('POST', new RegExp(`^/channels/${channel}/messages$`), {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 2, global: false },
      headers: { 'retry-after': '2', 'x-ratelimit-scope': 'user', 'x-ratelimit-bucket': 'fake-bucket' },
    });
    const err = (await h.adapter.chat.postChannel({ platform: 'discord', workspace: GUILD_ID, channel }, message('hi')).catch((e: unknown) => e)) as {
      options: { code: string; retryAfterMs: number; permanent?: boolean };
    };
    expect(err.options.code).toBe('rate_limited');
    expect(err.options.permanent).toBeUndefined();
    expect(err.options.retryAfterMs).toBeGreaterThanOrEqual(2000);
  });
});
