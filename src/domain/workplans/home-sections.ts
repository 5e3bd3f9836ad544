import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { matches, matchMembers, workPlans } from '../../db/schema/index.js';
import type { HomeSection } from '../capability.js';
import { plural } from '../matching/words.js';
import { WORKPLAN_UPDATE } from './plan-agreement.js';
import { planRows } from './plans-overview.js';
import { STATE_WORDS } from './plan-view.js';


/** A representative's own plan: its state, progress and their next update. */
export const memberPlanSection: HomeSection = {
  order: 27,
  async describe({ db, principal, program, programId, now }) {
    if (!program.workplans) return null;
    const mine = await db
      .select({ state: workPlans.state, matchId: matches.id })
      .from(matchMembers)
      .innerJoin(matches, eq(matches.id, matchMembers.matchId))
      .innerJoin(workPlans, eq(workPlans.matchId, matches.id))
      .where(and(eq(matchMembers.personId, principal.personId), eq(matches.programId, programId), inArray(matches.state, ['active'])));
    if (mine.length === 0) return null;
    const rows = (await planRows(db, program, programId, now)).filter((r) => mine.some((m) => m.matchId === r.matchId));
    const [next] = await queryRows<{ due: string | null }>(
      db,
      sql`select to_char(min(next_due_at) at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due from schedules where kind = ${WORKPLAN_UPDATE} and person_id = ${principal.personId}::uuid`,
    );
    const lines = rows.map((r) => `Partnership ${r.number}: ${r.state === 'draft' ? 'a draft, to be agreed' : STATE_WORDS[r.state]}; ${r.done} of ${plural(r.activities, 'activity', 'activities')} done, ${r.overdue} overdue (\`/mentor plan\`).`);
    if (next?.due) lines.push(`Next update: ${next.due} UTC.`);
    return { title: 'Work plan', text: lines.join('\n') };
  },
};

/** A coordinator's: the partnerships' plans at a glance. */
export const coordinatorPlansSection: HomeSection = {
  order: 17,
  async describe({ db, principal, program, programId, now }) {
    if (!program.workplans || !principal.roles.has('coordinator')) return null;
    const rows = (await planRows(db, program, programId, now)).filter((r) => r.matchState === 'active');
    if (rows.length === 0) return null;
    const by = (s: string) => rows.filter((r) => r.state === s).length;
    const overdue = rows.reduce((n, r) => n + r.overdue, 0);
    const expertLed = rows.filter((r) => r.indicator !== null && r.indicator < 0.5).length;
    return {
      title: 'Work plans',
      text:
        `${plural(rows.length, 'partnership')}: ${by('active')} active, ${by('draft')} draft, ${by('revision')} in revision; ${plural(overdue, 'overdue activity', 'overdue activities')}; ` +
        `${expertLed} where the expert organisation did most of the work last quarter (\`/mentor plans\`).`,
    };
  },
};
