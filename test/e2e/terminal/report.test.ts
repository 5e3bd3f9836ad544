import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/** The coordinator's report over a pair's first weeks, an alert handled and an early closure. */
describe('the program report (terminal)', () => {
  let t: TestApp;
  let say: (...lines: string[]) => Promise<string>;
  let run: ReturnType<typeof terminalRunner>;

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC; check-ins on Wednesdays at 10:00 (London: 10:00 UTC, New York: 15:00 UTC).
    t = await createTestApp('pglite', { programFiles: [programVariant('examples/workplace.yaml', { surveys: [] })] });
    run = terminalRunner(t);
    say = async (...lines) => (await run(`${lines.join('\n')}\n`)).join('\n');
    await say(
      ':coordinator carol',
      ':import mentors examples/csv/one-pair/mentors.csv',
      ':import mentees examples/csv/one-pair/mentees.csv',
      'carol: /mentor match propose',
      'carol: /mentor match approve all',
      ':advance 3d',
      'tom-reid: 1', 'tom-reid: 1', 'tom-reid: skip',
      ':advance 1d',
      'carol: /mentor alert resolve 1 Called Tom',
      ':advance 14d',
    );
  });
  afterAll(() => t.close());

  it('gives the funnel, matches, check-ins, alerts, contacts and training for a period', async () => {
    const out = await say('carol: /mentor report', 'carol: /mentor match close 1 early moved Tom moved abroad', 'carol: /mentor report 2026-11-01 2026-12-31');
    const [before, after] = out.split('Match 1 is closed (early: moved).');
    expect(before).toContain('[ephemeral carol] Workplace Mentoring Programme: report for 2025-12-12 to 2026-12-11.');
    expect(before).toContain('[ephemeral carol] Funnel (people): 2 applied, 2 approved, 2 matched, 0 reached their planned end.');
    expect(before).toContain('[ephemeral carol] Matches: 1 active; 0 closed (0 as planned, 0 early). Median length of those closed: n/a; reached the planned duration: n/a.');
    // Three weeks of check-ins for two: Tom answered his first; the last week's are still open.
    expect(before).toContain('[ephemeral carol] Check-ins: 1 of 4 (25%) answered.');
    expect(before).toContain('[ephemeral carol] Alerts: 2 raised, 1 resolved, in a median of 24 hours.');
    expect(before).toContain('[ephemeral carol] Coordinator contacts: 0 of 2 (0%) matched members on schedule.');
    expect(before).toContain('[ephemeral carol] Training: 1 of 1 (100%) mentors completed the 2 required modules.');
    expect(after).toContain('[ephemeral carol] Workplace Mentoring Programme: report for 2026-11-01 to 2026-12-31.');
    expect(after).toContain('[ephemeral carol] Matches: 0 active; 1 closed (0 as planned, 1 early): moved 1. Median length of those closed: 18 days; reached the planned duration: 0%.');
    // The charts follow by DM, as PNG images the terminal saves.
    expect(after).toContain('[ephemeral carol] I have sent you 2 charts in a direct message.');
    const png = readFileSync(join(run.exportDir, 'matches-2026-11-01-to-2026-12-31.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // At least the 480-pixel plot wide, with its axes.
    expect(png.readUInt32BE(16)).toBeGreaterThan(480);
  });

  it('refuses a period that ends before it starts, and anyone but a coordinator', async () => {
    const out = await say('carol: /mentor report 2026-12-31 2026-11-01', 'tom-reid: /mentor report');
    expect(out).toContain('[ephemeral carol] The report cannot start (2026-12-31) after it ends (2026-11-01). Nothing was changed.');
    expect(out).toContain('[ephemeral tom-reid] `/mentor report` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.');
  });
});

/** A month-long match that ran its course: the funnel counts people at every stage. */
describe('the report’s funnel (terminal)', () => {
  let t: TestApp;
  let say: (...lines: string[]) => Promise<string>;

  beforeAll(async () => {
    t = await createTestApp('pglite', { programFiles: [programVariant('examples/workplace.yaml', { surveys: [], checkins: undefined, matching: { durationMonths: 1 } })] });
    const run = terminalRunner(t);
    say = async (...lines) => (await run(`${lines.join('\n')}\n`)).join('\n');
    await say(':coordinator carol', ':import mentors examples/csv/one-pair/mentors.csv', ':import mentees examples/csv/one-pair/mentees.csv', 'carol: /mentor match propose', 'carol: /mentor match approve all');
  });
  afterAll(() => t.close());

  it('counts both members of a match that reached its planned end, closed as planned', async () => {
    expect(await say(':advance 32d', 'carol: /mentor match close 1 planned "program ended"', 'carol: /mentor report')).toContain(
      '[ephemeral carol] Funnel (people): 2 applied, 2 approved, 2 matched, 2 reached their planned end.',
    );
  });
});
