import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** `npm start` with a bad environment stops before opening anything, naming the variable. */
function start(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|DATABASE_URL|PROGRAM_FILE)/.test(k)));
  const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
    env: { ...clean, DATA_DIR: '/nonexistent/should-not-be-created', ...env },
    input: '',
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS - 10_000,
  });
  return { status: result.status, stderr: result.stderr };
}

/** Each spawns `npm start`: seconds alone, far longer on a loaded 2-core machine. */
const SPAWN_TIMEOUT_MS = 120_000;

describe('start-up errors', () => {
  it('names a bad core variable and what it expected', () => {
    const { status, stderr } = start({ LOG_LEVEL: 'loud' });
    expect(status).toBe(1);
    expect(stderr).toContain('LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"');
  }, SPAWN_TIMEOUT_MS);

  it('names the path inside a program file that is wrong', () => {
    const { status, stderr } = start({ PROGRAM_FILE: 'test/fixtures/bad-cadence.yaml' });
    expect(status).toBe(1);
    expect(stderr).toContain('test/fixtures/bad-cadence.yaml: invalid program definition:');
    expect(stderr).toContain('checkins.cadence: expected "weekly" | "biweekly" | "monthly", got "sometimes"');
  }, SPAWN_TIMEOUT_MS);

  it('names the missing Slack variable when only the bot token is set', () => {
    const { status, stderr } = start({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' });
    expect(status).toBe(1);
    expect(stderr).toContain('SLACK_SIGNING_SECRET');
  }, SPAWN_TIMEOUT_MS);

  it('names the missing Discord application id when only the token is set', () => {
    const { status, stderr } = start({ DISCORD_TOKEN: 'abc.def.ghi' });
    expect(status).toBe(1);
    expect(stderr).toContain('DISCORD_APPLICATION_ID');
  }, SPAWN_TIMEOUT_MS);
});
