import {
  ChatRouter,
  type ChannelAddress,
  type ChatAdapter,
  type MessageRef,
  type Platform,
  type PrivateChannelRequest,
  type UserAddress,
} from '../../src/core/chat.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { FileAttachment, Message } from '../../src/core/render.js';

export type FakeCall =
  | { method: 'sendDirect'; to: UserAddress; message: Message; ref: MessageRef }
  | { method: 'postChannel'; to: ChannelAddress; message: Message; ref: MessageRef }
  | { method: 'openPrivateChannel'; request: PrivateChannelRequest; channel: string }
  | { method: 'updateMessage'; ref: MessageRef; message: Message }
  | { method: 'uploadFile'; channel: string; file: FileAttachment }
  | { method: 'addToChannel'; to: ChannelAddress; user: string }
  | { method: 'archiveChannel'; to: ChannelAddress };

export interface FailureSpec {
  /** Only a call of this method fails (other calls pass it by); any call when unset. */
  method?: FailingMethod;
  retryAfterMs?: number;
  permanent?: boolean;
  code?: string;
  message?: string;
}

type FailingMethod = 'sendDirect' | 'postChannel' | 'openPrivateChannel' | 'updateMessage' | 'uploadFile' | 'addToChannel' | 'archiveChannel';

/**
 * A recording ChatAdapter. `calls` holds only the calls that succeeded, so "delivered exactly
 * once" is a count over it; `failures` holds the ones it was told to fail.
 */
export class FakeChat implements ChatAdapter {
  readonly calls: FakeCall[] = [];
  readonly failures: { method: FailingMethod; error: DeliveryError }[] = [];
  private readonly pending: FailureSpec[] = [];
  private seq = 0;

  constructor(
    readonly platform: Platform = 'slack',
    private readonly options: { latencyMs?: number; users?: Record<string, string> } = {},
  ) {}

  /** A router with these adapters registered. */
  static router(...adapters: ChatAdapter[]): ChatRouter {
    const router = new ChatRouter();
    for (const a of adapters) router.register(a);
    return router;
  }

  /**
   * The next `count` sendDirect/postChannel/openPrivateChannel/updateMessage/uploadFile/addToChannel calls (of
   * `spec.method` only, when set) throw a DeliveryError.
   */
  failNext(count: number, spec: FailureSpec = {}): this {
    for (let i = 0; i < count; i++) this.pending.push(spec);
    return this;
  }

  get directs(): Extract<FakeCall, { method: 'sendDirect' }>[] {
    return this.calls.filter((c): c is Extract<FakeCall, { method: 'sendDirect' }> => c.method === 'sendDirect');
  }

  get openedChannels(): Extract<FakeCall, { method: 'openPrivateChannel' }>[] {
    return this.calls.filter((c): c is Extract<FakeCall, { method: 'openPrivateChannel' }> => c.method === 'openPrivateChannel');
  }

  get posts(): Extract<FakeCall, { method: 'postChannel' }>[] {
    return this.calls.filter((c): c is Extract<FakeCall, { method: 'postChannel' }> => c.method === 'postChannel');
  }

  /** Direct messages received by one user, in order. */
  directsTo(user: string): Message[] {
    return this.directs.filter((c) => c.to.user === user).map((c) => c.message);
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.length = 0;
    this.pending.length = 0;
  }

  async sendDirect(to: UserAddress, message: Message): Promise<MessageRef> {
    await this.gate('sendDirect');
    const ref = this.nextRef(`D-${to.user}`);
    this.calls.push({ method: 'sendDirect', to, message, ref });
    return ref;
  }

  async postChannel(to: ChannelAddress, message: Message): Promise<MessageRef> {
    await this.gate('postChannel');
    const ref = this.nextRef(to.channel);
    this.calls.push({ method: 'postChannel', to, message, ref });
    return ref;
  }

  async openPrivateChannel(request: PrivateChannelRequest): Promise<{ channel: string; name: string }> {
    await this.gate('openPrivateChannel');
    const channel = `C${++this.seq}`;
    this.calls.push({ method: 'openPrivateChannel', request, channel });
    return { channel, name: request.name };
  }

  async updateMessage(_to: { platform: Platform; workspace: string }, ref: MessageRef, message: Message): Promise<void> {
    await this.gate('updateMessage');
    this.calls.push({ method: 'updateMessage', ref, message });
  }

  async uploadFile(_to: { platform: Platform; workspace: string }, channel: string, file: FileAttachment): Promise<void> {
    await this.gate('uploadFile');
    this.calls.push({ method: 'uploadFile', channel, file });
  }

  async addToChannel(to: ChannelAddress, user: string): Promise<void> {
    await this.gate('addToChannel');
    this.calls.push({ method: 'addToChannel', to, user });
  }

  async archiveChannel(to: ChannelAddress): Promise<void> {
    await this.gate('archiveChannel');
    this.calls.push({ method: 'archiveChannel', to });
  }

  async lookupUser(_workspace: string, user: string): Promise<{ displayName: string } | null> {
    const name = this.options.users?.[user];
    return name === undefined ? null : { displayName: name };
  }

  private nextRef(channel: string): MessageRef {
    return { channel, id: String(++this.seq) };
  }

  private async gate(method: FailingMethod): Promise<void> {
    // Yields so concurrent callers interleave as they would on a network.
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    else await Promise.resolve();
    const index = this.pending.findIndex((p) => p.method === undefined || p.method === method);
    if (index < 0) return;
    const [spec] = this.pending.splice(index, 1) as [FailureSpec];
    const error = new DeliveryError(spec.message ?? `fake ${method} failure`, {
      retryAfterMs: spec.retryAfterMs,
      permanent: spec.permanent,
      code: spec.code ?? (spec.retryAfterMs !== undefined ? 'rate_limited' : 'fake_failure'),
    });
    this.failures.push({ method, error });
    throw error;
  }
}
