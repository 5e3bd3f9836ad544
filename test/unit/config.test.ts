import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { parseDuration } from '../../src/core/clock.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('defaults to PGlite under ./data with the workplace example', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe('./data');
    expect(config.EXPORT_DIR).toBe('./exports');
    expect(loadConfig({ EXPORT_DIR: '/tmp/out' }).EXPORT_DIR).toBe('/tmp/out');
    expect(config.PROGRAM_FILE).toEqual(['examples/workplace.yaml']);
    expect(config.TZ).toBe('UTC');
    expect(config.SCHEDULE).toBe('* * * * *');
  });

  it('reads several program files and coordinators', () => {
    const config = loadConfig({ PROGRAM_FILE: 'a.yaml, b.yaml', COORDINATORS: 'carol,slack:U1' });
    expect(config.PROGRAM_FILE).toEqual(['a.yaml', 'b.yaml']);
    expect(config.COORDINATORS).toEqual(['carol', 'slack:U1']);
  });

  it('names every bad variable and what it expected', () => {
    expect(problems({ LOG_LEVEL: 'loud', TZ: 'Mars/Base', SCHEDULE: 'often', OUTBOX_WORKERS: 'two' })).toEqual([
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'TZ: expected an IANA time zone such as Europe/London, got "Mars/Base"',
      'SCHEDULE: expected a cron expression such as "* * * * *", got "often"',
      'OUTBOX_WORKERS: expected a whole number, got "two"',
    ]);
  });

  it('never echoes a database URL, which may hold a password', () => {
    const [problem] = problems({ DATABASE_URL: 'mysql://root:secret@db/x' });
    expect(problem).toBe('DATABASE_URL: expected a postgres:// or postgresql:// URL');
  });

  it('parses durations for :advance', () => {
    expect(parseDuration('3d')).toBe(3 * 86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(parseDuration('soon')).toBeNull();
  });
});
