import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../src/db/client.js';
import { experimentAssignments, experiments, matches, people, surveyScores } from '../../src/db/schema/index.js';
import { mulberry32, type Random } from '../../src/domain/experiments/prng.js';
import { databaseKinds } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { terminalRunner } from '../support/terminal.js';

/** How an arm's synthetic mentors turn out: chance of an early end, quality and self-efficacy gain (means). */
interface ArmTruth {
  early: number;
  quality: number;
  gain: number;
}

const normal = (r: Random): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const addDays = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000);

/**
 * The report on synthetic experiments inserted directly (the clock stands at 2026-11-23, past
 * every match's planned end): one where the "booster" arm truly does better on every outcome,
 * one where the arms are alike, one of three mentors an arm. Matches start on 2026-03-02 and are
 * planned to end on 2026-09-01.
 */
describe.each(databaseKinds())('training experiment report on %s', (kind) => {
  let t: TestApp;
  let say: (...lines: string[]) => Promise<string>;
  let ids: { program: string; workspace: string; hash: string };
  let number = 0;

  /** One experiment of `perArm` mentors an arm, each with a match and survey scores drawn from the arm's truth. */
  async function insertExperiment(name: string, perArm: number, truths: Record<'control' | 'booster', ArmTruth>, seed: number) {
    const db = t.database.db;
    await db.execute(sql`update experiments set state = 'closed'`);
    const [e] = await db
      .insert(experiments)
      .values({ programId: ids.program, name, arms: (['control', 'booster'] as const).map((id) => ({ id, label: id, modules: [], hours: null })), blockSize: 2, seed, state: 'open', createdAt: new Date('2026-01-05T00:00:00Z') })
      .returning();
    const r = mulberry32(seed);
    for (let i = 0; i < perArm * 2; i++) {
      const arm = i % 2 === 0 ? 'control' : 'booster';
      const truth = truths[arm];
      number++;
      const [mentor, mentee] = await db.insert(people).values([{ workspaceId: ids.workspace, platformUserId: `${name}-m${i}` }, { workspaceId: ids.workspace, platformUserId: `${name}-e${i}` }]).returning();
      await db.insert(experimentAssignments).values({ experimentId: e!.id, personId: mentor!.id, armId: arm, block: Math.floor(i / 2), position: i, assignedAt: new Date('2026-02-01T00:00:00Z') });
      const early = r() < truth.early;
      const closedAt = early ? addDays('2026-03-02', 20 + Math.floor(r() * 150)) : addDays('2026-09-01', Math.floor(r() * 10));
      const [m] = await db
        .insert(matches)
        .values({ programId: ids.program, number, mentorId: mentor!.id, menteeId: mentee!.id, state: 'closed', approvedAt: new Date('2026-02-25T00:00:00Z'), startedOn: '2026-03-02', plannedEndOn: '2026-09-01', closedAt })
        .returning();
      const score = (personId: string, scaleId: string, mean: number, day: number) => ({
        programId: ids.program, matchId: m!.id, personId, surveyId: 's', occurrence: String(day), scaleId, definitionHash: ids.hash,
        mean: Math.min(5, Math.max(1, mean)), scaleMin: 1, scaleMax: 5, itemsAnswered: 4, items: 4, createdAt: addDays('2026-03-02', day),
      });
      const baseline = 3 + 0.5 * normal(r);
      await db.insert(surveyScores).values([
        score(mentor!.id, 'mentor_self_efficacy', baseline, 0),
        score(mentee!.id, 'relationship_quality', truth.quality + 0.5 * normal(r), 90),
        score(mentor!.id, 'relationship_quality', truth.quality + 0.5 * normal(r), 90),
        score(mentor!.id, 'mentor_self_efficacy', baseline + truth.gain + 0.4 * normal(r), 120),
      ]);
    }
  }

  beforeAll(async () => {
    t = await createTestApp(kind, { programFiles: ['examples/workplace.yaml'] });
    const run = terminalRunner(t);
    say = async (...lines) => (await run(`${lines.join('\n')}\n`)).join('\n');
    await say(':coordinator carol', 'carol: /mentor help');
    const [p] = await queryRows<{ id: string; workspace_id: string; definition_hash: string }>(t.database.db, sql`select id, workspace_id, definition_hash from programs`);
    ids = { program: p!.id, workspace: p!.workspace_id, hash: p!.definition_hash };
  });
  afterAll(() => t.close());

  it('finds a known effect on every outcome', async () => {
    await insertExperiment('effect', 24, { control: { early: 0.6, quality: 3.4, gain: 0.1 }, booster: { early: 0.15, quality: 4.0, gain: 0.7 } }, 101);
    const out = await say('carol: /mentor training experiment report efficacy mentor_self_efficacy');
    expect(out).toContain('Training experiment “effect”: 48 mentors randomised (control 24, booster 24). Each arm is compared with “control”.');
    expect(out).toContain('Match length was higher in “booster” than in “control”, and a difference this large would rarely arise by chance alone');
    expect(out).toContain('Early closure was lower in “booster” than in “control”');
    expect(out).toContain('Relationship quality was higher in “booster” than in “control”');
    expect(out).toContain('Change in mentor self-efficacy was higher in “booster” than in “control”');
    expect(out).toContain('Relationship quality (scale relationship_quality):');
    expect(out).toContain('“booster” 25% (n=24), “control” 75% (n=24); difference -50 percentage points, p = 0.001 (10000 random splits), h = -1.05 [95% CI -1.7 to -0.51], smallest detectable effect 0.81.');
    expect(out).toContain('“booster” 3.95 of 5 (n=24), “control” 3.45 of 5 (n=24); difference +0.5 points, p < 0.001');
  });

  it('finds none where there is none, and says what could have been missed', async () => {
    const same = { early: 0.4, quality: 3.8, gain: 0.3 };
    await insertExperiment('null', 24, { control: same, booster: same }, 202);
    const out = await say('carol: /mentor training experiment report efficacy mentor_self_efficacy');
    expect(out).toContain('Training experiment “null”: 48 mentors randomised');
    expect(out).not.toContain('would rarely arise by chance');
    expect(out.match(/distinguishable from none .*; an effect smaller than 0\.81 standard deviations could still have been missed\./g)).toHaveLength(3);
    expect(out).toContain('No difference in early closure distinguishable from none (p = 1.000); an effect smaller than 0.81 (Cohen’s h, where 0.2 is small and 0.8 large) could still have been missed.');
    // Every interval includes 0.
    for (const [, low, high] of out.matchAll(/95% CI (-?[\d.]+) to (-?[\d.]+)/g)) expect(Number(low) <= 0 && Number(high) >= 0).toBe(true);
  });

  it('says a tiny experiment is too small, and leaves out a scale the program lacks', async () => {
    await insertExperiment('tiny', 3, { control: { early: 0.9, quality: 3, gain: 0 }, booster: { early: 0, quality: 4.5, gain: 1 } }, 303);
    const out = await say('carol: /mentor training experiment report');
    expect(out.match(/Too small to conclude anything about [a-z -]+: fewer than 5 mentors with a value in either arm\./g)).toHaveLength(3);
    expect(out).toContain('Left out: no survey scale for it was found; name one with `efficacy <scale>`.');
    expect(out).toMatch(/“booster” 100% \(n=3\)|“booster” 0% \(n=3\)/);
  });
});
