import type { Db } from '../db/client.js';
import type { ChatRouter, InboundEvent, Reply } from './chat.js';
import type { Clock } from './clock.js';
import { matchCommand, parseArgs, type ArgValues, type CommandSpec } from './command-grammar.js';
import { UserError, newErrorReference } from './errors.js';
import type { Logger } from './logger.js';
import { message, type Form, type Message, type Prompt } from './render.js';
import { typedAnswer } from './typed-answer.js';

/** What every domain function receives: no singletons, so tests hand in fakes. */
export interface Services {
  db: Db;
  chat: ChatRouter;
  clock: Clock;
  logger: Logger;
}

/** Who is asking, resolved from the platform identity (domain fills this in). */
export interface Principal {
  workspaceId: string;
  personId: string;
  programId: string | null;
  /** The program's definition key, so the domain can find its rules. */
  programSlug: string | null;
  roles: ReadonlySet<string>;
}

export interface HandlerContext<E extends InboundEvent = InboundEvent> extends Services {
  event: E;
  principal: Principal;
  reply(msg: Message | string): void;
  openForm(form: Form): void;
}

export interface CommandDef extends CommandSpec {
  run(ctx: HandlerContext<Extract<InboundEvent, { type: 'command' }>>, args: ArgValues): Promise<void>;
}

/** Handles answers to prompts a flow posted, and typed replies when that flow's prompt is open. */
export interface FlowHandler {
  onAction?(ctx: HandlerContext<Extract<InboundEvent, { type: 'action' }>>): Promise<void>;
  onForm?(ctx: HandlerContext<Extract<InboundEvent, { type: 'form' }>>): Promise<void>;
  onMessage?(ctx: HandlerContext<Extract<InboundEvent, { type: 'message' }>>): Promise<boolean>;
}

export interface BotHooks {
  /** Resolves (and on first contact creates) the workspace, person and program. */
  resolve(db: Db, event: InboundEvent, now: Date): Promise<Principal>;
  /** Records the event id; false means it was handled before (a platform retry). */
  firstDelivery(db: Db, principal: Principal, event: InboundEvent, now: Date): Promise<boolean>;
  /** The prompt a typed reply answers: the person's most recent open one, if any. */
  openPrompt?(db: Db, principal: Principal): Promise<Prompt | null>;
  /** After a typed reply answered a prompt: e.g. take the buttons off the message that asked. */
  typedAnswerTaken?(db: Db, promptId: string, now: Date): Promise<void>;
  /** After a handled event: e.g. drain the outbox now rather than at the next poll. */
  afterCommit?(): void;
}

/** Runs before dispatch; returning true means it answered the event itself (e.g. a consent gate). */
export type Middleware = (ctx: HandlerContext) => Promise<boolean>;

export class Bot {
  readonly commands: CommandDef[] = [];
  private readonly flows = new Map<string, FlowHandler>();
  private readonly middleware: Middleware[] = [];

  constructor(
    private readonly services: Services,
    private readonly hooks: BotHooks,
  ) {}

  command(def: CommandDef): this {
    this.commands.push(def);
    return this;
  }

  use(middleware: Middleware): this {
    this.middleware.push(middleware);
    return this;
  }

  flow(name: string, handler: FlowHandler): this {
    this.flows.set(name, handler);
    return this;
  }

  /** Prompt/form ids are `<flow>:<rest>` so an answer finds its handler without a lookup. */
  private flowFor(id: string): FlowHandler | undefined {
    return this.flows.get(id.split(':')[0] ?? '');
  }

  /**
   * Handles one inbound event inside one transaction: a UserError rolls back, so bad input
   * changes nothing, and messages to others go through the outbox in the same transaction.
   */
  async handle(event: InboundEvent): Promise<Reply[]> {
    const started = performance.now();
    const { logger, clock } = this.services;
    const log = logger.child({ event: event.type, eventId: event.id, platform: event.actor.platform });
    let replies: Reply[] = [];
    let outcome = 'ok';
    let detail: string | undefined;
    try {
      await this.services.db.transaction(async (tx) => {
        const db = tx as unknown as Db;
        const now = clock.now();
        const principal = await this.hooks.resolve(db, event, now);
        if (!(await this.hooks.firstDelivery(db, principal, event, now))) {
          outcome = 'duplicate';
          return;
        }
        const pending: Reply[] = [];
        const ctx: HandlerContext = {
          ...this.services,
          db,
          event,
          principal,
          reply: (m) => pending.push({ kind: 'ephemeral', message: typeof m === 'string' ? message(m) : m }),
          openForm: (form) => pending.push({ kind: 'form', form }),
        };
        detail = await this.dispatch(ctx);
        replies = pending;
      });
      if (outcome === 'ok') this.hooks.afterCommit?.();
    } catch (err) {
      if (err instanceof UserError) {
        outcome = `refused:${err.code}`;
        replies = [{ kind: 'ephemeral', message: message(err.message), refused: err.code }];
      } else {
        const reference = newErrorReference();
        outcome = 'error';
        log.error({ err, reference }, 'internal error while handling event');
        replies = [
          {
            kind: 'ephemeral',
            message: message(
              `Sorry, something went wrong on our side. If it keeps happening, tell a coordinator this reference: ${reference}.`,
            ),
          },
        ];
      }
    }
    log.info({ outcome, handler: detail, durationMs: Math.round(performance.now() - started) }, 'handled event');
    return replies;
  }

  private async dispatch(ctx: HandlerContext): Promise<string | undefined> {
    const { event } = ctx;
    for (const [i, middleware] of this.middleware.entries()) {
      if (await middleware(ctx)) return `middleware:${i}`;
    }
    switch (event.type) {
      case 'command': {
        const { spec, rest } = matchCommand(this.commands, event.text);
        const name = spec.path.join(' ');
        if (spec.access === 'coordinator' && !ctx.principal.roles.has('coordinator')) {
          throw new UserError(
            `\`/mentor ${name}\` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.`,
            'not_coordinator',
          );
        }
        await spec.run(ctx as HandlerContext<typeof event>, parseArgs(spec, rest));
        return `command:${name}`;
      }
      case 'action': {
        const flow = this.flowFor(event.promptId);
        if (!flow?.onAction) throw new UserError('That question is no longer open.', 'stale_prompt');
        await flow.onAction(ctx as HandlerContext<typeof event>);
        return `action:${event.promptId.split(':')[0]}`;
      }
      case 'form': {
        const flow = this.flowFor(event.formId);
        if (!flow?.onForm) throw new UserError('That form is no longer open.', 'stale_form');
        await flow.onForm(ctx as HandlerContext<typeof event>);
        return `form:${event.formId.split(':')[0]}`;
      }
      case 'message': {
        const prompt = event.where.kind === 'dm' ? await this.hooks.openPrompt?.(ctx.db, ctx.principal) : null;
        if (prompt) {
          // A typed reply ("2", "1,3", "yes", free text) answers the open prompt like a click would.
          const action = { ...event, type: 'action' as const, promptId: prompt.id, value: typedAnswer(prompt.spec, event.text) };
          const flow = this.flowFor(prompt.id);
          if (flow?.onAction) {
            await flow.onAction({ ...ctx, event: action });
            await this.hooks.typedAnswerTaken?.(ctx.db, prompt.id, ctx.clock.now());
            return `message:${prompt.id.split(':')[0]}`;
          }
        }
        for (const [name, flow] of this.flows) {
          if (flow.onMessage && (await flow.onMessage(ctx as HandlerContext<typeof event>))) return `message:${name}`;
        }
        if (event.where.kind === 'dm') {
          ctx.reply('I only understand commands here. Try `/mentor help` to see what you can do.');
        }
        return 'message:none';
      }
    }
  }
}
