import { ChannelType, OverwriteType, PermissionFlagsBits, Routes, type CategoryChannel, type Client, type Guild, type OverwriteData, type Role } from 'discord.js';
import type { PrivateChannelRequest } from '../../src/core/chat.js';
import { DeliveryError } from '../../src/core/errors.js';
import { discordErrorCode, toDeliveryError } from './errors.js';

const { ViewChannel, SendMessages, ReadMessageHistory, EmbedLinks, ManageChannels } = PermissionFlagsBits;
/** What a pair (and a youth program's staff) may do in their channel. */
export const MEMBER_ALLOW = ViewChannel | SendMessages | ReadMessageHistory;
/** A closed match's members: they read the history, nobody writes. */
export const READ_ONLY = ViewChannel | ReadMessageHistory;
/** The bot itself: @everyone is denied ViewChannel, so the bot needs its own overwrite to post. */
export const BOT_ALLOW = ViewChannel | SendMessages | ReadMessageHistory | EmbedLinks;

/** Discord channel names: lowercase, no spaces, at most 100 characters. */
export function channelName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
  return (cleaned || 'pair').slice(0, 100);
}

/**
 * Pair channels: a text channel under the program's category, hidden from @everyone and open
 * to the pair, the bot and (for youth programs, always) the staff role. Discord allows
 * duplicate names, so a taken name needs no suffix; the channel id is what the core keeps.
 */
export class PrivateChannels {
  private readonly categories = new Map<string, Promise<CategoryChannel>>();

  constructor(
    private readonly client: Client,
    private readonly categoryName: string,
  ) {}

  async open(request: PrivateChannelRequest): Promise<{ channel: string; name: string }> {
    const name = channelName(request.name);
    const what = `private channel #${name}`;
    try {
      const guild = this.client.guilds.cache.get(request.workspace) ?? (await this.client.guilds.fetch(request.workspace));
      const staff = await this.staffRole(guild, request, name);
      await this.checkMembers(guild, request.members, name);
      const category = await this.category(guild);
      const me = this.client.user?.id;
      const permissionOverwrites: OverwriteData[] = [
        { id: guild.roles.everyone.id, type: OverwriteType.Role, deny: ViewChannel },
        ...request.members.map((id) => ({ id, type: OverwriteType.Member, allow: MEMBER_ALLOW })),
        ...(staff ? [{ id: staff.id, type: OverwriteType.Role, allow: MEMBER_ALLOW }] : []),
        ...(me ? [{ id: me, type: OverwriteType.Member, allow: BOT_ALLOW }] : []),
      ];
      const channel = await guild.channels.create({
        name,
        type: ChannelType.GuildText,
        parent: category.id,
        topic: request.topic?.slice(0, 1024),
        permissionOverwrites,
        reason: 'mentorbot: private channel for a mentoring pair',
      });
      return { channel: channel.id, name: channel.name };
    } catch (err) {
      throw toDeliveryError(err, `Could not open ${what}`);
    }
  }

  /**
   * Lets one more person into a pair channel (a coordinator joining for a call): a member
   * overwrite like the pair's own. PUT sets the whole overwrite, so repeating it changes
   * nothing: someone already let in is a success. Discord asks Manage Roles for this.
   */
  async addMember(channel: string, user: string): Promise<void> {
    try {
      await this.client.rest.put(Routes.channelPermission(channel, user), {
        body: { type: OverwriteType.Member, allow: MEMBER_ALLOW.toString(), deny: '0' },
        reason: 'mentorbot: a coordinator joins a pair channel',
      });
    } catch (err) {
      throw toDeliveryError(err, `Could not add <@${user}> to channel <#${channel}>`);
    }
  }

  /**
   * A closed match's channel: every member overwrite but the bot's is set to read without
   * writing. Discord has no archive for a text channel; this keeps the history readable. Each
   * PUT sets the whole overwrite, so a retry changes nothing.
   */
  async archive(channel: string): Promise<void> {
    try {
      const found = (await this.client.rest.get(Routes.channel(channel))) as { permission_overwrites?: { id: string; type: number }[] };
      const me = this.client.user?.id;
      for (const o of found.permission_overwrites ?? []) {
        if (o.type !== OverwriteType.Member || o.id === me) continue;
        await this.client.rest.put(Routes.channelPermission(channel, o.id), {
          body: { type: OverwriteType.Member, allow: READ_ONLY.toString(), deny: SendMessages.toString() },
          reason: 'mentorbot: the match has closed; the channel stays readable',
        });
      }
    } catch (err) {
      throw toDeliveryError(err, `Could not archive channel <#${channel}>`);
    }
  }

  private async staffRole(guild: Guild, request: PrivateChannelRequest, name: string): Promise<Role | null> {
    const wanted = request.staffRole?.trim().toLowerCase();
    const find = () => (wanted ? (guild.roles.cache.find((r) => r.name.toLowerCase() === wanted) ?? null) : null);
    let role = find();
    if (!role && wanted) {
      await guild.roles.fetch();
      role = find();
    }
    if (!role && request.requireStaffRole) {
      // A youth pair must never be alone with each other: no staff role, no channel.
      const detail = request.staffRole
        ? `the staff role "${request.staffRole}" does not exist in this server. Create it (or correct youth.staffRole in the program file)`
        : 'the program names no staff role (set youth.staffRole in the program file)';
      throw new DeliveryError(
        `Refused to open private channel #${name} for a youth program: ${detail}, so staff can always see pair channels.`,
        { permanent: true, code: 'staff_role_missing' },
      );
    }
    return role;
  }

  private async checkMembers(guild: Guild, members: readonly string[], name: string): Promise<void> {
    for (const id of members) {
      try {
        await guild.members.fetch(id);
      } catch (err) {
        if (discordErrorCode(err) !== 10007) throw err;
        throw new DeliveryError(
          `Could not open private channel #${name}: <@${id}> is not a member of the server (Discord error 10007).`,
          { permanent: true, code: 'unknown_member' },
        );
      }
    }
  }

  /** Finds or creates the category once per server, even when pairs are introduced at once. */
  private category(guild: Guild): Promise<CategoryChannel> {
    let pending = this.categories.get(guild.id);
    if (!pending) {
      pending = this.findOrCreateCategory(guild);
      this.categories.set(guild.id, pending);
      pending.catch(() => this.categories.delete(guild.id));
    }
    return pending.then(async (category) => {
      if (guild.channels.cache.has(category.id)) return category;
      // Someone deleted the category since: make a new one.
      this.categories.delete(guild.id);
      return this.category(guild);
    });
  }

  private async findOrCreateCategory(guild: Guild): Promise<CategoryChannel> {
    const wanted = this.categoryName.toLowerCase();
    const existing = guild.channels.cache.find(
      (c): c is CategoryChannel => c.type === ChannelType.GuildCategory && c.name.toLowerCase() === wanted,
    );
    if (existing) return existing;
    const me = this.client.user?.id;
    return guild.channels.create({
      name: this.categoryName,
      type: ChannelType.GuildCategory,
      permissionOverwrites: [
        { id: guild.roles.everyone.id, type: OverwriteType.Role, deny: ViewChannel },
        ...(me ? [{ id: me, type: OverwriteType.Member, allow: BOT_ALLOW | ManageChannels }] : []),
      ],
      reason: 'mentorbot: category for mentoring pair channels',
    });
  }
}
