import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { queryRows, sql } from '../../src/db/client.js';
import { surveyScores } from '../../src/db/schema/index.js';
import type { PlannerContext } from '../../src/jobs/planner.js';
import { alertOnScores } from '../../src/domain/surveys/survey-alerts.js';
import { surveyPlanner } from '../../src/domain/surveys/survey-planner.js';
import { databaseKinds } from '../support/databases.js';
import { programVariant } from '../support/program-variant.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { terminalRunner } from '../support/terminal.js';

/**
 * A fortnightly pulse survey (and a monthly one for mentors, from an instrument file) for a pair
 * in London and New York. The program checks in at 07:00, inside its quiet hours (21:00–08:00),
 * so surveys come at 08:00 local. The planner is driven slot by slot.
 */
const PROGRAM = programVariant('examples/workplace.yaml', {
  checkins: { time: '07:00', where: 'channel' },
  surveys: [
    { include: 'mentor-self-efficacy.yaml', id: 'confidence', roles: ['mentor'], when: { every: { days: 30 } } },
    {
      id: 'pulse',
      title: 'Pulse',
      roles: ['mentor', 'mentee'],
      when: { every: { days: 14 } },
      questions: [
        { id: 'useful', type: 'scale', prompt: 'Our meetings are useful.' },
        { id: 'rushed', type: 'scale', prompt: 'Our meetings feel rushed.', reverse: true },
        { id: 'fit', type: 'scale', prompt: 'How well does the timing suit you?', min: 0, max: 10, required: false },
      ],
      scales: [{ id: 'meetings', title: 'Meetings', items: ['useful', 'rushed'] }],
    },
  ],
});

describe.each(databaseKinds())('surveys on %s', (kind) => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const planner = surveyPlanner();
  const ctx = (): PlannerContext => ({ db: t.database.db, catalog: t.catalog, clock: t.clock, logger: createLogger({ level: 'silent' }) });
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  /** Plans the slot with the clock there. */
  const planAt = (iso: string) => {
    t.clock.set(new Date(iso));
    return planner.plan(ctx(), new Date(iso));
  };
  const next = async (iso: string) => (await planner.nextDueAt!(ctx(), new Date(iso)))?.toISOString() ?? null;
  const queued = () =>
    rows(`select p.platform_user_id as who, o.payload->>'surveyId' as survey, o.payload->>'occurrence' as occurrence, o.payload->>'dueAt' as due
      from outbox o join people p on p.id = o.person_id where o.kind = 'survey' order by o.id`);

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC.
    t = await createTestApp(kind, { programFiles: [PROGRAM] });
    run = terminalRunner(t);
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-surveys-'));
    writeFileSync(join(dir, 'mentors.csv'), 'id,department,expertise,timezone,meeting_style\nnia,Engineering,Leadership,America/New_York,3\n');
    writeFileSync(join(dir, 'mentees.csv'), 'id,department,goals,timezone,meeting_style\ntom,Finance,Leadership,Europe/London,3\n');
    await run(`:coordinator carol\n:import mentors ${join(dir, 'mentors.csv')}\n:import mentees ${join(dir, 'mentees.csv')}\ncarol: /mentor match propose\ncarol: /mentor match approve all\n`);
  });
  afterAll(() => t.close());

  it('plans each occurrence once, at 08:00 local (the 07:00 check-in time moved out of quiet hours)', async () => {
    expect(await next('2026-11-23T09:00:00Z')).toBe('2026-12-07T08:00:00.000Z');
    expect(await planAt('2026-12-07T07:59:00Z')).toBe(0);
    expect(await planAt('2026-12-07T08:00:00Z')).toBe(1);
    expect(await planAt('2026-12-07T08:00:00Z')).toBe(0);
    expect(await queued()).toEqual([{ who: 'tom', survey: 'pulse', occurrence: '1', due: '2026-12-07T08:00:00.000Z' }]);
  });

  it('holds an occurrence found in quiet hours (the bot was down) until they end', async () => {
    // Nia's was due at 08:00 in New York (13:00 UTC); the next slot run is 22:00 there.
    expect(await planAt('2026-12-08T03:00:00Z')).toBe(0);
    expect(await next('2026-12-08T03:00:00Z')).toBe('2026-12-08T13:00:00.000Z');
    expect(await planAt('2026-12-08T13:00:00Z')).toBe(1);
    expect((await queued()).at(-1)).toEqual({ who: 'nia', survey: 'pulse', occurrence: '1', due: '2026-12-07T13:00:00.000Z' });
  });

  it('asks the survey in a DM and stores its scale mean on completion', async () => {
    t.clock.set(new Date('2026-12-08T13:00:00Z'));
    await t.app.drain();
    const out = (await run('tom: 2\ntom: 4\ntom: skip\n')).join('\n');
    expect(out).toContain('[ephemeral tom] Thank you: your answers to “Pulse” are recorded.');
    // useful 2, rushed 4 (counts 2): mean 2 on 1 to 5.
    expect(await rows(`select scale_id, mean, scale_min, scale_max, items_answered, items, instrument, instrument_version from survey_scores`)).toEqual([
      { scale_id: 'meetings', mean: 2, scale_min: 1, scale_max: 5, items_answered: 2, items: 2, instrument: null, instrument_version: null },
    ]);
    // A low answer to a plain item raises an alert, and so does the reverse-coded one answered 4 (it reads 2).
    expect(await rows(`select rule, detail from match_alerts order by number`)).toEqual([
      { rule: 'low_score', detail: 'answered 2 of 5 to “Our meetings are useful.” in the “Pulse” survey.' },
      { rule: 'low_score', detail: 'answered 4 of 5 to “Our meetings feel rushed.” (worded so that a high answer is the worry) in the “Pulse” survey.' },
    ]);
  });

  it('never raises a score alert twice for the same cause', async () => {
    const db = t.database.db;
    const [tomScore] = await db.select().from(surveyScores);
    const program = t.catalog.require('workplace');
    const survey = program.surveys.find((s) => s.id === 'pulse')!;
    const niaId = (await rows(`select id from people where platform_user_id = 'nia'`))[0]!.id as string;
    // Nia's mean of the same occurrence, 3 points above Tom's.
    const [score] = await db.insert(surveyScores).values({ ...tomScore!, id: undefined, personId: niaId, runId: null, mean: 5 }).returning();
    const input = { survey, matchId: tomScore!.matchId!, occurrence: '1', scores: [score!], now: t.clock.now() };
    await alertOnScores(db, program, input);
    await alertOnScores(db, program, input);
    expect(await rows(`select rule, count(*)::int as n from match_alerts group by rule order by rule`)).toEqual([
      { rule: 'low_score', n: 2 },
      { rule: 'rating_gap', n: 1 },
    ]);
  });

  it('waits for a break to end, and then for quiet hours to end', async () => {
    await rows(`update participations set state = 'paused', resume_state = 'approved', paused_at = '2026-12-20T00:00:00Z', paused_until = '2026-12-24T00:00:00Z'
      where person_id = (select id from people where platform_user_id = 'tom')`);
    expect(await planAt('2026-12-21T08:00:00Z')).toBe(0);
    expect(await next('2026-12-21T08:00:00Z')).toBe('2026-12-21T13:00:00.000Z');
    expect(await planAt('2026-12-21T13:00:00Z')).toBe(1);
    // Nia's monthly confidence survey, from the instrument file, then the end of Tom's break (midnight in London).
    expect(await next('2026-12-21T13:00:00Z')).toBe('2026-12-23T13:00:00.000Z');
    expect(await planAt('2026-12-23T13:00:00Z')).toBe(1);
    expect(await next('2026-12-23T13:00:00Z')).toBe('2026-12-24T00:00:00.000Z');
    expect(await planAt('2026-12-24T00:00:00Z')).toBe(0);
    expect(await next('2026-12-24T00:00:00Z')).toBe('2026-12-24T08:00:00.000Z');
    expect(await planAt('2026-12-24T08:00:00Z')).toBe(1);
    expect((await queued()).slice(2)).toEqual([
      { who: 'nia', survey: 'pulse', occurrence: '2', due: '2026-12-21T13:00:00.000Z' },
      { who: 'nia', survey: 'confidence', occurrence: '1', due: '2026-12-23T13:00:00.000Z' },
      { who: 'tom', survey: 'pulse', occurrence: '2', due: '2026-12-21T08:00:00.000Z' },
    ]);
  });

  it('times surveys by the platform’s zone when a person gave none, and skips a zone the database does not know', async () => {
    await rows(`update people set time_zone = null, platform_time_zone = 'Asia/Tokyo' where platform_user_id = 'tom'`);
    await rows(`update people set time_zone = 'Mars/Olympus_Mons' where platform_user_id = 'nia'`);
    // 08:00 in Tokyo; Nia's zone is unknown, so the program's (London) is used.
    expect(await next('2026-12-24T08:00:00Z')).toBe('2027-01-03T23:00:00.000Z');
    expect(await planAt('2027-01-03T23:00:00Z')).toBe(1);
    expect(await planAt('2027-01-04T08:00:00Z')).toBe(1);
    expect((await queued()).slice(-2)).toEqual([
      { who: 'tom', survey: 'pulse', occurrence: '3', due: '2027-01-03T23:00:00.000Z' },
      { who: 'nia', survey: 'pulse', occurrence: '3', due: '2027-01-04T08:00:00.000Z' },
    ]);
  });

  it('asks nothing more once the match has ended', async () => {
    await rows(`update matches set state = 'closed', closed_at = '2027-01-05T12:00:00Z', close_reason = 'completed'`);
    expect(await next('2027-01-05T12:00:00Z')).toBeNull();
    expect(await planAt('2027-01-18T08:00:00Z')).toBe(0);
  });
});

/** Quarters counted from a 31 January start for five years: each comes once, on its day, none missed. */
describe.each(databaseKinds())('a quarterly survey over five years on %s', (kind) => {
  let t: TestApp;
  const planner = surveyPlanner();

  beforeAll(async () => {
    t = await createTestApp(kind, {
      programFiles: [programVariant('examples/workplace.yaml', { checkins: { where: 'channel' }, surveys: [{ include: 'goal-progress.yaml', id: 'quarterly', roles: ['mentee'], when: { event: 'every_quarter' } }] })],
    });
    const run = terminalRunner(t);
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-quarters-'));
    writeFileSync(join(dir, 'mentors.csv'), 'id,department,expertise,timezone,meeting_style\nnia,Engineering,Leadership,Europe/London,3\n');
    writeFileSync(join(dir, 'mentees.csv'), 'id,department,goals,timezone,meeting_style\ntom,Finance,Leadership,Europe/London,3\n');
    await run(`:coordinator carol\n:import mentors ${join(dir, 'mentors.csv')}\n:import mentees ${join(dir, 'mentees.csv')}\ncarol: /mentor match propose\ncarol: /mentor match approve all\n`);
    await queryRows(t.database.db, sql`update matches set started_on = '2027-01-31'`);
  });
  afterAll(() => t.close());

  it('plans quarter n on the start date plus 3n months (31 January, 30 April, 31 July...) at 10:00 in London', async () => {
    const ctx = (): PlannerContext => ({ db: t.database.db, catalog: t.catalog, clock: t.clock, logger: createLogger({ level: 'silent' }) });
    let after = new Date('2027-01-31T12:00:00Z');
    for (let n = 1; n <= 20; n++) {
      const day = DateTime.fromISO('2027-01-31', { zone: 'Europe/London' }).plus({ months: 3 * n }).set({ hour: 10 });
      const due = await planner.nextDueAt!(ctx(), after);
      expect(due?.toISOString(), `quarter ${n}`).toBe(day.toUTC().toISO());
      t.clock.set(due!);
      expect(await planner.plan(ctx(), due!), `quarter ${n}`).toBe(1);
      expect(await planner.plan(ctx(), new Date(due!.getTime() + 86_400_000)), `the day after quarter ${n}`).toBe(0);
      after = due!;
    }
    const occurrences = await queryRows<{ o: string }>(t.database.db, sql`select payload->>'occurrence' as o from outbox where kind = 'survey' order by id`);
    expect(occurrences.map((r) => r.o)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
  });
});
