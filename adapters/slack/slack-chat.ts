import type {
  ChannelAddress,
  ChatAdapter,
  MessageRef,
  Platform,
  PrivateChannelRequest,
  UserAddress,
} from '../../src/core/chat.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import type { FileAttachment, Message } from '../../src/core/render.js';
import type { SlackApi } from './api.js';
import { slackCode } from './errors.js';
import { LIMITS } from './limits.js';
import { renderMessage } from './render.js';
import { withoutAccents } from '../../src/core/without-accents.js';

/** Slack channel names: lower case letters, digits, `-` and `_`, at most 80 characters. */
export function channelName(name: string, suffix?: number): string {
  const tail = suffix ? `-${suffix}` : '';
  const base = withoutAccents(name)
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${(base || 'mentoring').slice(0, LIMITS.channelName - tail.length)}${tail}`;
}

const MAX_NAME_ATTEMPTS = 20;

/** The ChatAdapter for Slack: what the outbox and the core use to reach people. */
export class SlackChat implements ChatAdapter {
  readonly platform: Platform = 'slack';

  constructor(
    private readonly api: SlackApi,
    private readonly logger: Logger,
  ) {}

  async sendDirect(to: UserAddress, msg: Message): Promise<MessageRef> {
    const channel = await this.api.dmChannel(to);
    const posted = await this.api.post(channel, renderMessage(msg));
    return { channel: posted.channel, id: posted.ts };
  }

  async postChannel(to: ChannelAddress, msg: Message): Promise<MessageRef> {
    const posted = await this.api.post(to.channel, renderMessage(msg));
    return { channel: posted.channel, id: posted.ts };
  }

  async updateMessage(_to: { platform: Platform; workspace: string }, ref: MessageRef, msg: Message): Promise<void> {
    // The ref is the last part posted, the one that carries the prompt.
    const parts = renderMessage(msg);
    const part = parts[parts.length - 1]!;
    await this.api.call('chat.update', { channel: ref.channel, ts: ref.id, text: part.text, blocks: part.blocks }, undefined, `${ref.channel}:${ref.id}`);
  }

  async uploadFile(_to: { platform: Platform; workspace: string }, channel: string, file: FileAttachment): Promise<void> {
    await this.api.upload(channel, file);
  }

  /** conversations.invite (`groups:write` for a private channel); `already_in_channel` is done. */
  async addToChannel(to: ChannelAddress, user: string): Promise<void> {
    await this.invite(to.channel, [user]);
  }

  /** conversations.archive (`groups:write`); a channel already archived is done. */
  async archiveChannel(to: ChannelAddress): Promise<void> {
    try {
      await this.api.call('conversations.archive', { channel: to.channel });
    } catch (err) {
      if (slackCode(err) === 'already_archived') return;
      throw err;
    }
  }

  async lookupUser(_workspace: string, user: string): Promise<{ displayName: string } | null> {
    try {
      const result = await this.api.call('users.info', { user });
      const u = result.user as { name?: string; real_name?: string; profile?: { display_name?: string; real_name?: string } } | undefined;
      const displayName = u?.profile?.display_name || u?.profile?.real_name || u?.real_name || u?.name;
      return displayName ? { displayName } : null;
    } catch (err) {
      if (slackCode(err) === 'user_not_found') return null;
      throw err;
    }
  }

  /**
   * A private conversation plus invites. A taken name gets a numeric suffix. Once the channel
   * exists, an invite failure is reported as permanent: retrying would open a second channel.
   */
  async openPrivateChannel(request: PrivateChannelRequest): Promise<{ channel: string; name: string }> {
    const staff = request.staffRole ? await this.staffMembers(request.staffRole, request.requireStaffRole ?? false) : [];
    const { channel, name } = await this.create(request.name);
    const members = [...new Set([...request.members, ...staff])];
    if (members.length > 0) {
      try {
        await this.invite(channel, members);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new DeliveryError(`Private channel #${name} was created, but inviting its members failed: ${reason}`, {
          permanent: true,
          code: slackCode(err) ?? 'invite_failed',
        });
      }
    }
    if (request.topic) {
      await this.api
        .call('conversations.setTopic', { channel, topic: request.topic.slice(0, 250) })
        .catch((err: unknown) => this.logger.warn({ code: slackCode(err) }, 'could not set channel topic'));
    }
    return { channel, name };
  }

  private async create(requested: string): Promise<{ channel: string; name: string }> {
    for (let n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
      const name = channelName(requested, n === 1 ? undefined : n);
      try {
        const result = await this.api.call('conversations.create', { name, is_private: true });
        const ch = result.channel as { id: string; name?: string };
        return { channel: ch.id, name: ch.name ?? name };
      } catch (err) {
        if (slackCode(err) !== 'name_taken') throw err;
      }
    }
    throw new DeliveryError(`Every channel name from #${channelName(requested)} to -${MAX_NAME_ATTEMPTS} is taken.`, {
      permanent: true,
      code: 'name_taken',
    });
  }

  private async invite(channel: string, users: string[]): Promise<void> {
    try {
      await this.api.call('conversations.invite', { channel, users: users.join(','), force: true });
    } catch (err) {
      if (slackCode(err) === 'already_in_channel') return;
      // One short retry for a rate limit; a longer wait is not worth a half-made channel.
      const wait = err instanceof DeliveryError ? err.options.retryAfterMs : undefined;
      if (wait === undefined || (err instanceof DeliveryError && err.options.permanent) || wait > 5_000) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
      await this.api.call('conversations.invite', { channel, users: users.join(','), force: true });
    }
  }

  /** A staff role in Slack is a user group, by id (S...) or handle. */
  private async staffMembers(role: string, required: boolean): Promise<string[]> {
    try {
      let group = /^S[A-Z0-9]+$/.test(role) ? role : undefined;
      if (!group) {
        const list = await this.api.call('usergroups.list', {});
        const groups = (list.usergroups ?? []) as { id: string; handle?: string; name?: string }[];
        group = groups.find((g) => g.handle === role.replace(/^@/, '') || g.name === role)?.id;
      }
      const users = group ? (((await this.api.call('usergroups.users.list', { usergroup: group })).users ?? []) as string[]) : [];
      if (users.length === 0 && required) throw new Error(`the user group "${role}" was not found or is empty`);
      return users;
    } catch (err) {
      if (!required) {
        this.logger.warn({ code: slackCode(err) }, 'staff user group unavailable; opening the channel without it');
        return [];
      }
      const reason = err instanceof Error ? err.message : String(err);
      throw new DeliveryError(`Refusing to open a private channel without the ${role} staff group: ${reason}`, {
        permanent: true,
        code: 'staff_role_unavailable',
      });
    }
  }
}
