import { ChannelType, MessageFlags, Routes, type APIMessage, type Client } from 'discord.js';
import type {
  ChannelAddress,
  ChatAdapter,
  DmChannels,
  MessageRef,
  Platform,
  PrivateChannelRequest,
  UserAddress,
} from '../../src/core/chat.js';
import type { Logger } from '../../src/core/logger.js';
import { fileBytes, type FileAttachment, type Message } from '../../src/core/render.js';
import { discordErrorCode, toDeliveryError } from './errors.js';
import type { LiveInteractions } from './live-interactions.js';
import type { PrivateChannels } from './private-channels.js';
import { renderMessage, truncate, type RenderedMessage } from './render.js';

export const DM_CLOSED_NOTICE =
  'I could not send you a direct message: your privacy settings block DMs from members of this server. ' +
  'To hear from me, allow direct messages for this server (server name → Privacy Settings → Direct Messages). ' +
  'A coordinator has been told.';

/** The REST body of a message (no `flags`: a bot message in a DM or channel is never ephemeral). */
export function messageBody(rendered: RenderedMessage) {
  return {
    content: rendered.content,
    embeds: rendered.embeds,
    components: rendered.components,
    allowed_mentions: { parse: rendered.allowedMentions.parse },
  };
}

export interface DiscordChatDeps {
  client: Client;
  logger: Logger;
  live: LiveInteractions;
  channels: PrivateChannels;
  noticeChannelId?: string;
  /** Keeps DM channel ids across restarts (the host's store). */
  dmChannels?: DmChannels;
}

/**
 * The core's outbound side on Discord. Every failure becomes a DeliveryError the outbox
 * understands (permanent with a code, or retryable with Discord's retry-after).
 */
export class DiscordChat implements ChatAdapter {
  readonly platform: Platform = 'discord';

  /** DM channel ids never change for a user. */
  private readonly dms = new Map<string, string>();

  constructor(private readonly deps: DiscordChatDeps) {}

  private get rest() {
    return this.deps.client.rest;
  }

  /**
   * The DM channel with a person: remembered, else stored, else opened (a request under the
   * global 50 a second, 200,000 of them after a restart without the store) and stored.
   */
  private async dmChannel(to: UserAddress): Promise<string> {
    const known = this.dms.get(to.user) ?? (await this.deps.dmChannels?.get(to));
    if (known) {
      this.dms.set(to.user, known);
      return known;
    }
    const dm = await this.deps.client.users.createDM(to.user);
    this.dms.set(to.user, dm.id);
    await this.deps.dmChannels?.set(to, dm.id);
    return dm.id;
  }

  async sendDirect(to: UserAddress, msg: Message): Promise<MessageRef> {
    try {
      const sent = (await this.rest.post(Routes.channelMessages(await this.dmChannel(to)), { body: messageBody(renderMessage(msg)) })) as APIMessage;
      return { channel: sent.channel_id, id: sent.id };
    } catch (err) {
      if (discordErrorCode(err) === 50007) await this.tellDmClosed(to, msg);
      throw toDeliveryError(err, `Direct message to <@${to.user}> not delivered`);
    }
  }

  async postChannel(to: ChannelAddress, msg: Message): Promise<MessageRef> {
    try {
      const sent = (await this.rest.post(Routes.channelMessages(to.channel), { body: messageBody(renderMessage(msg)) })) as APIMessage;
      return { channel: sent.channel_id, id: sent.id };
    } catch (err) {
      throw toDeliveryError(err, `Message to channel <#${to.channel}> not delivered`);
    }
  }

  openPrivateChannel(request: PrivateChannelRequest): Promise<{ channel: string; name: string }> {
    return this.deps.channels.open(request);
  }

  addToChannel(to: ChannelAddress, user: string): Promise<void> {
    return this.deps.channels.addMember(to.channel, user);
  }

  archiveChannel(to: ChannelAddress): Promise<void> {
    return this.deps.channels.archive(to.channel);
  }

  async updateMessage(_to: { platform: Platform; workspace: string }, ref: MessageRef, msg: Message): Promise<void> {
    try {
      await this.rest.patch(Routes.channelMessage(ref.channel, ref.id), { body: messageBody(renderMessage(msg)) });
    } catch (err) {
      throw toDeliveryError(err, `Message ${ref.id} not updated`);
    }
  }

  /**
   * A message of its own carrying the file as an attachment (discord.js sends it as multipart:
   * `payload_json` and `files[0]`). Mentions are off: the file speaks for itself.
   */
  async uploadFile(_to: { platform: Platform; workspace: string }, channel: string, file: FileAttachment): Promise<void> {
    try {
      await this.rest.post(Routes.channelMessages(channel), {
        body: { attachments: [{ id: '0', filename: file.name }], allowed_mentions: { parse: [] } },
        files: [{ name: file.name, data: fileBytes(file), contentType: file.mediaType.startsWith('text/') ? `${file.mediaType}; charset=utf-8` : file.mediaType }],
      });
    } catch (err) {
      throw toDeliveryError(err, `File ${file.name} not delivered`);
    }
  }

  async lookupUser(workspace: string, user: string): Promise<{ displayName: string } | null> {
    try {
      const guild = this.deps.client.guilds.cache.get(workspace);
      if (guild) return { displayName: (await guild.members.fetch(user)).displayName };
      const found = await this.deps.client.users.fetch(user);
      return { displayName: found.globalName ?? found.username };
    } catch (err) {
      const code = discordErrorCode(err);
      if (code === 10007 || code === 10013) return null;
      throw toDeliveryError(err, 'User lookup failed');
    }
  }

  /**
   * Someone whose DMs are closed still has to learn it: in an ephemeral follow-up (with the
   * message itself) while their interaction is live, else in a private thread in the notice
   * channel. The coordinator alert is the outbox's, on the permanent DeliveryError.
   */
  private async tellDmClosed(to: UserAddress, msg: Message): Promise<void> {
    const log = this.deps.logger.child({ platform: 'discord', user: to.user });
    const live = this.deps.live.get(to.user);
    if (live) {
      try {
        await live.acknowledged;
        const rendered = renderMessage(msg);
        await live.interaction.followUp({
          content: truncate(`${DM_CLOSED_NOTICE}\n\nHere is what I wanted to send you:\n\n${rendered.content}`, 2000),
          embeds: rendered.embeds,
          components: rendered.components,
          allowedMentions: { parse: [] },
          flags: MessageFlags.Ephemeral,
        });
        return;
      } catch (err) {
        log.warn({ err }, 'could not tell the person in an ephemeral follow-up that their DMs are closed');
      }
    }
    if (!this.deps.noticeChannelId) {
      log.warn('DMs closed and no DISCORD_NOTICE_CHANNEL_ID: the person is not told');
      return;
    }
    try {
      const channel = await this.deps.client.channels.fetch(this.deps.noticeChannelId);
      if (channel?.type !== ChannelType.GuildText) throw new Error('DISCORD_NOTICE_CHANNEL_ID is not a text channel');
      const thread = await channel.threads.create({
        name: 'Your direct messages are closed',
        type: ChannelType.PrivateThread,
        invitable: false,
        reason: 'mentorbot: tell someone the bot cannot DM them',
      });
      await thread.members.add(to.user);
      await thread.send({ content: `<@${to.user}> ${DM_CLOSED_NOTICE}`, allowedMentions: { users: [to.user] } });
    } catch (err) {
      log.warn({ err }, 'could not open a private thread to tell the person their DMs are closed');
    }
  }
}
