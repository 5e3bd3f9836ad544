import type {
  ChannelAddress,
  ChatAdapter,
  MessageRef,
  Platform,
  PrivateChannelRequest,
  UserAddress,
} from '../../src/core/chat.js';
import type { FileAttachment, Message } from '../../src/core/render.js';
import { formatLines } from './format.js';
import { describeContent, displayPath, saveExport } from './save-file.js';

export const TERMINAL_WORKSPACE = 'terminal';

/** The ChatAdapter for the terminal: every delivery becomes prefixed output lines. */
export class TerminalChat implements ChatAdapter {
  readonly platform: Platform = 'terminal';
  private readonly channels = new Set<string>();
  private sequence = 0;

  constructor(
    private readonly write: (line: string) => void,
    /** Where files sent to people are saved (EXPORT_DIR): a terminal has nowhere else to show them. */
    private readonly exportDir = './exports',
  ) {}

  private print(where: string, msg: Message): MessageRef {
    for (const line of formatLines(where, msg)) this.write(line);
    return { channel: where, id: String(++this.sequence) };
  }

  async sendDirect(to: UserAddress, msg: Message): Promise<MessageRef> {
    return this.print(`dm ${to.user}`, msg);
  }

  async postChannel(to: ChannelAddress, msg: Message): Promise<MessageRef> {
    return this.print(`#${to.channel}`, msg);
  }

  async openPrivateChannel(request: PrivateChannelRequest): Promise<{ channel: string; name: string }> {
    // Like Slack, a taken name gets a numeric suffix rather than failing.
    let name = request.name;
    for (let n = 2; this.channels.has(name); n++) name = `${request.name}-${n}`;
    this.channels.add(name);
    const members = request.members.map((m) => `@${m}`).join(', ');
    const staff = request.staffRole ? ` and the ${request.staffRole} role` : '';
    this.write(`[#${name}] (private channel for ${members}${staff})`);
    return { channel: name, name };
  }

  /** A terminal has no membership to change: it says who joined, as a platform would show it. */
  async addToChannel(to: ChannelAddress, user: string): Promise<void> {
    this.write(`[#${to.channel}] @${user} joined the channel`);
  }

  /** A terminal has no channel to lock: it says so, as a platform would show it. */
  async archiveChannel(to: ChannelAddress): Promise<void> {
    this.write(`[#${to.channel}] (channel archived: members can read it, nobody can post)`);
  }

  /** What is printed stays printed: a terminal cannot take buttons off a past message. */
  async updateMessage(_to: { platform: Platform; workspace: string }, _ref: MessageRef, _msg: Message): Promise<void> {}

  /** Saves the file and says where, under the conversation it was sent in (`dm alice`, `#pair-1`). */
  async uploadFile(_to: { platform: Platform; workspace: string }, channel: string, file: FileAttachment): Promise<void> {
    const path = await saveExport(this.exportDir, file);
    this.write(`[${channel}] File ${file.name} saved to ${displayPath(path)} (${describeContent(file)}).`);
  }

  async lookupUser(_workspace: string, user: string): Promise<{ displayName: string } | null> {
    return { displayName: user };
  }
}
