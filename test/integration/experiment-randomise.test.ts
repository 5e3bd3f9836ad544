import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { queryRows, sql } from '../../src/db/client.js';
import { armForPosition } from '../../src/domain/experiments/arms.js';
import { assignmentPlanner } from '../../src/domain/experiments/randomise.js';
import { databaseKinds } from '../support/databases.js';
import { approvalScript, intakeScript } from '../support/intake-script.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { terminalRunner } from '../support/terminal.js';

/**
 * A two-arm experiment in the workplace example: two mentors approved by a coordinator (each
 * randomised in the approval's transaction), seven imported (randomised by the planner), in
 * permuted blocks of four from seed 7; then attendance.
 */
describe.each(databaseKinds())('training experiment randomisation on %s', (kind) => {
  let t: TestApp;
  let say: (...lines: string[]) => Promise<string>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  const assigned = () =>
    rows(`select p.platform_user_id as who, a.arm_id as arm, a.block, a.position from experiment_assignments a join people p on p.id = a.person_id order by a.position`);

  beforeAll(async () => {
    t = await createTestApp(kind, { programFiles: ['examples/workplace.yaml'] });
    const run = terminalRunner(t);
    say = async (...lines) => (await run(`${lines.join('\n')}\n`)).join('\n');
    await say(':coordinator carol');
  });
  afterAll(() => t.close());

  it('creates an experiment, refusing bad arms, a bad block size and a second open one', async () => {
    const out = await say(
      'carol: /mentor training experiment create booster control',
      'carol: /mentor training experiment create booster control,extra:juggling',
      'carol: /mentor training experiment create booster control,booster:coaching block 3',
      'carol: /mentor training experiment create booster control,booster:coaching block 4 seed 7',
      'carol: /mentor training experiment create again a,b',
    );
    expect(out).toContain('An experiment needs at least two arms');
    expect(out).toContain('Arm “extra”: “juggling” is not a training module of this program');
    expect(out).toContain('The block size must be a multiple of the number of arms (2)');
    expect(out).toContain('[ephemeral carol] Experiment “booster” created with 2 arms: “control” (no post-match training), “booster” (Coaching skills). Mentors approved from now on are randomised in blocks of 4 (seed 7)');
    expect(out).toContain('The experiment “booster” is still open');
    expect(await rows(`select action, details->>'seed' as seed from audit_log where action like 'experiment.%'`)).toEqual([{ action: 'experiment.create', seed: '7' }]);
  });

  it('randomises a mentor as a coordinator approves them, audited as the coordinator’s act', async () => {
    const program = t.catalog.require('workplace');
    await say(intakeScript(program, 'ann', 'mentor', { years_experience: '12' }) + approvalScript(program, 'carol', 'ann', 'mentor'));
    expect(await assigned()).toEqual([{ who: 'ann', arm: armForPosition([{ id: 'control' }, { id: 'booster' }] as never, 4, 7, 0).armId, block: 0, position: 0 }]);
    const [audit] = await rows(`select p.platform_user_id as actor, a.details->>'position' as position from audit_log a join people p on p.id = a.actor_id where a.action = 'experiment.assign'`);
    expect(audit).toEqual({ actor: 'carol', position: '0' });
  });

  it('randomises imported mentors on the next tick, in balanced blocks the seed reproduces', async () => {
    await say(':import mentors examples/csv/mentors.csv');
    const ctx = { db: t.database.db, catalog: t.catalog, clock: t.clock, logger: createLogger({ level: 'silent' }) };
    await assignmentPlanner.plan(ctx, t.clock.now());
    await assignmentPlanner.plan(ctx, t.clock.now()); // a second tick assigns nobody twice
    const all = await assigned();
    expect(all).toHaveLength(8);
    const arms = [{ id: 'control' }, { id: 'booster' }] as never;
    all.forEach((a, i) => expect(a).toMatchObject({ position: i, block: Math.floor(i / 4), arm: armForPosition(arms, 4, 7, i).armId }));
    for (const block of [0, 1]) expect(all.filter((a) => a.block === block && a.arm === 'control')).toHaveLength(2);
    expect(await rows(`select count(*)::int as n from audit_log where action = 'experiment.assign' and actor_id is null`)).toEqual([{ n: 7 }]);
  });

  it('shows who is in which arm and records attendance once', async () => {
    const [booster] = await rows(`select p.platform_user_id as who from experiment_assignments a join people p on p.id = a.person_id where a.arm_id = 'booster' order by a.position limit 1`);
    const who = String(booster!.who);
    const out = await say(`carol: /mentor training experiment attend @${who} coaching`, `carol: /mentor training experiment attend @${who} coaching`, 'carol: /mentor training experiment attend @carol coaching', 'carol: /mentor training experiment show');
    expect(out).toContain(`[ephemeral carol] Recorded @${who}’s attendance at “coaching” (arm “booster”).`);
    expect(out).toContain('was already recorded; nothing changed.');
    expect(out).toContain('@carol is not in the experiment “booster”. Nothing was changed.');
    expect(out).toContain('Experiment “booster” (open; blocks of 4, seed 7, since 2026-11-23):');
    expect(out).toMatch(/“booster” \(Coaching skills\): 4 mentors, 0 matched, 1 sessions attended: @/);
  });

  it('closes: later approvals are not randomised, and a new experiment may start', async () => {
    const program = t.catalog.require('workplace');
    const out = await say('carol: /mentor training experiment close', 'carol: /mentor training experiment close');
    expect(out).toContain('[ephemeral carol] Experiment “booster” is closed: mentors approved from now on are not randomised.');
    expect(out).toContain('The experiment “booster” is already closed.');
    await say(intakeScript(program, 'ben', 'mentor', { years_experience: '12' }) + approvalScript(program, 'carol', 'ben', 'mentor'));
    expect(await assigned()).toHaveLength(8);
    expect(await say('carol: /mentor training experiment create second a,b seed 1')).toContain('Experiment “second” created with 2 arms');
  });
});
