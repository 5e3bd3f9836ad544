/**
 * Raw Discord API (v10) objects as the real gateway and REST API send them, trimmed to the
 * fields discord.js reads. Ids are fixed snowflakes so tests can name people.
 */

export const GUILD_ID = '1100000000000000001';
export const APP_ID = '1200000000000000001';
export const BOT_ID = APP_ID;
export const GENERAL_CHANNEL_ID = '1300000000000000001';
export const STAFF_ROLE_ID = '1400000000000000001';

let counter = 0n;
/** Fresh, increasing snowflakes, so every created object and event has a unique id. */
export function snowflake(): string {
  counter += 1n;
  return String(1500000000000000000n + BigInt(Date.now() % 1_000_000) * 1_000_000n + counter);
}

export interface FakeUser {
  id: string;
  username: string;
}

export function apiUser(user: FakeUser, bot = false) {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.username,
    avatar: null,
    bot,
    flags: 0,
  };
}

export function apiMember(user: FakeUser, roles: string[] = []) {
  return {
    user: apiUser(user),
    nick: null,
    avatar: null,
    roles,
    joined_at: '2026-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions: '2248473465835073',
  };
}

export function apiRole(id: string, name: string, position: number, permissions = '0') {
  return {
    id,
    name,
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function apiChannel(fields: {
  id: string;
  type: number;
  name?: string;
  guild_id?: string;
  parent_id?: string | null;
  permission_overwrites?: unknown[];
  topic?: string | null;
  recipients?: unknown[];
}) {
  return { position: 0, nsfw: false, rate_limit_per_user: 0, last_message_id: null, flags: 0, ...fields };
}

export function apiGuild(options: { roles: unknown[]; channels: unknown[]; members: unknown[] }) {
  return {
    id: GUILD_ID,
    name: 'Youth Mentoring',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '1600000000000000001',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 2,
    roles: options.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: GENERAL_CHANNEL_ID,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2026-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: options.members.length,
    voice_states: [],
    members: options.members,
    channels: options.channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function apiMessage(fields: { id: string; channel_id: string; author: unknown; content?: string; [k: string]: unknown }) {
  return {
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: 0,
    ...fields,
  };
}
