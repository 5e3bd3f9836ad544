import { and, eq, like, max, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { mention, message, rich, type Section } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matches, matchMembers, people, programRoles, reminders } from '../../db/schema/index.js';
import { enqueue } from '../../jobs/enqueue.js';
import type { DeliveryKind } from '../../jobs/delivery-kind.js';
import { answersOf, findApplication } from '../intake/application-store.js';
import type { ApplicantRole, ProgramDefinition } from '../programs/definition.js';
import { formatAnswer } from '../questionnaires/validate-answer.js';
import { personHandle } from '../people/ensure-person.js';

export type Match = typeof matches.$inferSelect;

export interface MatchServices {
  db: Db;
  now: Date;
  program: ProgramDefinition;
  programId: string;
  workspaceId: string;
  /** The `introduction` delivery kind, so a started match is introduced from the outbox. */
  introduction: DeliveryKind<{ matchId: string }>;
}

/** The day in the program's time zone. */
export function programDay(program: ProgramDefinition, at: Date): DateTime {
  return DateTime.fromJSDate(at, { zone: program.timezone ?? 'UTC' }).startOf('day');
}

/**
 * An approved pair becomes a match: awaiting both members' acceptance where the program asks
 * for it, else started and introduced at once.
 */
export async function createMatch(
  services: MatchServices,
  input: { mentorId: string; menteeId: string; proposalId?: string; score: number | null; parts?: unknown; overrideReason?: string; approvedBy: string },
): Promise<Match> {
  const { db, now, program, programId } = services;
  const [last] = await db.select({ n: max(matches.number) }).from(matches).where(eq(matches.programId, programId));
  const [row] = await db
    .insert(matches)
    .values({
      programId,
      number: (last?.n ?? 0) + 1,
      mentorId: input.mentorId,
      menteeId: input.menteeId,
      proposalId: input.proposalId ?? null,
      state: program.matching.participantsAccept ? 'awaiting_acceptance' : 'active',
      score: input.score,
      parts: input.parts ?? null,
      overrideReason: input.overrideReason ?? null,
      approvedBy: input.approvedBy,
      approvedAt: now,
    })
    .returning();
  const match = row!;
  await db.insert(matchMembers).values([
    { matchId: match.id, personId: match.mentorId, role: 'mentor' as const },
    { matchId: match.id, personId: match.menteeId, role: 'mentee' as const },
  ]);
  if (match.state === 'active') return startMatch(services, match);
  return match;
}

/** Start and planned end dates, the introduction queued, and reminders to acknowledge the agreement. */
export async function startMatch(services: MatchServices, match: Match): Promise<Match> {
  const { db, now, program } = services;
  const day = programDay(program, now);
  const [row] = await db
    .update(matches)
    .set({
      state: 'active',
      startedOn: day.toISODate()!,
      plannedEndOn: day.plus({ months: program.matching.durationMonths }).toISODate()!,
    })
    .where(eq(matches.id, match.id))
    .returning();
  await enqueue(db, services.introduction, { key: `introduction:${match.id}`, workspaceId: services.workspaceId, programId: services.programId, payload: { matchId: match.id }, availableAt: now });
  const days = program.introduction.acknowledgeWithinDays;
  if (!program.introduction.agreement) return row!;
  for (const personId of [match.mentorId, match.menteeId]) {
    await scheduleChase(db, {
      key: `match-ack:${match.id}:${personId}`,
      programId: services.programId,
      personId,
      at: DateTime.fromJSDate(now).plus({ days }).toJSDate(),
      alertAt: DateTime.fromJSDate(now).plus({ days: 2 * days }).toJSDate(),
      reminder: rich`A reminder: please confirm the match agreement in your mentoring channel (reply there, or click “I agree”).`,
      alert: rich`${mention(await userOf(db, personId))} has not confirmed the agreement of match ${match.number} after ${2 * days} days.`,
    });
  }
  return row!;
}

/** One reminder to the person, then an alert to every coordinator; `cancelChase` when they answer. */
export async function scheduleChase(
  db: Db,
  /** `alert: null`: only the reminder (another chase of the same thing tells the coordinators). */
  input: { key: string; programId: string; personId: string; at: Date; alertAt: Date; reminder: Section['text']; alert: Section['text'] | null },
): Promise<void> {
  const [person] = await db.select({ workspaceId: people.workspaceId }).from(people).where(eq(people.id, input.personId));
  if (!person) return;
  const coordinators = input.alert === null ? [] : await db
    .select({ personId: programRoles.personId })
    .from(programRoles)
    .where(and(eq(programRoles.programId, input.programId), eq(programRoles.role, 'coordinator')));
  await db
    .insert(reminders)
    .values([
      { workspaceId: person.workspaceId, programId: input.programId, personId: input.personId, key: `${input.key}:remind`, dueAt: input.at, message: message(input.reminder) },
      ...coordinators.map((c) => ({
        workspaceId: person.workspaceId,
        programId: input.programId,
        personId: c.personId,
        key: `${input.key}:alert:${c.personId}`,
        dueAt: input.alertAt,
        message: message(input.alert!),
      })),
    ])
    .onConflictDoNothing();
}

export async function cancelChase(db: Db, key: string): Promise<void> {
  await db.delete(reminders).where(like(reminders.key, `${key}:%`));
}

/** The person's platform user id, for a mention. */
export async function userOf(db: Db, personId: string): Promise<string> {
  return (await personHandle(db, personId))?.user ?? 'someone';
}

/** What a member may see of the other: their answers marked shareable, as they gave them. */
export async function shareableProfile(db: Db, program: ProgramDefinition, programId: string, personId: string, role: ApplicantRole): Promise<string> {
  const app = await findApplication(db, programId, personId);
  if (!app) return '';
  const answers = await answersOf(db, app.id);
  return program.intake[role]
    .filter((q) => q.visibility === 'shareable' && answers.has(q.id))
    .map((q) => `${q.prompt} ${formatAnswer(q, answers.get(q.id))}`)
    .join('\n');
}

/** The matches a person is in that hold their place (awaiting acceptance or running). */
export async function openMatchesOf(db: Db, programId: string, personId: string): Promise<Match[]> {
  return db
    .select()
    .from(matches)
    .where(
      and(
        eq(matches.programId, programId),
        sql`${matches.state} in ('awaiting_acceptance', 'active')`,
        sql`(${matches.mentorId} = ${personId}::uuid or ${matches.menteeId} = ${personId}::uuid)`,
      ),
    )
    .orderBy(matches.number);
}
