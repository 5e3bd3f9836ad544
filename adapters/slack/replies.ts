import type { Actor, InboundEvent, Reply } from '../../src/core/chat.js';
import { newErrorReference } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { message, type Form, type Message } from '../../src/core/render.js';
import { postToResponseUrl, type SlackApi } from './api.js';
import { describeSlackError, slackCode } from './errors.js';
import { renderMessage, renderModal } from './render.js';

export interface SlackHostHandle {
  handle(event: InboundEvent): Promise<Reply[]>;
}

/** Where the answer to one interaction goes. */
export interface ReplyTarget {
  actor: Actor;
  /** The conversation the interaction happened in, if any. */
  channel?: string;
  /** Answer in place, ephemerally (slash commands, clicks): valid for 30 minutes. */
  responseUrl?: string;
  /** Needed to open a modal; Slack accepts it for 3 seconds. */
  triggerId?: string;
  /** A DM conversation: answers are ordinary messages there, not ephemeral ones. */
  postInDm?: boolean;
}

/** What a modal remembers about where it was opened, so answers to its submission go back there. */
export interface ModalOrigin {
  channel?: string;
  responseUrl?: string;
}

export function encodeOrigin(target: ReplyTarget): string {
  return JSON.stringify({ channel: target.channel, responseUrl: target.responseUrl } satisfies ModalOrigin);
}

export function decodeOrigin(text: string | undefined): ModalOrigin {
  try {
    const parsed = JSON.parse(text ?? '{}') as ModalOrigin;
    return typeof parsed === 'object' && parsed ? parsed : {};
  } catch {
    return {};
  }
}

/** The core never throws from handle(); this is the belt to those braces. */
export async function safeHandle(host: SlackHostHandle, event: InboundEvent, logger: Logger): Promise<Reply[]> {
  try {
    return await host.handle(event);
  } catch (err) {
    const reference = newErrorReference();
    logger.error({ err, reference, eventId: event.id }, 'slack: handler threw');
    return [
      {
        kind: 'ephemeral',
        message: message(`Sorry, something went wrong on our side. If it keeps happening, tell a coordinator this reference: ${reference}.`),
        error: { reference },
      },
    ];
  }
}

/**
 * Shows the core's replies to the person who acted. Every path has a fallback (the person's DM
 * with the bot), so a failure after the ack still reaches them; only if that fails too is it
 * merely logged.
 */
export class ReplyDelivery {
  constructor(
    private readonly api: SlackApi,
    private readonly logger: Logger,
  ) {}

  async deliver(replies: Reply[], target: ReplyTarget): Promise<void> {
    // A redelivery (Slack's x-slack-retry-num) was answered by its first delivery: say nothing.
    if (replies.some((r) => r.kind === 'duplicate')) return;
    for (const reply of replies) {
      if (reply.kind === 'form') await this.openForm(reply.form, target);
      else if (reply.kind === 'ephemeral') await this.show(reply.message, target);
    }
  }

  async openForm(form: Form, target: ReplyTarget): Promise<void> {
    if (!target.triggerId) {
      await this.show(message('That form can only be opened from a command or a button; please try again from there.'), target);
      return;
    }
    try {
      await this.api.call('views.open', { trigger_id: target.triggerId, view: renderModal(form, encodeOrigin(target)) });
    } catch (err) {
      const code = slackCode(err) ?? 'views_open_failed';
      this.logger.warn({ code, form: form.id }, 'slack: could not open modal');
      await this.show(message(`I could not open the “${form.title}” form. ${describeSlackError(code)}`), { ...target, triggerId: undefined });
    }
  }

  async show(msg: Message, target: ReplyTarget): Promise<void> {
    const parts = renderMessage(msg);
    const { user } = target.actor;
    try {
      if (target.postInDm) {
        const channel = target.channel?.startsWith('D') ? target.channel : await this.api.dmChannel(target.actor);
        await this.api.post(channel, parts);
      } else if (target.responseUrl) {
        for (const p of parts) {
          await postToResponseUrl(target.responseUrl, { response_type: 'ephemeral', replace_original: false, text: p.text, blocks: p.blocks });
        }
      } else if (target.channel) {
        await this.api.postEphemeral(target.channel, user, parts);
      } else {
        await this.api.post(await this.api.dmChannel(target.actor), parts);
      }
      return;
    } catch (err) {
      this.logger.warn({ code: slackCode(err), err }, 'slack: reply failed, falling back to a DM');
    }
    try {
      await this.api.post(await this.api.dmChannel(target.actor), parts);
    } catch (err) {
      this.logger.error({ code: slackCode(err) }, 'slack: could not reach the person at all; reply lost');
    }
  }
}
