import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { startScripted, terminalRunner } from '../../support/terminal.js';

describe('scripted terminal session', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
  });
  afterAll(() => t.close());

  it('lists a participant’s subcommands, prefixed with where the output went', async () => {
    const out = await run('alice: /mentor help\n');
    expect(out[0]).toBe('[ephemeral alice] Mentoring bot commands');
    expect(out).toContain('[ephemeral alice] `/mentor join`: Apply to join the program as a mentor or mentee');
    expect(out.join('\n')).not.toContain('/mentor approve');
  });

  it('answers an unknown subcommand specifically', async () => {
    expect(await run('bob: /mentor hlep\nbob: /mentor role give @x mentor\n')).toEqual([
      '[ephemeral bob] “hlep” is not a subcommand. Did you mean `/mentor help`? `/mentor help` lists what you can do.',
      '[ephemeral bob] “role give” is not a subcommand. Did you mean `/mentor role grant`, `/mentor role revoke`?',
    ]);
  });

  it('refuses a coordinator command to a non-coordinator, and allows it after :coordinator', async () => {
    expect(await run('alice: /mentor applications\n')).toEqual([
      '[ephemeral alice] `/mentor application list` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.',
    ]);
    const out = await run(':coordinator carol\ncarol: /mentor role grant @alice mentor\ncarol: /mentor audit 1\n');
    expect(out[0]).toBe('[terminal] carol is a coordinator in the terminal workspace.');
    expect(out[1]).toBe('[ephemeral carol] @alice is now a mentor.');
    expect(out[3]).toMatch(/^\[ephemeral carol\] \d{4}-\d{2}-\d{2} \d{2}:\d{2} @carol role\.grant @alice \(role=mentor\)$/);
  });

  it('switches speaker with :as and explains malformed controls', async () => {
    const out = await run(':as dana\n/mentor status\n:as\n:advance soon\n:teleport\n');
    expect(out).toEqual([
      '[terminal] Now typing as dana.',
      '[ephemeral dana] You are not taking part in Workplace Mentoring Programme. `/mentor join` to apply.',
      '[terminal] Usage: :as <user>, e.g. :as alice',
      '[terminal] Usage: :advance <duration>, e.g. :advance 3d (units s, m, h, d, w)',
      '[terminal] Unknown control “:teleport”. Controls: :as <user>, :coordinator <user>, :advance <duration>, :import mentors|mentees <file.csv>.',
    ]);
  });

  it('moves the bot’s clock with :advance', async () => {
    const before = t.clock.now().getTime();
    const out = await run('erin: /mentor join\nerin: 2\nerin: /mentor pause until 2026-11-25\n:advance 3d\n');
    expect(out).toContain('[ephemeral erin] You are not taking part in the program at the moment, so there is nothing to pause or resume.');
    expect(t.clock.now().getTime() - before).toBe(3 * 86_400_000);
    expect(out.at(-1)).toMatch(/^\[terminal\] Clock moved forward 3d to 2026-11-2\d \d{2}:\d{2} UTC\.$/);
  });
});

describe('scripted terminal session through npm start', () => {
  const isJson = (line: string) => line.trimStart().startsWith('{');

  it('prints only the bot’s lines by default: no JSON log line on either stream', () => {
    const { status, stdout, stderr } = startScripted('alice: /mentor help\n');
    expect(status).toBe(0);
    expect(stdout[0]).toBe('[ephemeral alice] Mentoring bot commands');
    expect(stdout.filter(isJson)).toEqual([]);
    expect(stderr.filter(isJson)).toEqual([]);
  }, 120_000);

  it('still logs when LOG_LEVEL asks for it, on stderr only', () => {
    const { status, stdout, stderr } = startScripted('alice: /mentor help\n', { LOG_LEVEL: 'info' });
    expect(status).toBe(0);
    expect(stdout.filter(isJson)).toEqual([]);
    const logs = stderr.filter(isJson).map((line) => JSON.parse(line) as { msg: string; outcome?: string; pglite?: string });
    // The new DATA_DIR was made from the prepared image (test/global-setup.ts made sure of it), not by initdb.
    expect(logs.find((l) => l.msg === 'mentorbot ready')?.pglite).toBe('image');
    expect(logs.find((l) => l.msg === 'handled event')?.outcome).toBe('ok');
  }, 120_000);
});
