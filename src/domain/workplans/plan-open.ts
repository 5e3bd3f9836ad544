import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { channelRef, rich } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matches, programs, workPlans } from '../../db/schema/index.js';
import { postInMatchChannel } from '../matching/match-channel.js';
import { scheduleChase, type Match } from '../matching/create-match.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import type { Plan } from './plan-store.js';

export const draftChaseKey = (matchId: string) => `plan-draft:${matchId}`;

/**
 * Opens the draft plan of an active match (once: the match's plan is unique), tells the pair
 * in their channel how to draft it, and sets the chase: a reminder to both a week before the
 * draft is due (half-way, for a window of under two weeks), then the coordinators on the day.
 * Null when the match already had one.
 */
export async function openPlan(db: Db, program: ProgramDefinition, match: Match, now: Date): Promise<Plan | null> {
  const plans = program.workplans;
  if (!plans || match.state !== 'active' || !match.startedOn) return null;
  const start = DateTime.fromISO(match.startedOn, { zone: program.timezone ?? 'UTC' });
  const due = start.plus({ weeks: plans.draftWithinWeeks });
  const [plan] = await db
    .insert(workPlans)
    .values({ matchId: match.id, programId: match.programId, state: 'draft', draftDueOn: due.toISODate()!, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (!plan) return null;
  const remindAt = plans.draftWithinWeeks >= 2 ? due.minus({ weeks: 1 }) : start.plus({ days: Math.ceil(plans.draftWithinWeeks * 3.5) });
  const atTen = (d: DateTime) => d.set({ hour: 10 }).toJSDate();
  for (const personId of [match.mentorId, match.menteeId]) {
    await scheduleChase(db, {
      key: `${draftChaseKey(match.id)}:${personId}`,
      programId: match.programId,
      personId,
      at: atTen(remindAt),
      alertAt: atTen(due),
      reminder: `A reminder: your partnership's work plan should be agreed by ${due.toISODate()}. \`/mentor plan\` shows the draft, \`/mentor plan add\` adds an activity, and each of you agrees with \`/mentor plan agree\`.`,
      // The coordinators hear of it once, not once per representative.
      alert: personId === match.menteeId ? `The work plan of partnership ${match.number} is not agreed yet, ${plans.draftWithinWeeks} weeks after the start (\`/mentor plan show ${match.number}\`).` : null,
    });
  }
  await postInMatchChannel(db, match, { key: `plan-open:${plan.id}`, at: now, message: kickoff(plans.draftWithinWeeks, due.toISODate()!, match) });
  return plan;
}

function kickoff(weeks: number, due: string, match: Match) {
  return {
    text: rich`Your work plan: draft it together in ${match.channel ? channelRef(match.channel) : 'this channel'} within ${weeks} weeks (by ${due}).`,
    sections: [
      {
        text:
          'A few activities, each with who leads it, a due date, a deliverable and an indicator of progress; an activity without a deliverable is a milestone. ' +
          'Aim for work the community organisation does itself, with the expert organisation alongside: mentoring, not managing.',
      },
      { text: '`/mentor plan add <community|expert|together>` adds an activity, `/mentor plan` shows the plan, and each of you agrees with `/mentor plan agree` to make it active.' },
    ],
  };
}

/**
 * Opens the plans of active matches in programs with work plans that have none yet (the few
 * dozen partnerships of such programs: one small statement a tick when there are none).
 */
export async function openMissingPlans(db: Db, catalog: ProgramCatalog, now: Date): Promise<number> {
  let opened = 0;
  for (const w of await unopened(db, catalog)) {
    const program = catalog.get(w.slug);
    if (program && (await openPlan(db, program, w.match, now))) opened++;
  }
  return opened;
}

/** Active matches of programs with work plans that have no plan yet, once their channel is open (the plan is announced there). */
export async function unopened(db: Db, catalog: ProgramCatalog, limit?: number): Promise<{ match: Match; slug: string }[]> {
  const slugs = catalog.all().filter((p) => p.definition.workplans).map((p) => p.definition.slug);
  if (slugs.length === 0) return [];
  const query = db
    .select({ match: matches, slug: programs.slug })
    .from(matches)
    .innerJoin(programs, eq(programs.id, matches.programId))
    .leftJoin(workPlans, eq(workPlans.matchId, matches.id))
    .where(and(inArray(programs.slug, slugs), eq(matches.state, 'active'), isNull(workPlans.id), sql`${matches.startedOn} is not null and ${matches.channel} is not null`));
  return limit === undefined ? query : query.limit(limit);
}
