import type { FileAttachment, Form, Message } from './render.js';

export type Platform = 'terminal' | 'slack' | 'discord';

/** Who did something: a Slack team or Discord guild is the workspace. */
export interface Actor {
  platform: Platform;
  workspace: string;
  user: string;
  displayName?: string;
}

/** What a platform's own profile says about a person, kept apart from anything they answered. */
export interface PlatformProfile {
  /** An IANA zone (Slack's `user.tz`); the person's own time-zone answer wins over it. */
  timeZone: string;
}

/** Where an event happened: a DM with the bot, or a channel. */
export type Where = { kind: 'dm' } | { kind: 'channel'; channel: string };

interface EventBase {
  /** The platform's id for this delivery, so a redelivery is recognised and acts once. */
  id: string;
  actor: Actor;
  where: Where;
}

/**
 * A command arrives either as the words typed after `/mentor` (Slack, the terminal), or as a
 * subcommand path with typed arguments where the platform parsed them (Discord options): those
 * are never turned back into text.
 */
export type CommandInput =
  | { text: string; invocation?: undefined }
  | { text?: undefined; invocation: { path: string[]; args: Record<string, string | number>; program?: string } };

export type InboundEvent =
  | (EventBase & { type: 'command' } & CommandInput)
  | (EventBase & { type: 'message'; text: string })
  | (EventBase & { type: 'action'; promptId: string; value: string | string[] })
  | (EventBase & { type: 'form'; formId: string; values: Record<string, string> });

/** What a handler asks the adapter to show the person who triggered the event. */
export type Reply =
  | {
      kind: 'ephemeral';
      message: Message;
      /** The UserError code when the handler refused (nothing changed), so adapters can tell. */
      refused?: string;
      /** The form field a refusal is about, when it is about one. */
      field?: string;
      /** Set when the event failed on our side: the reference the apology quotes. */
      error?: { reference: string };
    }
  | { kind: 'form'; form: Form }
  /** The event was handled before (a platform redelivery): answer nothing, not even an ack text. */
  | { kind: 'duplicate' };

export interface UserAddress {
  platform: Platform;
  workspace: string;
  user: string;
}

/** Where an adapter keeps people's DM conversation ids across restarts (the people table). */
export interface DmChannels {
  get(user: Pick<UserAddress, 'platform' | 'workspace' | 'user'>): Promise<string | null>;
  set(user: Pick<UserAddress, 'platform' | 'workspace' | 'user'>, channel: string): Promise<void>;
}

export interface ChannelAddress {
  platform: Platform;
  workspace: string;
  channel: string;
}

/** Where a posted message lives, so it can be updated or closed later (Slack: ts; Discord: message id). */
export interface MessageRef {
  channel: string;
  id: string;
}

export interface PrivateChannelRequest {
  platform: Platform;
  workspace: string;
  name: string;
  members: string[];
  /** A role that must see the channel (youth programs' staff). */
  staffRole?: string;
  /** Youth programs: the adapter must refuse to open the channel unless staffRole can be added. */
  requireStaffRole?: boolean;
  topic?: string;
}

/**
 * What every platform adapter does for the core. `sendDirect` and `postChannel` send a
 * message's text, sections and prompt, not its files: the outbox's `dm` and `channel` kinds send
 * each file with `uploadFile` after the message, as its own recorded step, so a retry after a
 * failed upload never posts the message again.
 */
export interface ChatAdapter {
  readonly platform: Platform;
  sendDirect(to: UserAddress, message: Message): Promise<MessageRef>;
  postChannel(to: ChannelAddress, message: Message): Promise<MessageRef>;
  openPrivateChannel(request: PrivateChannelRequest): Promise<{ channel: string; name: string }>;
  updateMessage(to: { platform: Platform; workspace: string }, ref: MessageRef, message: Message): Promise<void>;
  /**
   * Adds a person to a private channel the bot opened (a coordinator joining a pair's channel).
   * Idempotent: someone already in the channel is a success, so a retried delivery is harmless.
   */
  addToChannel(to: ChannelAddress, user: string): Promise<void>;
  /**
   * Closes a pair's channel when their match ends: members keep reading it, nobody writes in it
   * (Slack archives it; Discord denies the members SendMessages). Idempotent, like addToChannel.
   */
  archiveChannel(to: ChannelAddress): Promise<void>;
  /** Sends a file into a conversation a message was posted in (`MessageRef.channel`). */
  uploadFile(to: { platform: Platform; workspace: string }, channel: string, file: FileAttachment): Promise<void>;
  lookupUser(workspace: string, user: string): Promise<{ displayName: string } | null>;
}

/** Routes outbound calls to the adapter of the address's platform. */
export class ChatRouter {
  private readonly adapters = new Map<Platform, ChatAdapter>();

  register(adapter: ChatAdapter): void {
    this.adapters.set(adapter.platform, adapter);
  }

  for(platform: Platform): ChatAdapter {
    const adapter = this.adapters.get(platform);
    if (!adapter) throw new Error(`No chat adapter for platform ${platform}`);
    return adapter;
  }
}
