import { UserError } from '../../../src/core/errors.js';
import { message, type PromptSpec } from '../../../src/core/render.js';
import type { Bot } from '../../../src/core/bot.js';
import { openPrompt, takeAnswer } from '../../../src/domain/conversation/prompts.js';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.js';
import { BOT_TOKEN, FakeSlackApi } from '../../fakes/slack/fake-web-api.js';
import { SIGNING_SECRET } from '../../fakes/slack/signed-requests.js';
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

/**
 * Test-only flows on the real Bot, so prompts and forms can be exercised before the domain's
 * own flows exist: `/mentor try prompt <kind>` and `/mentor try form`.
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
  slack: SlackAdapter;
  url: string;
  close(): Promise<void>;
}

/** The neutral bot with the real Bolt app on 127.0.0.1 in front of it, and a fake Web API behind it. */
export async function startSlackHarness(kind: DatabaseKind = 'pglite', options: { coordinators?: string[] } = {}): Promise<SlackHarness> {
  const api = await new FakeSlackApi().start();
  const test = await createTestApp(kind, { coordinators: options.coordinators ?? ['U_COORD'] });
  registerTryFlows(test.app.bot);
  const logger = (await import('../../../src/core/logger.js')).createLogger({ level: 'silent' });
  const slack = createSlackAdapter({
    config: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: api.apiUrl },
    host: { handle: (e) => test.app.bot.handle(e), home: (a) => test.app.home(a), commands: test.app.bot.commands },
    logger,
    webClientOptions: { retryConfig: { retries: 0 } },
    listen: { host: '127.0.0.1', port: 0 },
  });
  test.chat.register(slack.chat);
  await slack.start();
  return {
    test,
    api,
    slack,
    url: slack.url!,
    async close() {
      await slack.stop();
      await test.close();
      await api.stop();
    },
  };
}
