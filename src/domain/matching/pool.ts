import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  applications,
  matchExclusions,
  matches,
  matchProposals,
  matchRounds,
  mentorCapacities,
  participations,
  people,
  trainingRecords,
} from '../../db/schema/index.js';
import { PROFILE_KINDS } from '../intake/application-store.js';
import { isPaused } from '../participants/participation-store.js';
import type { ApplicantRole, ProgramDefinition } from '../programs/definition.js';
import { latestAnswersOf } from '../questionnaires/run-store.js';
import type { AnswerValue } from '../questionnaires/validate-answer.js';
import { rematchHolds } from '../closure/rematch.js';
import { mentorCapacity } from './capacity.js';
import { pairKey } from './score-pool.js';

export { pairKey } from './score-pool.js';

/** Matches that hold a mentor's place and a mentee's: not yet started, or running. */
export const OPEN_MATCH_STATES = ['awaiting_acceptance', 'active'] as const;

/** An approved participant as matching sees them. */
export interface Candidate {
  personId: string;
  /** Their platform user id, for mentions. */
  user: string;
  role: ApplicantRole;
  answers: Map<string, AnswerValue>;
  /** When their participation last changed: a proposal made before is stale. */
  since: Date;
  /** Mentors: how many mentees they take in all; mentees: 1. */
  capacity: number;
  /** Open matches they are in. */
  load: number;
  /** Why they cannot be matched now, or null when they are in the pool. */
  unavailable: string | null;
}

export interface Pool {
  mentors: Candidate[];
  mentees: Candidate[];
}

/** Everyone approved (or paused after approval) in the program, each with why they are out of the pool, if they are. */
export async function loadCandidates(db: Db, program: ProgramDefinition, programId: string, now: Date): Promise<Pool> {
  const rows = await db
    .select({ participation: participations, user: people.platformUserId, applicationId: applications.id })
    .from(participations)
    .innerJoin(people, eq(people.id, participations.personId))
    .innerJoin(applications, and(eq(applications.programId, participations.programId), eq(applications.personId, participations.personId)))
    .where(
      and(
        eq(participations.programId, programId),
        sql`(${participations.state} = 'approved' or (${participations.state} = 'paused' and ${participations.resumeState} = 'approved'))`,
        sql`${people.erasedAt} is null`,
      ),
    )
    // A stable order (people imported at one instant tie on createdAt), so a pool always solves the same way.
    .orderBy(participations.createdAt, people.platformUserId);
  if (rows.length === 0) return { mentors: [], mentees: [] };
  const ids = rows.map((r) => r.participation.personId);
  const [answers, trained, loads, overrides, held] = await Promise.all([
    latestAnswersOf(db, rows.map((r) => r.applicationId), PROFILE_KINDS) as Promise<Map<string, Map<string, AnswerValue>>>,
    db.select({ personId: trainingRecords.personId, moduleId: trainingRecords.moduleId }).from(trainingRecords).where(eq(trainingRecords.programId, programId)),
    db
      .select({ mentorId: matches.mentorId, menteeId: matches.menteeId })
      .from(matches)
      .where(and(eq(matches.programId, programId), inArray(matches.state, [...OPEN_MATCH_STATES]))),
    db.select().from(mentorCapacities).where(and(eq(mentorCapacities.programId, programId), inArray(mentorCapacities.personId, ids))),
    // After an early closure, only a coordinator's rematch and its waiting period bring them back.
    rematchHolds(db, programId, now, program.closure.rematchMentors),
  ]);
  const required = program.training.modules.filter((m) => m.required).map((m) => m.id);
  const done = new Map<string, Set<string>>();
  for (const t of trained) done.set(t.personId, (done.get(t.personId) ?? new Set()).add(t.moduleId));
  const load = new Map<string, number>();
  for (const m of loads) {
    load.set(m.mentorId, (load.get(m.mentorId) ?? 0) + 1);
    load.set(m.menteeId, (load.get(m.menteeId) ?? 0) + 1);
  }
  const override = new Map(overrides.map((o) => [o.personId, o.capacity]));
  const pool: Pool = { mentors: [], mentees: [] };
  for (const { participation: p, user, applicationId } of rows) {
    const own = answers.get(applicationId) ?? new Map<string, AnswerValue>();
    const question = program.matching.capacityQuestion;
    const capacity = p.role === 'mentor' ? mentorCapacity(program.matching, override.get(p.personId), question ? own.get(question) : undefined).capacity : 1;
    const candidate: Candidate = {
      personId: p.personId,
      user,
      role: p.role,
      answers: own,
      since: p.updatedAt,
      capacity,
      load: load.get(p.personId) ?? 0,
      unavailable: null,
    };
    const missing = required.filter((id) => !done.get(p.personId)?.has(id));
    if (isPaused(p, now) || p.state === 'paused') candidate.unavailable = 'is taking a break';
    else if (p.role === 'mentor' && missing.length > 0) candidate.unavailable = `has training still to do (${missing.join(', ')})`;
    else if (candidate.load >= capacity) candidate.unavailable = p.role === 'mentor' ? `is at capacity (${capacity})` : 'already has a match';
    else if (held.has(p.personId)) candidate.unavailable = held.get(p.personId)!;
    (p.role === 'mentor' ? pool.mentors : pool.mentees).push(candidate);
  }
  return pool;
}

/** The pool proper: those who can be matched now. */
export function available(pool: Pool): Pool {
  return { mentors: pool.mentors.filter((c) => c.unavailable === null), mentees: pool.mentees.filter((c) => c.unavailable === null) };
}

/**
 * Pairs that are never proposed, with the reason a coordinator reads: matched before (in any
 * state, a declined pair too), excluded, or rejected in a round.
 */
export async function forbiddenPairs(db: Db, programId: string): Promise<Map<string, string>> {
  const [past, excluded, rejected] = await Promise.all([
    db.select({ mentorId: matches.mentorId, menteeId: matches.menteeId, state: matches.state }).from(matches).where(eq(matches.programId, programId)),
    db.select().from(matchExclusions).where(eq(matchExclusions.programId, programId)),
    db
      .select({ mentorId: matchProposals.mentorId, menteeId: matchProposals.menteeId, reason: matchProposals.reason, round: matchRounds.number })
      .from(matchProposals)
      .innerJoin(matchRounds, eq(matchRounds.id, matchProposals.roundId))
      .where(and(eq(matchProposals.programId, programId), eq(matchProposals.status, 'rejected'))),
  ]);
  const out = new Map<string, string>();
  for (const r of rejected) out.set(pairKey(r.mentorId, r.menteeId), `rejected in round ${r.round}${r.reason ? ` (${r.reason})` : ''}`);
  for (const e of excluded) out.set(pairKey(e.mentorId, e.menteeId), `excluded by a coordinator (${e.reason})`);
  for (const m of past) {
    out.set(pairKey(m.mentorId, m.menteeId), m.state === 'declined' ? 'declined being matched before' : m.state === 'closed' ? 'were matched before' : 'are already matched');
  }
  return out;
}
