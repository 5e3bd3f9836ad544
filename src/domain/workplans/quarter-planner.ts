import { and, eq, inArray, sql } from 'drizzle-orm';
import { message, type Message } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { matches, programs, workPlans } from '../../db/schema/index.js';
import type { Planner } from '../../jobs/planner.js';
import { postInMatchChannel } from '../matching/match-channel.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';
import { openMissingPlans, unopened } from './plan-open.js';
import { activitiesOf, PARTY_WORDS, type Plan } from './plan-store.js';
import { closedQuarters, closeQuarter, periodMonths, quarterClosesAt, type Quarter } from './quarters.js';

const MINUTE_MS = 60_000;

async function runningPlans(db: Db, catalog: ProgramCatalog) {
  const slugs = catalog.all().filter((p) => p.definition.workplans).map((p) => p.definition.slug);
  if (slugs.length === 0) return [];
  return db
    .select({
      plan: workPlans,
      match: matches,
      slug: programs.slug,
      closed: sql<number>`(select coalesce(max(q.quarter), 0)::int from work_plan_quarters q where q.plan_id = ${workPlans.id})`,
    })
    .from(workPlans)
    .innerJoin(matches, eq(matches.id, workPlans.matchId))
    .innerJoin(programs, eq(programs.id, matches.programId))
    .where(and(inArray(programs.slug, slugs), eq(matches.state, 'active')));
}

/** The quarter's summary, posted in the pair's channel as its review questions go out. */
async function summary(db: Db, program: ProgramDefinition, plan: Plan, q: Quarter): Promise<Message> {
  const word = periodMonths(program) === 3 ? 'Quarter' : 'Month';
  const live = (await activitiesOf(db, plan.id)).filter((a) => a.status !== 'dropped');
  const overdue = live.filter((a) => a.status !== 'done' && a.dueOn < q.endsOn);
  const blocked = live.filter((a) => a.status === 'blocked');
  const by = `${q.doneCommunity} by ${PARTY_WORDS.community}, ${q.doneTogether} together, ${q.doneExpert} by ${PARTY_WORDS.expert}`;
  const list = (items: typeof live) => items.map((a) => `${a.number}. “${a.title}” (due ${a.dueOn})`).join('\n');
  return message(`${word} ${q.quarter} of your work plan, ${q.startsOn} to ${q.endsOn}: time to look back and ahead.`, {
    sections: [
      { title: 'Done', text: `${q.done} activit${q.done === 1 ? 'y' : 'ies'} done (${by}); ${q.planned} ${q.planned === 1 ? 'was' : 'were'} due this ${word.toLowerCase()}.` },
      { title: 'Milestones', text: q.milestonesDue === 0 ? 'none were due.' : `${q.milestonesMet} of ${q.milestonesDue} met.` },
      { title: 'Overdue', text: overdue.length === 0 ? 'nothing.' : list(overdue) },
      { title: 'Blocked', text: blocked.length === 0 ? 'nothing.' : list(blocked) },
      { text: 'Each of you gets the review questions by direct message. If the plan no longer fits, say so there: it goes back into revision and the coordinator can join you for a call.' },
    ],
  });
}

/**
 * Work plans on each tick: opens the plan of a partnership that started, and closes each
 * review period as it ends (its figures stored, its summary posted in the channel). The
 * programs with work plans have tens of partnerships, so this reads them all; a tick with
 * none costs one query.
 */
export function workplanPlanner(): Planner {
  return {
    name: 'workplans',
    async plan(ctx, slot) {
      let sent = await ctx.db.transaction((tx) => openMissingPlans(tx as unknown as Db, ctx.catalog, slot));
      for (const r of await runningPlans(ctx.db, ctx.catalog)) {
        const program = ctx.catalog.get(r.slug);
        if (!program || !r.match.startedOn) continue;
        const q = closedQuarters(program, r.match.startedOn, slot);
        if (q <= r.closed) continue;
        sent += await ctx.db.transaction(async (tx) => {
          const db = tx as unknown as Db;
          // A period the bot was down for is closed too (the alert reads runs of periods); only the latest is posted.
          for (let earlier = r.closed + 1; earlier < q; earlier++) await closeQuarter(db, program, r.plan, r.match, earlier, slot);
          const { quarter, created } = await closeQuarter(db, program, r.plan, r.match, q, slot);
          if (!created) return 0;
          const posted = await postInMatchChannel(db, r.match, { key: `plan-quarter:${r.plan.id}:${q}`, at: slot, message: await summary(db, program, r.plan, quarter) });
          return posted ? 1 : 0;
        });
      }
      return sent;
    },
    async nextDueAt(ctx, after) {
      let earliest: Date | null = null;
      for (const r of await runningPlans(ctx.db, ctx.catalog)) {
        const program = ctx.catalog.get(r.slug);
        if (!program || !r.match.startedOn) continue;
        const at = quarterClosesAt(program, r.match.startedOn, closedQuarters(program, r.match.startedOn, after) + 1);
        if (!earliest || at < earliest) earliest = at;
      }
      // A partnership waiting for its plan is work for the very next tick.
      if ((await unopened(ctx.db, ctx.catalog, 1)).length > 0) return new Date(after.getTime() + MINUTE_MS);
      return earliest;
    },
  };
}
