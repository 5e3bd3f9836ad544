import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.js';
import { fileBytes, type FileAttachment } from '../../src/core/render.js';
import { toDeliveryError } from './errors.js';
import type { Pacer } from './pacing.js';
import type { DmChannels, UserAddress } from '../../src/core/chat.js';
import type { SlackMessage } from './render.js';

type Args = Record<string, unknown>;
export type SlackResult = webApi.WebAPICallResult & Record<string, unknown>;

/**
 * Every outbound Web API call goes through here: paced to Slack's tiers, and any failure
 * turned into a DeliveryError that says whether (and when) to try again.
 */
export class SlackApi {
  /** DM channel ids never change for a user: kept in memory, and in the host's store across restarts. */
  private readonly dms = new Map<string, string>();

  constructor(
    readonly client: webApi.WebClient,
    private readonly pacer: Pacer,
    private readonly logger: Logger,
    private readonly stored?: DmChannels,
  ) {}

  /** `key` names the call for a slot of its own when it must wait (see Pacer.acquire). */
  async call(method: string, args: Args, channel?: string, key?: string): Promise<SlackResult> {
    await this.pacer.acquire(method, channel, key);
    try {
      return (await this.client.apiCall(method, args)) as SlackResult;
    } catch (err) {
      const failure = toDeliveryError(err, method);
      this.logger.warn({ method, code: failure.options.code, retryAfterMs: failure.options.retryAfterMs }, 'slack call failed');
      throw failure;
    }
  }

  /**
   * The DM channel with a person: remembered, else stored, else opened (conversations.open is
   * idempotent on Slack's side too, and paced at 50 a minute) and stored.
   */
  async dmChannel(to: Pick<UserAddress, 'platform' | 'workspace' | 'user'>): Promise<string> {
    const known = this.dms.get(to.user) ?? (await this.stored?.get(to));
    if (known) {
      this.dms.set(to.user, known);
      return known;
    }
    const result = await this.call('conversations.open', { users: to.user });
    const id = (result.channel as { id?: string } | undefined)?.id;
    if (!id) throw toDeliveryError(new Error('conversations.open returned no channel'), 'conversations.open');
    this.dms.set(to.user, id);
    await this.stored?.set(to, id);
    return id;
  }

  /** Posts each part of a rendered message in turn; returns the ts of the last (the one with the prompt). */
  async post(channel: string, parts: SlackMessage[]): Promise<{ channel: string; ts: string }> {
    let ref = { channel, ts: '' };
    for (const part of parts) {
      const result = await this.call('chat.postMessage', { channel, text: part.text, blocks: part.blocks, unfurl_links: false }, channel);
      ref = { channel: String(result.channel ?? channel), ts: String(result.ts ?? '') };
    }
    return ref;
  }

  /**
   * Uploads a file into a conversation with the client's files.uploadV2: it asks
   * files.getUploadURLExternal for a URL, POSTs the bytes there, then shares the file with
   * files.completeUploadExternal. Paced and mapped like any call, so a 429 is a retry later.
   */
  async upload(channel: string, file: FileAttachment): Promise<void> {
    // Text goes as text; a chart's bytes as a file.
    const body = file.encoding === 'base64' ? { file: fileBytes(file) } : { content: file.text };
    await this.call('files.uploadV2', { channel_id: channel, filename: file.name, title: file.name, ...body });
  }

  async postEphemeral(channel: string, user: string, parts: SlackMessage[]): Promise<void> {
    for (const part of parts) {
      await this.call('chat.postEphemeral', { channel, user, text: part.text, blocks: part.blocks });
    }
  }
}

/** response_url: Slack's way to answer an interaction in place, valid 30 minutes, five times. */
export async function postToResponseUrl(url: string, body: Args): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
}
