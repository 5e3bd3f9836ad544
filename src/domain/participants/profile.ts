import type { CommandDef, FlowHandler } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { message } from '../../core/render.js';
import { enqueueDirect } from '../../jobs/enqueue.js';
import { takeAnswer, openPrompt } from '../conversation/prompts.js';
import { answersOf, findApplication, saveAnswer } from '../intake/application-store.js';
import { questionPrompt } from '../intake/question-prompt.js';
import { formatAnswer, validateAnswer } from '../intake/validate-answer.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';

export const PROFILE_FLOW = 'profile';

/** `/mentor profile [edit <question>]`: see my answers, or change one. */
export function profileCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['profile'],
    summary: 'See your answers; `edit <question>` changes one',
    access: 'anyone',
    args: [{ name: 'question', type: 'word', description: 'the question id to change', keyword: 'edit', optional: true }],
    async run(ctx, args) {
      const { program, programId } = requireProgram(ctx, catalog);
      const app = await findApplication(ctx.db, programId, ctx.principal.personId);
      if (!app?.role || app.state === 'intake' || app.state === 'withdrawn') throw new UserError('You have no submitted application yet. `/mentor join` to apply.', 'no_profile');
      const questions = program.intake[app.role];
      const answers = await answersOf(ctx.db, app.id);
      if (args.question === undefined) {
        const lines = questions.map((q) => `${q.id}: ${q.prompt} ${answers.has(q.id) ? formatAnswer(q, answers.get(q.id)) : '(no answer)'} [${q.visibility === 'shareable' ? 'shown to your match' : 'coordinators only'}]`);
        ctx.reply(message('Your answers', { sections: [{ text: lines.join('\n') }, { text: 'Change one with `/mentor profile edit <question id>`.' }] }));
        return;
      }
      const question = questions.find((q) => q.id === String(args.question).toLowerCase());
      if (!question || question.type === 'consent') throw new UserError(`“${String(args.question)}” is not a question you can change. Your questions: ${questions.filter((q) => q.type !== 'consent').map((q) => q.id).join(', ')}.`, 'bad_argument');
      const now = ctx.clock.now();
      const prompt = await openPrompt(ctx.db, { personId: ctx.principal.personId, programId, flow: PROFILE_FLOW, spec: questionPrompt(question), now, context: question.id });
      await enqueueDirect(ctx.db, { key: `profile:${prompt.id}`, personId: ctx.principal.personId, programId, message: message('Changing your answer', { prompt }), at: now });
      ctx.reply('I have sent you the question in a direct message.');
    },
  };
}

export function profileFlow(catalog: ProgramCatalog): FlowHandler {
  return {
    async onAction(ctx) {
      const { program, programId } = requireProgram(ctx, catalog);
      const now = ctx.clock.now();
      const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now, control: ['cancel'] });
      if (taken.value === 'cancel') return ctx.reply('Left unchanged.');
      const app = await findApplication(ctx.db, programId, ctx.principal.personId);
      const question = app?.role ? program.intake[app.role].find((q) => q.id === taken.context) : undefined;
      if (!app || !question) throw new UserError('That question is no longer part of your profile.', 'stale_prompt');
      await saveAnswer(ctx.db, app.id, question.id, validateAnswer(question, taken.value), now);
      ctx.reply(`Updated “${question.id}”.`);
    },
  };
}
