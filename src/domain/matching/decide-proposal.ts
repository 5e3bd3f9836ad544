import { eq } from 'drizzle-orm';
import type { HandlerContext } from '../../core/bot.js';
import { UserError } from '../../core/errors.js';
import { mention, rich, type RichText } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matchProposals, matchRounds, programs } from '../../db/schema/index.js';
import type { DeliveryKind } from '../../jobs/delivery-kind.js';
import { recordAudit } from '../audit/record-audit.js';
import { rolesOf } from '../roles/grant-role.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { askToAccept } from './acceptance.js';
import { createMatch, type MatchServices } from './create-match.js';
import { loadCandidates, type Pool } from './pool.js';
import { proposalsOf, resolveRound, type Proposal, type Round } from './rounds.js';

export interface Decider {
  catalog: ProgramCatalog;
  introduction: () => DeliveryKind<{ matchId: string }>;
}

export interface ProposalInProgram {
  proposal: Proposal;
  round: Round;
  program: ProgramDefinition;
  programId: string;
}

/** A proposal by its row id (a button), checked to be in a program the person coordinates. */
export async function proposalById(ctx: HandlerContext, catalog: ProgramCatalog, id: string): Promise<ProposalInProgram> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id)
    ? await ctx.db
        .select({ roundId: matchProposals.roundId, round: matchRounds, slug: programs.slug })
        .from(matchProposals)
        .innerJoin(matchRounds, eq(matchRounds.id, matchProposals.roundId))
        .innerJoin(programs, eq(programs.id, matchProposals.programId))
        .where(eq(matchProposals.id, id))
    : [];
  const program = row ? catalog.get(row.slug) : undefined;
  if (!row || !program) throw new UserError('That proposal no longer exists.', 'stale_prompt');
  if (!(await rolesOf(ctx.db, row.round.programId, ctx.principal.personId)).has('coordinator')) throw new UserError('Only coordinators of this program can decide on proposed matches. Nothing was changed.', 'not_coordinator');
  const proposal = (await proposalsOf(ctx.db, row.roundId)).find((p) => p.id === id)!;
  return { proposal, round: row.round, program, programId: row.round.programId };
}

/** Why a proposed pair can no longer be approved as proposed, or null. */
export function staleReason(pool: Pool, p: Proposal): RichText | null {
  for (const [role, personId, user, since] of [
    ['mentor', p.mentorId, p.mentorUser, p.mentorSince],
    ['mentee', p.menteeId, p.menteeUser, p.menteeSince],
  ] as const) {
    const c = (role === 'mentor' ? pool.mentors : pool.mentees).find((x) => x.personId === personId);
    if (!c) return rich`${mention(user)} is no longer an approved ${role}`;
    if (c.since.getTime() !== since.getTime()) return rich`${mention(user)} changed state since it was proposed${c.unavailable ? ` (${c.unavailable})` : ''}`;
    if (c.unavailable) return rich`${mention(user)} ${c.unavailable}`;
  }
  return null;
}

function checkOpen(p: ProposalInProgram): void {
  const { proposal, round } = p;
  if (round.status !== 'open') throw new UserError(`Round ${round.number} was replaced by a newer one: \`/mentor match show\` shows the current round.`, 'stale_round');
  if (proposal.status === 'approved') throw new UserError(`Pair ${proposal.number} is already approved.`, 'already_decided');
  const why = proposal.status === 'rejected' ? 'it was rejected' : 'the round was solved again without it';
  if (proposal.status !== 'proposed') throw new UserError(`Pair ${proposal.number} is no longer proposed: ${why}. \`/mentor match show\` lists the current pairs.`, 'already_decided');
}

/** Approves one pair: refused with the reason when it went stale. */
export async function approveProposal(ctx: HandlerContext, d: Decider, p: ProposalInProgram): Promise<RichText> {
  checkOpen(p);
  const { proposal, program, programId } = p;
  const now = ctx.clock.now();
  const stale = staleReason(await loadCandidates(ctx.db, program, programId, now), proposal);
  if (stale) {
    throw new UserError(rich`Pair ${proposal.number} is out of date: ${stale}. Nothing was changed; \`/mentor match propose\` makes a fresh round.`, 'stale_proposal');
  }
  const services: MatchServices = { db: ctx.db, now, program, programId, workspaceId: ctx.principal.workspaceId, introduction: d.introduction() };
  const match = await createMatch(services, {
    mentorId: proposal.mentorId,
    menteeId: proposal.menteeId,
    proposalId: proposal.id,
    score: proposal.score,
    parts: proposal.parts,
    approvedBy: ctx.principal.personId,
  });
  await ctx.db.update(matchProposals).set({ status: 'approved', decidedBy: ctx.principal.personId, decidedAt: now }).where(eq(matchProposals.id, proposal.id));
  await recordAudit(ctx.db, {
    workspaceId: ctx.principal.workspaceId,
    programId,
    actorId: ctx.principal.personId,
    subjectId: proposal.menteeId,
    action: 'match.approve',
    details: { round: p.round.number, pair: proposal.number, match: match.number, mentor: proposal.mentorId, score: proposal.score },
    at: now,
  });
  if (match.state === 'awaiting_acceptance') {
    await askToAccept(services, match);
    return rich`Pair ${proposal.number} approved: I have asked ${mention(proposal.mentorUser)} and ${mention(proposal.menteeUser)} to accept.`;
  }
  return rich`Pair ${proposal.number} approved: ${mention(proposal.mentorUser)} and ${mention(proposal.menteeUser)} are matched, and I am opening their private channel.`;
}

/** Rejects a pair with the coordinator's reason and solves the round's open pairs again without it. */
export async function rejectProposal(ctx: HandlerContext, p: ProposalInProgram, reason: string): Promise<RichText> {
  checkOpen(p);
  const { proposal, program, programId, round } = p;
  const now = ctx.clock.now();
  await ctx.db
    .update(matchProposals)
    .set({ status: 'rejected', reason, decidedBy: ctx.principal.personId, decidedAt: now })
    .where(eq(matchProposals.id, proposal.id));
  await recordAudit(ctx.db, {
    workspaceId: ctx.principal.workspaceId,
    programId,
    actorId: ctx.principal.personId,
    subjectId: proposal.menteeId,
    action: 'match.reject',
    details: { round: round.number, pair: proposal.number, mentor: proposal.mentorId, reason },
    at: now,
  });
  const before = new Set((await proposalsOf(ctx.db, round.id)).filter((x) => x.status === 'proposed').map((x) => x.id));
  await resolveRound({ db: ctx.db, program, programId, now }, round);
  const after = (await proposalsOf(ctx.db, round.id)).filter((x) => x.status === 'proposed');
  const added = after.filter((x) => !before.has(x.id)).map((x) => x.number);
  const changed = added.length > 0 ? ` Solved again: new pair${added.length > 1 ? 's' : ''} ${added.join(', ')}.` : ' Solved again: no other pairing changed.';
  return rich`Pair ${proposal.number} rejected (${reason}); ${mention(proposal.mentorUser)} and ${mention(proposal.menteeUser)} will not be proposed together again.${changed} \`/mentor match show\` to review.`;
}

export async function proposalByNumber(db: Db, round: Round, n: number): Promise<Proposal> {
  const found = (await proposalsOf(db, round.id)).find((p) => p.number === n);
  if (!found) throw new UserError(`Round ${round.number} has no pair ${n}. \`/mentor match show\` lists them.`, 'bad_argument');
  return found;
}
