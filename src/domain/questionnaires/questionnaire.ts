import { eq } from 'drizzle-orm';
import { people } from '../../db/schema/index.js';
import type { FlowHandler, HandlerContext, Services } from '../../core/bot.js';
import type { InboundEvent, Where } from '../../core/chat.js';
import { UserError } from '../../core/errors.js';
import type { RichText, Section, PromptSpec } from '../../core/render.js';
import type { DeliveryKind } from '../../jobs/delivery-kind.js';
import { enqueue } from '../../jobs/enqueue.js';
import { promptRowId } from '../../jobs/prompt-messages.js';
import { personHandle } from '../people/ensure-person.js';
import { questionDelivery } from './question-delivery.js';
import { cancelRunPrompts, openPrompt, takeAnswer } from '../conversation/prompts.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition, Question } from '../programs/definition.js';
import { definitionByHash } from './definitions.js';
import { answersOfRun, closeRun, dropRunAnswer, findRun, saveRunAnswer, updateRun, type Run } from './run-store.js';
import { questionPrompt } from './question-prompt.js';
import { validateAnswer, type AnswerValue } from './validate-answer.js';

/** One thing a questionnaire asks. `key` is stable across program edits: the run's cursor. */
export interface Step {
  key: string;
  text: RichText;
  sections?: Section[];
  /** A program question: its answer is validated and stored under the question's id. */
  question?: Question;
  /** Otherwise, what is asked; the answer is passed to `onAnswer` as given. */
  spec?: PromptSpec;
  /** An answer stored under this id (e.g. `_role`), for steps that are not program questions. */
  storeAs?: string;
  /** `back` may not return past this step (e.g. consent). */
  barrier?: boolean;
}

export interface StepInput {
  definition: ProgramDefinition;
  run: Run;
  answers: ReadonlyMap<string, unknown>;
}

type ActionContext = HandlerContext<Extract<InboundEvent, { type: 'action' }>>;

/**
 * A kind of questionnaire (intake, re-consent, profile edit; check-ins and surveys next): its
 * steps, computed from the definition the run started with and the answers so far, and what
 * happens along the way. The engine asks, validates, stores, moves the cursor and resumes.
 */
export interface QuestionnaireKind {
  /** Also the prompt flow name: `<kind>:<prompt uuid>`. */
  readonly kind: string;
  /** Control words this kind accepts besides answers. */
  readonly controls?: readonly ('back' | 'cancel' | 'skip')[];
  /**
   * Its answers feed the program's evaluation (check-ins, surveys, exit interviews): the
   * evaluation export reads them, and retention keeps their scores and choices.
   */
  readonly evaluation?: boolean;
  steps(input: StepInput): Step[];
  /** A short line naming the run, to tell several open questions apart. */
  topic(input: StepInput): string;
  /** Extra words under every question (e.g. how to go back or stop). */
  footer?(step: Step): string | undefined;
  /** Called with a checked answer before the cursor moves; 'stop' ends here (the kind closed the run). */
  onAnswer?(ctx: ActionContext, run: Run, step: Step, value: AnswerValue, definition: ProgramDefinition): Promise<'continue' | 'stop'>;
  onCancel?(ctx: ActionContext, run: Run, definition: ProgramDefinition): Promise<void>;
  onComplete(ctx: ActionContext, run: Run, definition: ProgramDefinition): Promise<void>;
}

function stepIndex(steps: readonly Step[], cursor: string | null, answers: ReadonlyMap<string, unknown>): number {
  const at = cursor === null ? -1 : steps.findIndex((s) => s.key === cursor);
  if (at >= 0) return at;
  // No cursor, or a step no longer offered: the step after the last one answered.
  let last = -1;
  steps.forEach((s, i) => {
    const id = s.question?.id ?? s.storeAs;
    if (id !== undefined && answers.has(id)) last = i;
  });
  return last + 1;
}


/**
 * Another capability's reaction to a finished run of some kind (work plans read the quarterly
 * review survey), called in the same transaction after the kind's own `onComplete`.
 */
export interface CompletionListener {
  kind: string;
  onComplete(ctx: ActionContext, run: Run, definition: ProgramDefinition): Promise<void>;
}

export interface QuestionnaireEngine {
  /** Sends the run's current step (closing any earlier prompt of it), or finishes it. */
  ask(services: Pick<Services, 'db' | 'clock'>, run: Run, intro?: string, where?: Where): Promise<void>;
  /** Where the run stands, as the person sees it: "question 2 of 8". */
  position(services: Pick<Services, 'db' | 'clock'>, run: Run): Promise<{ index: number; of: number; step: Step | null }>;
  flows(): [string, FlowHandler][];
  kind(name: string): QuestionnaireKind;
  /** The delivery kind that sends the engine's questions. */
  readonly delivery: DeliveryKind;
}

/** The engine over a set of kinds; each kind becomes the flow of its prompts. */
export function questionnaireEngine(catalog: ProgramCatalog, kinds: readonly QuestionnaireKind[], listeners: readonly CompletionListener[] = []): QuestionnaireEngine {
  const byName = new Map(kinds.map((k) => [k.kind, k]));
  const kindOf = (run: Run): QuestionnaireKind => {
    const k = byName.get(run.kind);
    if (!k) throw new Error(`no questionnaire kind ${run.kind}`);
    return k;
  };

  /** The run's steps in the wording it was started with, and its answers so far. */
  async function stepsOf(db: Services['db'], run: Run) {
    const definition = await definitionByHash(db, catalog, run.definitionHash);
    const answers = await answersOfRun(db, run.id);
    return { definition, steps: kindOf(run).steps({ definition, run, answers }), answers };
  }

  async function ask(services: Pick<Services, 'db' | 'clock'>, run: Run, intro?: string, where: Where = { kind: 'dm' }): Promise<void> {
    const { db, clock } = services;
    const now = clock.now();
    const kind = kindOf(run);
    const { definition, steps, answers } = await stepsOf(db, run);
    const index = stepIndex(steps, run.cursor, answers);
    const step = steps[index];
    if (!step) throw new Error(`run ${run.id} has no step to ask`);
    if (run.cursor !== step.key) run = await updateRun(db, run.id, { cursor: step.key }, now);
    await cancelRunPrompts(db, run.id, now);
    const spec = step.question ? questionPrompt(step.question) : step.spec!;
    const prompt = await openPrompt(db, {
      personId: run.personId,
      programId: run.programId,
      runId: run.id,
      flow: kind.kind,
      spec,
      now,
      where,
      context: step.key,
      topic: kind.topic({ definition, run, answers }),
    });
    const handle = await personHandle(db, run.personId);
    if (!handle) return;
    const { workspaceId, ...to } = handle;
    // Queued by reference: the question is rendered from the run when it is delivered.
    await enqueue(db, delivery, {
      key: `${kind.kind}:${prompt.id}`,
      workspaceId,
      programId: run.programId,
      personId: run.personId,
      payload: { to, prompt: promptRowId(prompt.id)!, ...(intro ? { intro } : {}) },
      availableAt: now,
    });
  }

  const delivery = questionDelivery({
    async render(db, run, stepKey) {
      const kind = byName.get(run.kind);
      if (!kind) return null;
      const { definition, steps, answers } = await stepsOf(db, run);
      const step = steps.find((s) => s.key === stepKey);
      return step ? { step, footer: kind.footer?.(step), topic: kind.topic({ definition, run, answers }) } : null;
    },
  });

  async function position(services: Pick<Services, 'db' | 'clock'>, run: Run) {
    const { steps, answers } = await stepsOf(services.db, run);
    const index = stepIndex(steps, run.cursor, answers);
    return { index, of: steps.length, step: steps[index] ?? null };
  }

  function flow(kind: QuestionnaireKind): FlowHandler {
    return {
      async onAction(ctx) {
        const now = ctx.clock.now();
        const taken = await takeAnswer(ctx.db, { promptId: ctx.event.promptId, personId: ctx.principal.personId, value: ctx.event.value, now, control: kind.controls ?? [] });
        const run = taken.runId ? await findRun(ctx.db, taken.runId) : null;
        if (!run || run.status !== 'open') throw new UserError('That question is no longer open.', 'stale_prompt');
        const { definition, steps, answers } = await stepsOf(ctx.db, run);
        const index = stepIndex(steps, run.cursor, answers);
        const step = steps[index];
        if (!step) throw new UserError('That question is no longer open.', 'stale_prompt');
        const value = taken.value;
        if (value === 'cancel') {
          await closeRun(ctx.db, run.id, 'cancelled', now);
          await kind.onCancel?.(ctx, run, definition);
          return;
        }
        if (value === 'back') {
          const previous = steps[index - 1];
          if (!previous || previous.barrier) {
            throw new UserError('There is no earlier answer to change here. Reply “cancel” to stop instead.', 'no_back');
          }
          return ask(ctx, await updateRun(ctx.db, run.id, { cursor: previous.key }, now), undefined, taken.where);
        }
        let checked: AnswerValue = Array.isArray(value) ? value : String(value);
        if (value === 'skip') {
          if (!step.question || step.question.required) throw new UserError('This question needs an answer (or reply “cancel” to stop).', 'required');
          await dropRunAnswer(ctx.db, run.id, step.question.id);
        } else {
          if (step.question) checked = validateAnswer(step.question, value);
          if ((await kind.onAnswer?.(ctx, run, step, checked, definition)) === 'stop') return;
          const id = step.question?.id ?? step.storeAs;
          if (id) await saveRunAnswer(ctx.db, { runId: run.id, questionId: id, value: checked, definitionHash: run.definitionHash, now });
          // A time zone answered is the person's time zone: scheduling reads it from there.
          if (step.question?.type === 'timezone') await ctx.db.update(people).set({ timeZone: String(checked) }).where(eq(people.id, run.personId));
        }
        // Steps may depend on answers (a role picks its questions): recompute before moving on.
        const after = kind.steps({ definition, run, answers: await answersOfRun(ctx.db, run.id) });
        const next = after[after.findIndex((s) => s.key === step.key) + 1];
        if (!next) {
          await closeRun(ctx.db, run.id, 'done', now);
          const done = { ...run, status: 'done' as const };
          await kind.onComplete(ctx, done, definition);
          for (const l of listeners) if (l.kind === kind.kind) await l.onComplete(ctx, done, definition);
          return;
        }
        await ask(ctx, await updateRun(ctx.db, run.id, { cursor: next.key }, now), undefined, taken.where);
      },
    };
  }

  return {
    ask,
    position,
    delivery: delivery as DeliveryKind,
    flows: () => kinds.map((k) => [k.kind, flow(k)]),
    kind: (name) => {
      const k = byName.get(name);
      if (!k) throw new Error(`no questionnaire kind ${name}`);
      return k;
    },
  };
}
