import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { installProcessSafety } from '../../src/process-safety.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ destination }) };
}

function runChild(mode: 'rejection' | 'exception') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/process-safety-child.ts', mode], { encoding: 'utf8', timeout: 30_000 });
  const logs = result.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; reference?: string; msg: string });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, logs };
}

describe('process safety net', () => {
  it('logs an unhandled rejection once with a reference and keeps serving; exits 1 if PGlite aborted', () => {
    const { lines, logger } = capture();
    const target = new EventEmitter();
    const exit = vi.fn();
    const remove = installProcessSafety({ logger, target, exit });
    target.emit('unhandledRejection', new Error('Failed query: select 1\nparams: my-secret'), Promise.resolve());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, reference: expect.stringMatching(/^[0-9A-F]{8}$/), err: { message: 'Failed query' } });
    expect(JSON.stringify(lines)).not.toContain('my-secret');
    expect(exit).not.toHaveBeenCalled();
    target.emit('unhandledRejection', new WebAssembly.RuntimeError('Aborted()'), Promise.resolve());
    expect(exit).toHaveBeenCalledWith(1);
    remove();
    expect(target.listenerCount('unhandledRejection') + target.listenerCount('uncaughtException')).toBe(0);
  });

  it('logs an uncaught exception once with a reference and exits 1', () => {
    const { lines, logger } = capture();
    const target = new EventEmitter();
    const exit = vi.fn();
    installProcessSafety({ logger, target, exit });
    target.emit('uncaughtException', new TypeError('boom'), 'uncaughtException');
    expect(lines).toEqual([expect.objectContaining({ level: 60, reference: expect.any(String), origin: 'uncaughtException' })]);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('in a real process: a rejection is logged and the process serves on; an exception exits non-zero', () => {
    const rejection = runChild('rejection');
    expect(rejection.status).toBe(0);
    expect(rejection.stdout).toBe('still serving\n');
    expect(rejection.logs.map((l) => [l.level, typeof l.reference])).toEqual([[50, 'string']]);
    expect(rejection.stderr).not.toContain('my-secret-answer');

    const exception = runChild('exception');
    expect(exception.status).toBe(1);
    expect(exception.stdout).toBe('');
    expect(exception.logs.map((l) => [l.level, typeof l.reference])).toEqual([[60, 'string']]);
    expect(exception.stderr).not.toContain('my-secret-answer');
  });
});
