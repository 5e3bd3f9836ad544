import { and, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { matchProposals, matchRounds, matchUnmatched, people } from '../../db/schema/index.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { available, forbiddenPairs, loadCandidates, pairKey, type Candidate } from './pool.js';
import { solveRound, type PairPart } from './solve-round.js';

export type Round = typeof matchRounds.$inferSelect;
export type Proposal = typeof matchProposals.$inferSelect & { mentorUser: string; menteeUser: string };

export async function openRound(db: Db, programId: string): Promise<Round | null> {
  const [row] = await db
    .select()
    .from(matchRounds)
    .where(and(eq(matchRounds.programId, programId), eq(matchRounds.status, 'open')))
    .orderBy(desc(matchRounds.number))
    .limit(1)
    .for('update');
  return row ?? null;
}

/** The round's pairs still on the table or approved, by number, with both members' user ids. */
export async function proposalsOf(db: Db, roundId: string): Promise<Proposal[]> {
  const mentor = db.$with('mentor').as(db.select({ id: people.id, user: people.platformUserId }).from(people));
  const rows = await db
    .with(mentor)
    .select({ p: matchProposals, mentorUser: mentor.user, menteeUser: people.platformUserId })
    .from(matchProposals)
    .innerJoin(mentor, eq(mentor.id, matchProposals.mentorId))
    .innerJoin(people, eq(people.id, matchProposals.menteeId))
    .where(eq(matchProposals.roundId, roundId))
    .orderBy(matchProposals.number);
  return rows.map((r) => ({ ...r.p, mentorUser: r.mentorUser, menteeUser: r.menteeUser }));
}

export async function unmatchedOf(db: Db, roundId: string): Promise<{ user: string; role: string; reason: string }[]> {
  return db
    .select({ user: people.platformUserId, role: matchUnmatched.role, reason: matchUnmatched.reason })
    .from(matchUnmatched)
    .innerJoin(people, eq(people.id, matchUnmatched.personId))
    .where(eq(matchUnmatched.roundId, roundId))
    .orderBy(matchUnmatched.role, people.platformUserId);
}

interface SolveInput {
  db: Db;
  program: ProgramDefinition;
  programId: string;
  now: Date;
}

/** Solves the pool as it is now. */
async function solvePool({ db, program, programId, now }: SolveInput) {
  const pool = available(await loadCandidates(db, program, programId, now));
  const forbidden = await forbiddenPairs(db, programId);
  return solveRound(program, pool.mentors, pool.mentees, forbidden, now);
}

/** `/mentor match propose`: a new round over the whole pool; an earlier open round is replaced. */
export async function proposeRound(input: SolveInput & { createdBy: string }): Promise<Round> {
  const { db, programId, now } = input;
  const earlier = await openRound(db, programId);
  if (earlier) {
    await db.update(matchRounds).set({ status: 'replaced' }).where(eq(matchRounds.id, earlier.id));
    await db
      .update(matchProposals)
      .set({ status: 'replaced' })
      .where(and(eq(matchProposals.roundId, earlier.id), eq(matchProposals.status, 'proposed')));
  }
  const [last] = await db.select({ n: max(matchRounds.number) }).from(matchRounds).where(eq(matchRounds.programId, programId));
  const [round] = await db
    .insert(matchRounds)
    .values({ programId, number: (last?.n ?? 0) + 1, status: 'open', createdBy: input.createdBy, createdAt: now })
    .returning();
  await storeSolution(input, round!, await solvePool(input), []);
  return round!;
}

/** After a rejection: the round's open pairs solved again; unchanged pairs keep their numbers. */
export async function resolveRound(input: SolveInput, round: Round): Promise<void> {
  const current = (await proposalsOf(input.db, round.id)).filter((p) => p.status === 'proposed');
  await storeSolution(input, round, await solvePool(input), current);
}

async function storeSolution(
  { db, programId, now }: SolveInput,
  round: Round,
  solution: Awaited<ReturnType<typeof solvePool>>,
  current: Proposal[],
): Promise<void> {
  const kept = new Map(current.map((p) => [pairKey(p.mentorId, p.menteeId), p]));
  const stays = new Set<string>();
  const fresh: { mentor: Candidate; mentee: Candidate; score: number; parts: PairPart[] }[] = [];
  for (const pair of solution.pairs) {
    const key = pairKey(pair.mentor.personId, pair.mentee.personId);
    if (kept.has(key)) stays.add(key);
    else fresh.push(pair);
  }
  for (const p of current) {
    if (!stays.has(pairKey(p.mentorId, p.menteeId))) await db.update(matchProposals).set({ status: 'replaced' }).where(eq(matchProposals.id, p.id));
  }
  const [last] = await db.select({ n: max(matchProposals.number) }).from(matchProposals).where(eq(matchProposals.roundId, round.id));
  let number = last?.n ?? 0;
  // Best first, so pair 1 is the one a coordinator most likely approves.
  fresh.sort((a, b) => b.score - a.score);
  if (fresh.length > 0) {
    await db.insert(matchProposals).values(
      fresh.map((p) => ({
        roundId: round.id,
        programId,
        number: ++number,
        mentorId: p.mentor.personId,
        menteeId: p.mentee.personId,
        score: p.score,
        parts: p.parts,
        status: 'proposed' as const,
        mentorSince: p.mentor.since,
        menteeSince: p.mentee.since,
        createdAt: now,
      })),
    );
  }
  await db.delete(matchUnmatched).where(eq(matchUnmatched.roundId, round.id));
  if (solution.unmatched.length > 0) {
    await db.insert(matchUnmatched).values(
      solution.unmatched.map((u) => ({ roundId: round.id, personId: u.candidate.personId, role: u.candidate.role, reason: u.reason })),
    );
  }
}
