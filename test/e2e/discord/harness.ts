import { ApplicationCommandOptionType as T } from 'discord.js';
import { optionName, PROGRAM_OPTION } from '../../../adapters/discord/command-registration.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/index.js';
import type { DiscordConfig } from '../../../adapters/discord/config.js';
import type { Bot } from '../../../src/core/bot.js';
import { matchCommand, parseArgs } from '../../../src/core/command-grammar.js';
import type { InboundEvent } from '../../../src/core/chat.js';
import { UserError } from '../../../src/core/errors.js';
import { createLogger } from '../../../src/core/logger.js';
import { message, type PromptSpec, type Section } from '../../../src/core/render.js';
import { openPrompt, takeAnswer } from '../../../src/domain/conversation/prompts.js';
import { enqueueDirect } from '../../../src/jobs/enqueue.js';
import { APP_ID, apiUser, GUILD_ID, startFakeDiscord, type FakeDiscord, type FakeUser, type RecordedRequest } from '../../fakes/discord/fake-discord.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

export const alice: FakeUser = { id: '1800000000000000001', username: 'alice' };
export const bob: FakeUser = { id: '1800000000000000002', username: 'bob' };
export const coordinator: FakeUser = { id: '1800000000000000003', username: 'cora' };

const SPECS: Record<string, PromptSpec> = {
  buttons: { kind: 'choice', question: 'How did it go?', choices: [{ value: 'good', label: 'Good' }, { value: 'ok', label: 'OK' }, { value: 'bad', label: 'Not great' }] },
  select: { kind: 'multi', question: 'Which topics?', maxChoices: 2, choices: [{ value: 'career', label: 'Career' }, { value: 'school', label: 'School' }, { value: 'hobbies', label: 'Hobbies' }] },
  text: { kind: 'text', question: 'What would you like to work on?' },
};

/** A proposed pair with its own Approve / Reject buttons, answered by the test flow `e2epair`. */
export function pairSection(n: number): Section {
  return {
    title: `Pair ${n}`,
    text: `Mentee ${n} with mentor ${n}`,
    actions: { id: `e2epair:p${n}`, choices: [{ value: 'approve', label: 'Approve', style: 'primary' }, { value: 'reject', label: 'Reject', style: 'danger' }] },
  };
}

/**
 * A small test-only flow on the real bot, so prompts, answers and forms go through the core's
 * real prompt store and outbox whatever the domain's own flows look like.
 */
function addTestFlow(bot: Bot): void {
  bot.command({
    path: ['e2e', 'ask'],
    summary: 'Test: send me a question',
    access: 'anyone',
    args: [{ name: 'kind', type: 'choice', description: 'kind of question', choices: Object.keys(SPECS) }],
    async run(ctx, args) {
      const now = ctx.clock.now();
      const spec = SPECS[String(args.kind)] as PromptSpec;
      const prompt = await openPrompt(ctx.db, { personId: ctx.principal.personId, programId: ctx.principal.programId, flow: 'e2e', spec, now });
      await enqueueDirect(ctx.db, { key: `e2e:${prompt.id}`, personId: ctx.principal.personId, programId: ctx.principal.programId, message: message('A quick question', { prompt }), at: now });
      ctx.reply('I have sent you a direct message.');
    },
  });
  bot.command({
    path: ['e2e', 'form'],
    summary: 'Test: open a form',
    access: 'anyone',
    args: [],
    async run(ctx) {
      ctx.openForm({ id: 'e2e:about', title: 'About you', fields: [{ id: 'age', label: 'How old are you?' }, { id: 'goal', label: 'Your goal', long: true, optional: true }] });
    },
  });
  bot.command({
    path: ['e2e', 'long'],
    summary: 'Test: open a seven-field form',
    access: 'anyone',
    args: [],
    async run(ctx) {
      ctx.openForm({ id: 'e2e:long', title: 'Long form', fields: Array.from({ length: 7 }, (_, i) => ({ id: `q${i + 1}`, label: `Question ${i + 1}` })) });
    },
  });
  bot.command({
    path: ['e2e', 'pairs'],
    summary: 'Test: show proposed pairs with buttons',
    access: 'anyone',
    args: [],
    async run(ctx) {
      ctx.reply(message('Proposed pairs', { sections: [pairSection(1), pairSection(2)] }));
    },
  });
  bot.flow('e2epair', {
    async onAction(ctx) {
      ctx.reply(`Pair ${ctx.event.promptId}: ${[ctx.event.value].flat().join(', ')}`);
    },
  });
  bot.flow('e2e', {
    async onAction(ctx) {
      const { event } = ctx;
      await takeAnswer(ctx.db, { promptId: event.promptId, personId: ctx.principal.personId, value: event.value, now: ctx.clock.now() });
      ctx.reply(`Recorded: ${[event.value].flat().join(', ')}`);
    },
    async onForm(ctx) {
      if (ctx.event.formId === 'e2e:long') {
        ctx.reply(`Got ${Object.keys(ctx.event.values).sort().join(',')}`);
        return;
      }
      const age = Number(ctx.event.values.age);
      if (!Number.isInteger(age) || age < 13 || age > 18) throw new UserError('Age: please enter a whole number from 13 to 18.', 'bad_age');
      ctx.reply(`Thanks! Saved (age ${age}).`);
    },
  });
}

export interface Harness {
  fake: FakeDiscord;
  testApp: TestApp;
  adapter: DiscordAdapter;
  config: DiscordConfig;
  /** Runs the outbox once (twice when asked: alerts about dead deliveries are queued by the first). */
  drain(): Promise<void>;
  /** A process restart: the client disconnects, the app is rebuilt on the same database, a new client logs in. */
  restart(): Promise<void>;
  /** The requests made since `mark()`. */
  since(mark: number, match?: (r: RecordedRequest) => boolean): RecordedRequest[];
  mark(): number;
  close(): Promise<void>;
}

/** A discord.js adapter on the app's current bot, registered for the outbox's deliveries. */
function connect(testApp: TestApp, config: DiscordConfig, replyBudgetMs: number): DiscordAdapter {
  addTestFlow(testApp.app.bot);
  const programs = testApp.catalog.all().map((p) => p.definition.slug);
  const host = { handle: (e: InboundEvent) => testApp.app.bot.handle(e), commands: testApp.app.bot.commands, dmChannels: testApp.app.dmChannels };
  const adapter = createDiscordAdapter({ config, host, programs, logger: createLogger({ level: 'silent' }), replyBudgetMs });
  testApp.chat.register(adapter.chat);
  return adapter;
}

export async function startHarness(
  options: { programFiles?: string[]; staffRole?: string; replyBudgetMs?: number; noticeChannelId?: string; users?: FakeUser[] } = {},
): Promise<Harness> {
  const fake = await startFakeDiscord({ users: [alice, bob, coordinator, ...(options.users ?? [])], staffRole: options.staffRole });
  const testApp = await createTestApp('pglite', { programFiles: options.programFiles, coordinators: [coordinator.id] });
  const config: DiscordConfig = {
    token: 'fake-token',
    applicationId: APP_ID,
    guildId: GUILD_ID,
    apiUrl: fake.restUrl,
    category: 'Mentoring',
    noticeChannelId: options.noticeChannelId,
  };
  const budget = options.replyBudgetMs ?? 2_500;
  const h: Harness = {
    fake,
    testApp,
    adapter: connect(testApp, config, budget),
    config,
    drain: () => testApp.app.drain(),
    mark: () => fake.requests.length,
    since: (mark, match = () => true) => fake.requests.slice(mark).filter(match),
    async restart() {
      await h.adapter.stop();
      await testApp.restart();
      h.adapter = connect(testApp, config, budget);
      await h.adapter.start();
    },
    async close() {
      await h.adapter.stop();
      await testApp.close();
      await fake.close();
    },
  };
  await h.adapter.start();
  return h;
}

/**
 * Waits until the core has handled the event with this id (for a DM, the message's id) and
 * returns its outcome (`ok`, `refused:<code>`, ...). A DM has no response to wait for, so
 * this polls the app's log for the line the bot writes after each event.
 */
export async function handled(h: Harness, eventId: string): Promise<string> {
  for (let i = 0; i < 1_000; i++) {
    const line = h.testApp.logs.find((l) => l.eventId === eventId && l.msg === 'handled event');
    if (line) return String(line.outcome);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`event ${eventId} was not handled within 10 s`);
}

/** The body of an interaction's callback (its 3-second response). */
export async function callback(h: Harness, interactionId: string): Promise<{ type: number; data?: Record<string, unknown> }> {
  return (await h.fake.callbackOf(interactionId)).body as { type: number; data?: Record<string, unknown> };
}

/** Follow-ups (webhook messages) sent for an interaction, waiting for the n-th. */
export async function followUp(h: Harness, interactionId: string, n = 1): Promise<Record<string, unknown>> {
  const token = `token-${interactionId}`;
  let seen = 0;
  const request = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${token}` && ++seen === n);
  return request.body as Record<string, unknown>;
}

/** The next message the bot posts in a channel (a DM is a channel too), after `mark`. */
export async function posted(h: Harness, mark: number, channelId?: string): Promise<RecordedRequest> {
  return h.fake.waitForRequest(
    (r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && (!channelId || r.path === `/channels/${channelId}/messages`),
    mark,
  );
}

type Option = { type: T; name: string; value?: string | number; options?: Option[] };

/**
 * `/mentor <text>` as Discord sends it: the words parsed with the core's own grammar into the
 * subcommand (group) and typed options the registered command has, `@name` of a known user as a
 * USER option with its resolved user, and a leading program slug as the `program` option.
 */
export function slashCommand(h: Harness, user: FakeUser, text: string, users: readonly FakeUser[]): string {
  const commands = h.testApp.app.bot.commands;
  const slugs = h.testApp.catalog.all().map((p) => p.definition.slug);
  let words = text.trim().replace(/@([\w.-]+)/g, (whole, name: string) => {
    const found = users.find((u) => u.username === name);
    return found ? `<@${found.id}>` : whole;
  });
  const first = words.split(/\s+/)[0]!;
  const program = slugs.length > 1 && slugs.includes(first) && !commands.some((c) => c.path[0] === first) ? first : undefined;
  if (program) words = words.slice(first.length).trim();
  const { spec, rest } = matchCommand(commands, words);
  const values = parseArgs(spec, rest);
  const leaves: Option[] = spec.args
    .filter((a) => values[a.name] !== undefined)
    .map((a) => ({ type: a.type === 'user' ? T.User : a.type === 'number' ? T.Number : T.String, name: optionName(a.name), value: values[a.name] }));
  if (program) leaves.push({ type: T.String, name: PROGRAM_OPTION, value: program });
  const sub: Option = { type: T.Subcommand, name: optionName(spec.path.at(-1)!), options: leaves };
  const options = spec.path.length === 1 ? [sub] : [{ type: T.SubcommandGroup, name: optionName(spec.path[0]!), options: [sub] }];
  const mentioned = leaves.filter((o) => o.type === T.User).map((o) => String(o.value));
  const resolved = mentioned.length > 0 ? { users: Object.fromEntries(mentioned.map((id) => [id, apiUser(users.find((u) => u.id === id) ?? { id, username: id })])) } : undefined;
  return h.fake.command(user, { options, resolved });
}

/**
 * Runs terminal-style lines (`max: text`, as test/support/intake-script.ts writes them, with
 * usernames) through the real discord.js client: `/mentor …` as a slash command interaction
 * (see slashCommand), anything else as a DM to the bot. Each event must be handled with
 * outcome `ok`, so a script that goes astray fails where it does. The outbox is drained once
 * at the end (a typed answer needs its question open, not delivered).
 */
export async function runScript(h: Harness, script: string, users: readonly FakeUser[]): Promise<void> {
  for (const line of script.split('\n').filter(Boolean)) {
    const at = line.indexOf(': ');
    const user = users.find((u) => u.username === line.slice(0, at));
    if (!user) throw new Error(`no user ${line.slice(0, at)} in the script`);
    const text = line.slice(at + 2);
    let id: string;
    if (text.startsWith('/mentor ')) {
      id = slashCommand(h, user, text.slice('/mentor '.length), users);
      await callback(h, id);
    } else id = h.fake.directMessage(user, text);
    const outcome = await handled(h, id);
    if (outcome !== 'ok') throw new Error(`“${line}” was handled as ${outcome}`);
  }
  await h.drain();
}
