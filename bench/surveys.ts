/**
 * The survey planner against many active matches: occurrences are computed from the matches on
 * every tick (survey-occurrences.ts), so its cost grows with the active matches, not with the
 * work due. Figures: a tick with nothing due (every minute in production), a tick with a day's
 * occurrences due (planned into the outbox), and nextDueAt (each jump of `:advance`), with the
 * workplace example's surveys (a day-21 one and a quarterly one for both members).
 */
import { createLogger } from '../src/core/logger.js';
import { ManualClock } from '../src/core/clock.js';
import { queryRows, sql, type Database } from '../src/db/client.js';
import { ProgramCatalog } from '../src/domain/programs/catalog.js';
import { loadPrograms } from '../src/domain/programs/load-program.js';
import { surveyPlanner } from '../src/domain/surveys/survey-planner.js';
import type { PlannerContext } from '../src/jobs/planner.js';
import type { BenchContext, BenchModule } from './index.js';
import { scratchDatabase } from './scratch-database.js';

const SIZES = [1_000, 10_000];
/** A Tuesday, 10:00 in London: the check-in time of the workplace example. */
const SLOT = new Date('2026-03-03T10:00:00Z');

/** `pairs` active matches started over the past year, one a day in turn, members in London. */
async function seed(database: Database, catalog: ProgramCatalog, pairs: number): Promise<void> {
  const { db } = database;
  const { definition, hash } = catalog.all()[0]!;
  await db.execute(sql`insert into workspaces (platform, external_id) values ('slack', 'TBENCH')`);
  await db.execute(sql`insert into program_definitions (hash, slug, definition, created_at) values (${hash}, ${definition.slug}, ${JSON.stringify(definition)}::jsonb, now())`);
  await db.execute(sql`insert into programs (workspace_id, slug, name, audience, definition, definition_hash)
    select id, ${definition.slug}, ${definition.name}, ${definition.audience}, ${JSON.stringify(definition)}::jsonb, ${hash} from workspaces`);
  await db.execute(sql`insert into people (workspace_id, platform_user_id, time_zone)
    select w.id, 'U' || g, 'Europe/London' from workspaces w, generate_series(1, ${2 * pairs}::int) g`);
  await db.execute(sql`insert into participations (program_id, person_id, role, state, created_at, updated_at)
    select pr.id, p.id, case when substr(p.platform_user_id, 2)::int % 2 = 0 then 'mentor' else 'mentee' end, 'approved', now(), now()
    from people p, programs pr`);
  await db.execute(sql`insert into matches (program_id, number, mentor_id, mentee_id, state, approved_at, started_on)
    select pr.id, g, (select id from people where platform_user_id = 'U' || (2 * g)), (select id from people where platform_user_id = 'U' || (2 * g - 1)),
      'active', ${SLOT.toISOString()}::timestamptz - make_interval(days => g % 365), (${SLOT.toISOString()}::timestamptz - make_interval(days => g % 365))::date
    from programs pr, generate_series(1, ${pairs}::int) g`);
  await db.execute(sql`insert into match_members (match_id, person_id, role)
    select id, mentor_id, 'mentor' from matches union all select id, mentee_id, 'mentee' from matches`);
  await db.execute(sql`analyze`);
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

async function measure(ctx: BenchContext, pairs: number): Promise<void> {
  const catalog = new ProgramCatalog(await loadPrograms(['examples/workplace.yaml']));
  const database = await scratchDatabase(ctx.databaseUrl);
  try {
    await seed(database, catalog, pairs);
    const planner = surveyPlanner();
    const context: PlannerContext = { db: database.db, catalog, clock: new ManualClock(SLOT), logger: createLogger({ level: 'silent' }) };
    // What the days before left due is queued first (a batch at a time), as their ticks would have.
    const before = new Date(SLOT.getTime() - 86_400_000);
    while ((await planner.plan(context, before)) > 0);
    const due = await timed(() => planner.plan(context, SLOT));
    const idle: number[] = [];
    for (let i = 1; i <= 5; i++) idle.push((await timed(() => planner.plan(context, new Date(SLOT.getTime() + i * 60_000)))).ms);
    const next = await timed(() => planner.nextDueAt!(context, SLOT));
    const [queued] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from outbox where kind = 'survey'`);
    ctx.report(
      `surveys.plan: ${pairs} active matches: a tick planning ${due.result} occurrences ${due.ms.toFixed(0)} ms; ` +
        `an idle tick ${Math.min(...idle).toFixed(0)}–${Math.max(...idle).toFixed(0)} ms; nextDueAt ${next.ms.toFixed(0)} ms (${queued?.n ?? 0} queued in all)`,
    );
  } finally {
    await database.close();
  }
}

const bench: BenchModule = {
  name: 'surveys',
  async run(ctx) {
    for (const pairs of SIZES) await measure(ctx, pairs);
  },
};

export default bench;
