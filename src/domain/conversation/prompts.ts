import { and, eq } from 'drizzle-orm';
import type { Identity, OpenPrompt } from '../../core/bot.js';
import type { Where } from '../../core/chat.js';
import { UserError } from '../../core/errors.js';
import { promptChoices, type Prompt, type PromptSpec } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { prompts } from '../../db/schema/index.js';
import { enqueuePromptCloses } from '../../jobs/enqueue.js';

/** Prompt ids seen by platforms are `<flow>:<uuid>`, so an answer finds its flow unaided. */
export function promptId(flow: string, rowId: string): string {
  return `${flow}:${rowId}`;
}

function rowIdOf(id: string): string | null {
  const rest = id.slice(id.indexOf(':') + 1);
  return /^[0-9a-f-]{36}$/i.test(rest) ? rest : null;
}

export const conversationOf = (where: Where): string => (where.kind === 'dm' ? 'dm' : where.channel);

export async function openPrompt(
  db: Db,
  input: {
    personId: string;
    programId: string | null;
    flow: string;
    spec: PromptSpec;
    now: Date;
    context?: string;
    /** What it is about, when several questions may be open at once (e.g. “Check-in with @bob”). */
    topic?: string;
    where?: Where;
    /** The questionnaire run this prompt asks a step of. */
    runId?: string;
  },
): Promise<Prompt> {
  const [row] = await db
    .insert(prompts)
    .values({
      personId: input.personId,
      programId: input.programId,
      flow: input.flow,
      spec: input.spec,
      context: input.context ?? null,
      topic: input.topic ?? null,
      runId: input.runId ?? null,
      conversation: conversationOf(input.where ?? { kind: 'dm' }),
      createdAt: input.now,
    })
    .returning({ id: prompts.id });
  return { id: promptId(input.flow, row!.id), spec: input.spec };
}

/**
 * The prompts a typed reply in this conversation could answer, oldest first. While the bot is
 * asking which question a reply answers, that question alone takes typed replies.
 */
export async function openPromptsIn(db: Db, identity: Identity, where: Where, options: { includeWhich?: boolean } = {}): Promise<OpenPrompt[]> {
  const rows = await db
    .select({ id: prompts.id, flow: prompts.flow, spec: prompts.spec, programId: prompts.programId, topic: prompts.topic })
    .from(prompts)
    .where(and(eq(prompts.personId, identity.personId), eq(prompts.conversation, conversationOf(where)), eq(prompts.status, 'open')))
    .orderBy(prompts.seq);
  const which = rows.filter((r) => r.flow === 'which');
  const usable = which.length > 0 && options.includeWhich !== false ? which.slice(-1) : rows.filter((r) => r.flow !== 'which');
  return usable.map((r) => {
    const spec = r.spec as PromptSpec;
    return { id: promptId(r.flow, r.id), spec, programId: r.programId, topic: r.topic ?? spec.question.split('\n')[0]! };
  });
}

/** The program of the prompt (or form) an answer names; null when it is unknown. */
export async function programOfPrompt(db: Db, id: string): Promise<string | null> {
  const rowId = rowIdOf(id);
  if (!rowId) return null;
  const [row] = await db.select({ programId: prompts.programId }).from(prompts).where(eq(prompts.id, rowId));
  return row?.programId ?? null;
}

function checkValue(spec: PromptSpec, value: string | string[]): void {
  const values = Array.isArray(value) ? value : [value];
  if (spec.kind === 'text') return;
  const allowed = new Set(promptChoices(spec).map((c) => c.value));
  const bad = values.find((v) => !allowed.has(v));
  if (bad !== undefined || values.length === 0) {
    throw new UserError('That answer is not one of the choices offered. Nothing was recorded.', 'bad_answer');
  }
  if (spec.kind !== 'multi' && values.length > 1) {
    throw new UserError('Please pick just one answer.', 'bad_answer');
  }
  if (spec.kind === 'multi' && spec.maxChoices && values.length > spec.maxChoices) {
    throw new UserError(`Please pick at most ${spec.maxChoices}.`, 'bad_answer');
  }
}

export interface TakenAnswer {
  rowId: string;
  runId: string | null;
  spec: PromptSpec;
  context: string | null;
  value: string | string[];
  /** Where it was asked: the next question of the same run goes there too. */
  where: Where;
}

/**
 * Closes a prompt with its answer. The first answer wins: a double click or a platform retry
 * finds the prompt answered and changes nothing. Only the person it was asked of may answer.
 * Control words (`back`, `cancel`) are passed through unrecorded for the flow to act on.
 */
export async function takeAnswer(
  db: Db,
  input: { promptId: string; personId: string; value: string | string[]; now: Date; control?: readonly string[] },
): Promise<TakenAnswer> {
  const rowId = rowIdOf(input.promptId);
  const [row] = rowId
    ? await db.select().from(prompts).where(eq(prompts.id, rowId)).for('update')
    : [];
  if (!row) throw new UserError('That question is no longer open.', 'stale_prompt');
  if (row.personId !== input.personId) {
    throw new UserError('That question was asked of someone else, so your answer was not recorded.', 'not_your_prompt');
  }
  if (row.status === 'cancelled') throw new UserError('That question is no longer open.', 'stale_prompt');
  if (row.status !== 'open') {
    throw new UserError('You have already answered that question; your first answer stands.', 'already_answered');
  }
  const spec = row.spec as PromptSpec;
  const isControl = typeof input.value === 'string' && (input.control ?? []).includes(input.value);
  if (!isControl) checkValue(spec, input.value);
  await db
    .update(prompts)
        // The answer itself is kept by the flow that asked, not here: one place per piece of personal data.
    .set({ status: isControl ? 'cancelled' : 'answered', answeredAt: input.now })
    .where(eq(prompts.id, row.id));
  const where: Where = row.conversation === 'dm' ? { kind: 'dm' } : { kind: 'channel', channel: row.conversation };
  return { rowId: row.id, runId: row.runId, spec, context: row.context, value: input.value, where };
}

export async function hasOpenPrompt(db: Db, personId: string, flow: string): Promise<boolean> {
  const rows = await db
    .select({ id: prompts.id })
    .from(prompts)
    .where(and(eq(prompts.personId, personId), eq(prompts.flow, flow), eq(prompts.status, 'open')))
    .limit(1);
  return rows.length > 0;
}

/** Closes every open prompt of a flow for a person (e.g. when an intake step moves on). */
export async function cancelPrompts(db: Db, personId: string, flow: string, now: Date): Promise<void> {
  const closed = await db
    .update(prompts)
    .set({ status: 'cancelled', answeredAt: now })
    .where(and(eq(prompts.personId, personId), eq(prompts.flow, flow), eq(prompts.status, 'open')))
    .returning({ id: prompts.id });
  await closePromptMessages(db, closed.map((c) => c.id), now);
}

/** Closes the open prompts of a questionnaire run (its step has moved on, or it ended). */
export async function cancelRunPrompts(db: Db, runId: string, now: Date): Promise<void> {
  const closed = await db
    .update(prompts)
    .set({ status: 'cancelled', answeredAt: now })
    .where(and(eq(prompts.runId, runId), eq(prompts.status, 'open')))
    .returning({ id: prompts.id });
  await closePromptMessages(db, closed.map((c) => c.id), now);
}

/**
 * Queues an update that takes the buttons off the messages of closed prompts, where the
 * platform message is known: a question answered by typing, or superseded, must not keep
 * offering answers. (A clicked message is updated by its adapter at the click.)
 */
export async function closePromptMessages(db: Db, rowIds: readonly string[], now: Date): Promise<void> {
  await enqueuePromptCloses(db, rowIds, now);
}

/** After a typed answer: close the message that carried the prompt, if it was accepted. */
export async function closeTypedPrompt(db: Db, promptIdText: string, now: Date): Promise<void> {
  const rowId = rowIdOf(promptIdText);
  if (rowId) await closePromptMessages(db, [rowId], now);
}
