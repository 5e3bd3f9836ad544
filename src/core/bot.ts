import type { Db } from '../db/client.js';
import type { ChatRouter, InboundEvent, Reply, Where } from './chat.js';
import type { Clock } from './clock.js';
import { checkTypedArgs, findCommand, matchCommand, parseArgs, tokenize, type ArgValues, type CommandSpec } from './command-grammar.js';
import { cleanEvent } from './clean-input.js';
import { UserError, newErrorReference } from './errors.js';
import type { Logger } from './logger.js';
import { message, type Form, type Message, type Prompt, type RichText } from './render.js';
import { typedAnswer } from './typed-answer.js';

/** What every domain function receives: no singletons, so tests hand in fakes. */
export interface Services {
  db: Db;
  chat: ChatRouter;
  clock: Clock;
  logger: Logger;
}

/** The platform identity, resolved to rows: who is asking, in which workspace. */
export interface Identity {
  workspaceId: string;
  personId: string;
}

/** Who is asking, and about which program: the one the event's prompt or command names. */
export interface Principal extends Identity {
  programId: string | null;
  /** The program's definition key, so the domain can find its rules. */
  programSlug: string | null;
  /** How the program was chosen: named by the command or prompt, or the person's default. */
  programNamed: boolean;
  /** The person's roles in that program. */
  roles: ReadonlySet<string>;
}

/** Which program an event concerns, as far as the event itself says. */
export interface ProgramHint {
  programId?: string | null;
  programSlug?: string | null;
}

export interface HandlerContext<E extends InboundEvent = InboundEvent> extends Services {
  event: E;
  principal: Principal;
  /** The subcommand being run, for command events (middleware reads it). */
  command?: CommandSpec;
  reply(msg: Message | RichText): void;
  openForm(form: Form): void;
  /** Answers an open prompt with typed text, as if the person had replied to it alone. */
  answerTyped(prompt: OpenPrompt, text: string): Promise<void>;
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

/** An open prompt as a typed reply sees it: what it asks, and the program it belongs to. */
export interface OpenPrompt extends Prompt {
  programId: string | null;
  /** A short line naming what the question is about, to tell several open ones apart. */
  topic: string;
}

export interface BotHooks {
  /** Resolves (and on first contact creates) the workspace and person. */
  identify(db: Db, event: InboundEvent, now: Date): Promise<Identity>;
  /** Records the event id; false means it was handled before (a platform retry). */
  firstDelivery(db: Db, identity: Identity, event: InboundEvent, now: Date): Promise<boolean>;
  /** The program the event concerns (the hint's, else the person's default) and their roles in it. */
  scope(db: Db, identity: Identity, hint: ProgramHint, now: Date): Promise<Principal>;
  /** Slugs a command may start with to name its program (`/mentor youth status`). */
  programSlugs(): readonly string[];
  /** The program of the prompt an action or form answers. */
  promptProgram(db: Db, promptOrFormId: string): Promise<string | null>;
  /** The prompts a typed reply in this conversation could answer. */
  openPrompts(db: Db, identity: Identity, where: Where): Promise<OpenPrompt[]>;
  /** Several prompts are open: ask which one the text answers, keeping the text until then. */
  askWhich(ctx: HandlerContext<Extract<InboundEvent, { type: 'message' }>>, candidates: readonly OpenPrompt[]): Promise<void>;
  /** After a typed reply answered a prompt: e.g. take the buttons off the message that asked. */
  typedAnswerTaken?(db: Db, promptId: string, now: Date): Promise<void>;
  /** After a handled event: e.g. drain the outbox now rather than at the next poll. */
  afterCommit?(): void;
}

/** Runs before dispatch; returning true means it answered the event itself (e.g. a consent gate). */
export type Middleware = (ctx: HandlerContext) => Promise<boolean>;

type CommandEvent = Extract<InboundEvent, { type: 'command' }>;
type ParsedCommand = { spec: CommandDef; args: ArgValues; hint: ProgramHint };

export class Bot {
  readonly commands: CommandDef[] = [];
  private readonly flows = new Map<string, FlowHandler>();
  private readonly middleware: Middleware[] = [];

  constructor(
    private readonly services: Services,
    private readonly hooks: BotHooks,
  ) {}

  command(def: CommandDef): this {
    if (this.commands.some((c) => c.path.join(' ') === def.path.join(' '))) {
      throw new Error(`Two capabilities declare /mentor ${def.path.join(' ')}`);
    }
    this.commands.push(def);
    return this;
  }

  use(middleware: Middleware): this {
    this.middleware.push(middleware);
    return this;
  }

  flow(name: string, handler: FlowHandler): this {
    if (this.flows.has(name)) throw new Error(`Two capabilities declare the flow ${name}`);
    this.flows.set(name, handler);
    return this;
  }

  /** Prompt/form ids are `<flow>:<rest>` so an answer finds its handler without a lookup. */
  private flowFor(id: string): FlowHandler | undefined {
    return this.flows.get(id.split(':')[0] ?? '');
  }

  /** A command's subcommand, arguments and the program it names, checked before anything runs. */
  private parseCommand(event: CommandEvent): ParsedCommand {
    if (event.invocation) {
      const { path, args, program } = event.invocation;
      const spec = findCommand(this.commands, path);
      return { spec, args: checkTypedArgs(spec, args), hint: { programSlug: program ?? null } };
    }
    let text = event.text;
    const first = tokenize(text.trim())[0]?.toLowerCase();
    const hint: ProgramHint = {};
    if (first && this.hooks.programSlugs().includes(first) && !this.commands.some((c) => c.path[0] === first)) {
      hint.programSlug = first;
      text = text.trim().slice(first.length);
    }
    const { spec, rest } = matchCommand(this.commands, text);
    return { spec, args: parseArgs(spec, rest), hint };
  }

  /**
   * Handles one inbound event inside one transaction: a UserError rolls back, so bad input
   * changes nothing, and messages to others go through the outbox in the same transaction.
   */
  async handle(raw: InboundEvent): Promise<Reply[]> {
    const started = performance.now();
    let event = raw;
    const { logger, clock } = this.services;
    const log = logger.child({ event: event.type, eventId: event.id, platform: event.actor.platform });
    let replies: Reply[] = [];
    let outcome = 'ok';
    let detail: string | undefined;
    try {
      event = cleanEvent(raw);
      await this.services.db.transaction(async (tx) => {
        const db = tx as unknown as Db;
        const now = clock.now();
        const identity = await this.hooks.identify(db, event, now);
        if (!(await this.hooks.firstDelivery(db, identity, event, now))) {
          outcome = 'duplicate';
          replies = [{ kind: 'duplicate' }];
          return;
        }
        const pending: Reply[] = [];
        detail = await this.dispatch(db, identity, event, pending);
        replies = pending;
      });
      if (outcome === 'ok') this.hooks.afterCommit?.();
    } catch (err) {
      if (err instanceof UserError) {
        outcome = `refused:${err.code}`;
        replies = [{ kind: 'ephemeral', message: message(err.text), refused: err.code, ...(err.field ? { field: err.field } : {}) }];
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
            error: { reference },
          },
        ];
      }
    }
    log.info({ outcome, handler: detail, durationMs: Math.round(performance.now() - started) }, 'handled event');
    return replies;
  }

  private context(db: Db, event: InboundEvent, principal: Principal, pending: Reply[]): HandlerContext {
    const ctx: HandlerContext = {
      ...this.services,
      db,
      event,
      principal,
      reply: (m) => pending.push({ kind: 'ephemeral', message: typeof m === 'string' || Array.isArray(m) ? message(m as RichText) : (m as Message) }),
      openForm: (form) => pending.push({ kind: 'form', form }),
      answerTyped: async (prompt, text) => {
        const scoped = await this.hooks.scope(db, principal, { programId: prompt.programId }, this.services.clock.now());
        const typed = { ...(event as InboundEvent), type: 'message' as const, text };
        await this.answerTypedPrompt(this.context(db, typed, scoped, pending) as HandlerContext<Extract<InboundEvent, { type: 'message' }>>, prompt);
      },
    };
    return ctx;
  }

  private async runMiddleware(ctx: HandlerContext): Promise<string | undefined> {
    for (const [i, middleware] of this.middleware.entries()) {
      if (await middleware(ctx)) return `middleware:${i}`;
    }
    return undefined;
  }

  private async dispatch(db: Db, identity: Identity, event: InboundEvent, pending: Reply[]): Promise<string> {
    const now = this.services.clock.now();
    switch (event.type) {
      case 'command': {
        const { spec, args, hint } = this.parseCommand(event);
        const principal = await this.hooks.scope(db, identity, hint, now);
        const ctx = { ...this.context(db, event, principal, pending), command: spec };
        const name = spec.path.join(' ');
        if (spec.access === 'coordinator' && !principal.roles.has('coordinator')) {
          throw new UserError(
            `\`/mentor ${name}\` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.`,
            'not_coordinator',
          );
        }
        const stopped = await this.runMiddleware(ctx);
        if (stopped) return stopped;
        await spec.run(ctx as HandlerContext<typeof event>, args);
        return `command:${name}`;
      }
      case 'action':
      case 'form': {
        const id = event.type === 'action' ? event.promptId : event.formId;
        const principal = await this.hooks.scope(db, identity, { programId: await this.hooks.promptProgram(db, id) }, now);
        const ctx = this.context(db, event, principal, pending);
        const stopped = await this.runMiddleware(ctx);
        if (stopped) return stopped;
        const flow = this.flowFor(id);
        if (event.type === 'action') {
          if (!flow?.onAction) throw new UserError('That question is no longer open.', 'stale_prompt');
          await flow.onAction(ctx as HandlerContext<typeof event>);
        } else {
          if (!flow?.onForm) throw new UserError('That form is no longer open.', 'stale_form');
          await flow.onForm(ctx as HandlerContext<typeof event>);
        }
        return `${event.type}:${id.split(':')[0]}`;
      }
      case 'message':
        return this.dispatchMessage(db, identity, event, pending);
    }
  }

  /**
   * A typed reply answers the one prompt open in its conversation (a DM, or a pair's channel);
   * with several open, the bot asks which, keeping the text until it knows.
   */
  private async dispatchMessage(db: Db, identity: Identity, event: Extract<InboundEvent, { type: 'message' }>, pending: Reply[]): Promise<string> {
    const now = this.services.clock.now();
    const open = await this.hooks.openPrompts(db, identity, event.where);
    const only = open.length === 1 ? open[0]! : null;
    const principal = await this.hooks.scope(db, identity, { programId: only?.programId ?? null }, now);
    const ctx = this.context(db, event, principal, pending) as HandlerContext<typeof event>;
    const stopped = await this.runMiddleware(ctx);
    if (stopped) return stopped;
    if (only && this.flowFor(only.id)?.onAction) {
      await this.answerTypedPrompt(ctx, only);
      return `message:${only.id.split(':')[0]}`;
    }
    if (open.length > 1) {
      await this.hooks.askWhich(ctx, open);
      return 'message:which';
    }
    for (const [name, flow] of this.flows) {
      if (flow.onMessage && (await flow.onMessage(ctx))) return `message:${name}`;
    }
    if (event.where.kind === 'dm') {
      ctx.reply('I only understand commands here. Try `/mentor help` to see what you can do.');
    }
    return 'message:none';
  }

  private async answerTypedPrompt(ctx: HandlerContext<Extract<InboundEvent, { type: 'message' }>>, prompt: OpenPrompt): Promise<void> {
    const flow = this.flowFor(prompt.id);
    if (!flow?.onAction) throw new UserError('That question is no longer open.', 'stale_prompt');
    // A typed reply ("2", "1,3", "yes", free text) answers the prompt like a click would.
    const action = { ...ctx.event, type: 'action' as const, promptId: prompt.id, value: typedAnswer(prompt.spec, ctx.event.text) };
    await flow.onAction({ ...ctx, event: action });
    await this.hooks.typedAnswerTaken?.(ctx.db, prompt.id, ctx.clock.now());
  }
}
