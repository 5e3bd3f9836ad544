import { and, eq, inArray, like } from 'drizzle-orm';
import type { Services } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { mention, message, rich } from '../../core/render.js';
import { closureMembers, matchClosures, matches, prompts, questionnaireRuns, reminders, type ClosureType } from '../../db/schema/index.js';
import { recordAudit } from '../audit/record-audit.js';
import { cancelRunPrompts, openPrompt } from '../conversation/prompts.js';
import { type Match, userOf } from '../matching/create-match.js';
import { archiveMatchChannel, postInMatchChannel } from '../matching/match-channel.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import type { QuestionnaireEngine } from '../questionnaires/questionnaire.js';
import { startExitInterviews } from './exit-interview.js';

export const CLOSURE_ACK_FLOW = 'closure-ack';
const ACK = [{ value: 'ack', label: 'I have read this' }];

/** Reasons are compared as people type them: case, hyphens and underscores do not matter. */
const norm = (s: string) => s.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();

/** The program's reason a coordinator named, or a refusal listing the valid ones. */
export function closureReason(program: ProgramDefinition, typed: string): string {
  const found = program.closure.reasons.find((r) => norm(r) === norm(typed));
  if (found) return found;
  const valid = program.closure.reasons.map((r) => (r.includes(' ') ? `“${r}”` : r)).join(', ');
  throw new UserError(`“${typed}” is not a closure reason of ${program.name}. Use one of: ${valid} (quote a reason of several words). Nothing was changed.`, 'bad_reason');
}

export interface CloseInput {
  catalog: ProgramCatalog;
  engine: QuestionnaireEngine;
  program: ProgramDefinition;
  match: Match;
  workspaceId: string;
  actorId: string;
  type: ClosureType;
  reason: string;
  note: string | null;
}

/**
 * Closes a match: the state (which stops its check-ins, work-plan updates and reminders, and
 * lets the `match_close` surveys fire), the closure row, each member's exit interview, the
 * program's closing message and rule on contact after the match in the pair's channel with an
 * acknowledgement prompt each, then the channel archived (queued after those posts, in the
 * channel's lane). One transaction with the command: all of it, or nothing.
 */
export async function closeMatch(services: Pick<Services, 'db' | 'clock'>, input: CloseInput): Promise<void> {
  const { db } = services;
  const now = services.clock.now();
  const { match, program } = input;
  const closed = await db
    .update(matches)
    .set({ state: 'closed', closedAt: now, closeReason: input.reason })
    .where(and(eq(matches.id, match.id), inArray(matches.state, ['awaiting_acceptance', 'active'])))
    .returning({ id: matches.id });
  if (closed.length === 0) throw new UserError(`Match ${match.number} has already ended. Nothing was changed.`, 'match_ended');
  await db.insert(matchClosures).values({ matchId: match.id, programId: match.programId, type: input.type, reason: input.reason, note: input.note, closedBy: input.actorId, closedAt: now });
  const members = [
    { personId: match.mentorId, role: 'mentor' as const },
    { personId: match.menteeId, role: 'mentee' as const },
  ];
  await db.insert(closureMembers).values(members.map((m) => ({ matchId: match.id, ...m })));
  // What was still asked of the pair about this match (accepting it, its agreement) is moot now.
  await db.update(prompts).set({ status: 'cancelled', answeredAt: now }).where(and(eq(prompts.context, match.id), eq(prompts.status, 'open')));
  await db.delete(reminders).where(like(reminders.key, `%:${match.id}:%`));
  // So are the questionnaires open about the match (a check-in, a plan update): they expire,
  // their questions close, and their reminders go.
  const expired = await db
    .update(questionnaireRuns)
    .set({ status: 'expired', updatedAt: now })
    .where(and(eq(questionnaireRuns.subjectId, match.id), eq(questionnaireRuns.subjectType, 'match'), eq(questionnaireRuns.status, 'open')))
    .returning({ id: questionnaireRuns.id });
  for (const run of expired) {
    await cancelRunPrompts(db, run.id, now);
    await db.delete(reminders).where(like(reminders.key, `%:${run.id}`));
  }
  await startExitInterviews(services, { catalog: input.catalog, engine: input.engine, slug: program.slug, programId: match.programId, matchId: match.id, members: members.map((m) => m.personId) });
  const posted = await postInMatchChannel(db, match, {
    key: `closure-post:${match.id}`,
    at: now,
    message: message(program.closure.closingMessage, { sections: [{ title: 'Contact after the match', text: program.closure.contactAfter }] }),
  });
  if (posted && match.channel) {
    for (const m of members) {
      const prompt = await openPrompt(db, {
        personId: m.personId,
        programId: match.programId,
        flow: CLOSURE_ACK_FLOW,
        spec: { kind: 'choice', question: 'Have you read the closing message and the rule on contact after the match?', choices: ACK },
        now,
        context: match.id,
        topic: 'The closing message',
        where: { kind: 'channel', channel: match.channel },
      });
      await postInMatchChannel(db, match, {
        key: `closure-ack:${match.id}:${m.personId}`,
        at: now,
        message: message(rich`${mention(await userOf(db, m.personId))}, please confirm you have read the message above.`, {
          prompt: { id: prompt.id, spec: prompt.spec },
        }),
      });
    }
    await archiveMatchChannel(db, match, { key: `closure-archive:${match.id}`, at: now });
  }
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    programId: match.programId,
    actorId: input.actorId,
    subjectId: match.menteeId,
    action: 'match.close',
    details: { match: match.number, type: input.type, reason: input.reason, ...(input.note ? { note: input.note } : {}) },
    at: now,
  });
}
