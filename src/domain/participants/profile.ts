import type { CommandDef } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { message } from '../../core/render.js';
import type { CapabilityDeps } from '../capability.js';
import { answersOf, findApplication } from '../intake/application-store.js';
import { requireProgram } from '../programs/require-program.js';
import type { QuestionnaireKind } from '../questionnaires/questionnaire.js';
import { startRun } from '../questionnaires/run-store.js';
import { formatAnswer } from '../questionnaires/validate-answer.js';

export const PROFILE = 'profile';

/**
 * A profile edit: one question of the person's intake, asked again. Its answer is kept on its
 * own run, so the profile is the intake's answers with later edits over them, and the history stays.
 */
export const profileQuestionnaire: QuestionnaireKind = {
  kind: PROFILE,
  controls: ['cancel'],
  topic: ({ run }) => `Changing your answer to “${run.cursor?.slice(2)}”`,
  steps: ({ definition, run }) => {
    const id = run.cursor?.slice(2);
    const question = [...definition.intake.mentor, ...definition.intake.mentee].find((q) => q.id === id);
    return question ? [{ key: `q:${question.id}`, question, text: 'Changing your answer' }] : [];
  },
  async onCancel(ctx) {
    ctx.reply('Left unchanged.');
  },
  async onComplete(ctx, run) {
    ctx.reply(`Updated “${run.cursor?.slice(2)}”.`);
  },
};

/** `/mentor profile [edit <question>]`: see my answers, or change one. */
export function profileCommand(deps: CapabilityDeps): CommandDef {
  return {
    path: ['profile'],
    summary: 'See your answers; `edit <question>` changes one',
    access: 'anyone',
    args: [{ name: 'question', type: 'word', description: 'the question id to change', keyword: 'edit', optional: true }],
    async run(ctx, args) {
      const { program, programId } = requireProgram(ctx, deps.catalog);
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
      const run = await startRun(ctx.db, {
        kind: PROFILE,
        subjectType: 'application',
        subjectId: app.id,
        personId: ctx.principal.personId,
        programId,
        definitionHash: deps.catalog.hashOf(program.slug),
        cursor: `q:${question.id}`,
        now: ctx.clock.now(),
      });
      await deps.questionnaires().ask(ctx, run);
      ctx.reply('I have sent you the question in a direct message.');
    },
  };
}
