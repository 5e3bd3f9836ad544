import { UserError } from '../../../src/core/errors.js';
import { message, type PromptSpec, type Section } from '../../../src/core/render.js';
import type { Bot } from '../../../src/core/bot.js';
import type { Actor, PlatformProfile } from '../../../src/core/chat.js';
import { openPrompt, takeAnswer } from '../../../src/domain/conversation/prompts.js';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.js';
import type { PacerOptions } from '../../../adapters/slack/pacing.js';
import { BOT_TOKEN, FakeSlackApi, type RecordedCall } from '../../fakes/slack/fake-web-api.js';
import { blockAction, directMessage, postSigned, slashCommand, SIGNING_SECRET, type ClickedMessage, type PostOptions, type SignedPost } from '../../fakes/slack/signed-requests.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import type { DatabaseKind } from '../../support/databases.js';

export const SPECS: Record<string, PromptSpec> = {
  pair: { kind: 'choice', question: 'Shall we meet this week?', choices: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'Not this week' }] },
  many: {
    kind: 'choice',
    question: 'Which topic?',
    choices: ['career', 'skills', 'network', 'balance', 'leadership', 'feedback', 'other'].map((v) => ({ value: v, label: v })),
  },
  scale: { kind: 'scale', question: 'How useful was the session?', min: 1, max: 7, minLabel: 'not at all', maxLabel: 'very' },
  multi: { kind: 'multi', question: 'Which goals?', choices: ['a', 'b', 'c'].map((v) => ({ value: v, label: `Goal ${v}` })), maxChoices: 2 },
  text: { kind: 'text', question: 'What did you talk about?' },
};

/** A proposed pair with its own Approve / Reject buttons, answered by the test flow `trypair`. */
export function pairSection(n: number): Section {
  return {
    title: `Pair ${n}`,
    text: `Mentee ${n} with mentor ${n}`,
    actions: { id: `trypair:p${n}`, choices: [{ value: 'approve', label: 'Approve', style: 'primary' }, { value: 'reject', label: 'Reject', style: 'danger' }] },
  };
}

/**
 * Test-only flows on the real Bot, so prompts and forms can be exercised before the domain's
 * own flows exist: `/mentor try prompt <kind>`, `/mentor try form` and `/mentor try pairs`.
 */
export function registerTryFlows(bot: Bot): void {
  bot.command({
    path: ['try', 'prompt'],
    summary: 'test prompt',
    access: 'anyone',
    args: [{ name: 'kind', type: 'choice', description: 'kind', choices: Object.keys(SPECS) }],
    async run(ctx, args) {
      const spec = SPECS[String(args.kind)]!;
      const prompt = await openPrompt(ctx.db, { personId: ctx.principal.personId, programId: ctx.principal.programId, flow: 'try', spec, now: ctx.clock.now() });
      ctx.reply(message('A question for you', { prompt }));
    },
  });
  bot.command({
    path: ['try', 'form'],
    summary: 'test form',
    access: 'anyone',
    args: [],
    async run(ctx) {
      ctx.openForm({
        id: 'tryform:session',
        title: 'Feedback on your mentoring session',
        fields: [
          { id: 'rating', label: 'Rating from 1 to 5' },
          { id: 'notes', label: 'Notes', long: true, optional: true },
        ],
      });
    },
  });
  bot.flow('try', {
    async onAction(ctx) {
      const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now: ctx.clock.now() });
      ctx.reply(`Recorded: ${Array.isArray(taken.value) ? taken.value.join('+') : taken.value}`);
    },
  });
  bot.command({
    path: ['try', 'pairs'],
    summary: 'test section buttons',
    access: 'anyone',
    args: [],
    async run(ctx) {
      ctx.reply(message('Proposed pairs', { sections: [pairSection(1), pairSection(2)] }));
    },
  });
  bot.flow('trypair', {
    async onAction(ctx) {
      ctx.reply(`Pair ${ctx.event.promptId}: ${[ctx.event.value].flat().join('+')}`);
    },
  });
  bot.flow('tryform', {
    async onForm(ctx) {
      const { rating = '', notes = '' } = ctx.event.values;
      if (!/^[1-5]$/.test(rating.trim())) throw new UserError('rating: Please give a whole number from 1 to 5.', 'bad_rating');
      if (notes === 'unnamed') throw new UserError('That did not work.', 'generic');
      ctx.reply(`Thanks: rating ${rating} recorded.`);
    },
  });
}

export interface SlackHarness {
  test: TestApp;
  api: FakeSlackApi;
  readonly slack: SlackAdapter;
  readonly url: string;
  /** Requests whose Bolt listeners have all finished (the ack, so the HTTP 200, comes before). */
  readonly finished: number;
  /** A process restart: the core on the same database, and a new Bolt app on a new port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The neutral bot with the real Bolt app on 127.0.0.1 in front of it, and a fake Web API behind it. */
export async function startSlackHarness(
  kind: DatabaseKind = 'pglite',
  /** `profiles`: read people's profile time zones, as main.ts does (off by default: it adds a users.info call to a person's first event). */
  options: { coordinators?: string[]; pacing?: PacerOptions; programFiles?: string[]; profiles?: boolean } = {},
): Promise<SlackHarness> {
  const api = await new FakeSlackApi().start();
  const test = await createTestApp(kind, { coordinators: options.coordinators ?? ['U_COORD'], programFiles: options.programFiles });
  registerTryFlows(test.app.bot);
  const logger = (await import('../../../src/core/logger.js')).createLogger({ level: 'silent' });
  let finished = 0;
  const build = async (): Promise<SlackAdapter> => {
    const adapter = createSlackAdapter({
      config: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: api.apiUrl },
      host: {
        handle: (e) => test.app.bot.handle(e),
        home: (a) => test.app.home(a),
        ...(options.profiles ? { recordProfile: (a: Actor, p: PlatformProfile) => test.app.recordProfile(a, p) } : {}),
        dmChannels: test.app.dmChannels,
        commands: test.app.bot.commands,
      },
      logger,
      webClientOptions: { retryConfig: { retries: 0 } },
      pacing: options.pacing,
      listen: { host: '127.0.0.1', port: 0 },
    });
    adapter.app.use(async ({ next }) => {
      try {
        await next();
      } finally {
        finished += 1;
      }
    });
    test.chat.register(adapter.chat);
    await adapter.start();
    return adapter;
  };
  let slack = await build();
  return {
    test,
    api,
    get slack() {
      return slack;
    },
    get url() {
      return slack.url!;
    },
    get finished() {
      return finished;
    },
    async restart() {
      await slack.stop();
      await test.restart();
      registerTryFlows(test.app.bot);
      slack = await build();
    },
    async close() {
      await slack.stop();
      await test.close();
      await api.stop();
    },
  };
}

/**
 * Posts one signed request and returns the Web API calls it led to, once Bolt's listeners have
 * finished with it and the outbox (where DMs wait) has been drained.
 */
export async function exchange(h: SlackHarness, request: SignedPost, options?: PostOptions): Promise<RecordedCall[]> {
  const mark = h.api.calls.length;
  const target = h.finished + 1;
  const res = await postSigned(h.url, request, options);
  if (res.status !== 200) throw new Error(`Bolt answered ${res.status}: ${res.body}`);
  const deadline = Date.now() + 10_000;
  while (h.finished < target) {
    if (Date.now() > deadline) throw new Error('Bolt did not finish handling the request');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await h.test.app.drain();
  return h.api.calls.slice(mark);
}

type Element = { type: string; action_id: string; text?: { text: string }; options?: { value: string; text: { text: string } }[] };
type ActionsBlock = { type: string; block_id?: string; elements?: Element[] };

/** Everything a posted message shows: its fallback text and every text in its blocks. */
export function shown(call: RecordedCall): string {
  const texts: string[] = [String(call.args.text ?? '')];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(call.args.blocks);
  return texts.join('\n');
}

/** The message a person clicks on, as Slack sends it back in block_actions. */
export function clickedMessage(posted: RecordedCall): ClickedMessage {
  return { ts: String(posted.response?.ts), text: String(posted.args.text), blocks: posted.args.blocks as Record<string, unknown>[] };
}

/** The interactive elements of a posted message, with their block ids. */
export function controls(posted: RecordedCall): { blockId: string; element: Element }[] {
  const blocks = (posted.args.blocks ?? []) as ActionsBlock[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((element) => ({ blockId: b.block_id!, element })));
}

/** A click on the button labelled `label` of a message the bot posted in the person's DM. */
export function clickButton(user: string, posted: RecordedCall, label: string, responseUrl?: string): SignedPost {
  const hit = controls(posted).find((c) => c.element.type === 'button' && c.element.text?.text === label);
  if (!hit) throw new Error(`no button “${label}” in: ${shown(posted)}`);
  return blockAction({ user }, { ...hit.element, block_id: hit.blockId }, { message: clickedMessage(posted), responseUrl });
}

/** Picks options of a multi-select by label and presses its Submit: the two requests Slack sends. */
export function pickAndSubmit(user: string, posted: RecordedCall, labels: string[], responseUrl?: string): [SignedPost, SignedPost] {
  const select = controls(posted).find((c) => c.element.type === 'multi_static_select');
  const submit = controls(posted).find((c) => c.element.type === 'button');
  if (!select || !submit) throw new Error(`no multi-select in: ${shown(posted)}`);
  const picked = labels.map((l) => select.element.options!.find((o) => o.text.text === l)!);
  const state: Record<string, unknown> = { [select.blockId]: { [select.element.action_id]: { type: 'multi_static_select', selected_options: picked } } };
  const options = { message: clickedMessage(posted), state, responseUrl };
  return [
    blockAction({ user }, { type: 'multi_static_select', block_id: select.blockId, action_id: select.element.action_id, selected_options: picked }, options),
    blockAction({ user }, { ...submit.element, block_id: submit.blockId }, options),
  ];
}

/** A click on the button labelled `label` of a message the bot posted in a channel (a pair's private channel). */
export function clickButtonIn(user: string, channel: string, posted: RecordedCall, label: string, responseUrl?: string): SignedPost {
  const hit = controls(posted).find((c) => c.element.type === 'button' && c.element.text?.text === label);
  if (!hit) throw new Error(`no button “${label}” in: ${shown(posted)}`);
  return blockAction({ user, channel }, { ...hit.element, block_id: hit.blockId }, { message: clickedMessage(posted), responseUrl });
}

let scriptRequests = 0;

/**
 * Runs terminal-style lines (`U_MAX: text`, as test/support/intake-script.ts writes them)
 * through the real Bolt app: `/mentor …` as a signed slash command with every `@U_X` written
 * as Slack's `<@U_X>`, anything else as a DM to the bot. Each event must be handled with
 * outcome `ok` (no refusal, no error), so a script that goes astray fails where it does. The
 * outbox is drained once at the end (a typed answer needs its question open, not delivered).
 */
export async function runScript(h: SlackHarness, script: string): Promise<void> {
  for (const line of script.split('\n').filter(Boolean)) {
    const at = line.indexOf(': ');
    const user = line.slice(0, at);
    const text = line.slice(at + 2);
    const mark = h.test.logs.length;
    const request = text.startsWith('/mentor ')
      ? slashCommand({ user }, text.slice('/mentor '.length).replace(/@(U[A-Z0-9_]+)/g, '<@$1>'), h.api.responseUrl(`script${++scriptRequests}`))
      : directMessage(user, text);
    const target = h.finished + 1;
    const res = await postSigned(h.url, request);
    if (res.status !== 200) throw new Error(`Bolt answered ${res.status} to “${line}”: ${res.body}`);
    for (const deadline = Date.now() + 10_000; h.finished < target; ) {
      if (Date.now() > deadline) throw new Error(`Bolt did not finish handling “${line}”`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const outcomes = h.test.logs.slice(mark).filter((l) => l.msg === 'handled event').map((l) => String(l.outcome));
    if (outcomes.length !== 1 || outcomes[0] !== 'ok') throw new Error(`“${line}” was handled as ${outcomes.join(', ') || 'nothing'}`);
  }
  await h.test.app.drain();
}
