import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().trim().split('\n'));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('logger redaction', () => {
  it('never writes answers, names or message text, at any of three depths', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        text: 'I feel unsafe at home',
        displayName: 'Ada Lovelace',
        event: { answer: 'my secret', actor: { name: 'Ada' } },
        values: { goal: 'x' },
        eventId: 'E1',
      },
      'handled event',
    );
    const out = lines.join('\n');
    expect(out).not.toMatch(/unsafe|Ada|my secret|goal/);
    const parsed = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(parsed.text).toBe('[redacted]');
    expect(parsed.eventId).toBe('E1');
    expect((parsed.event as { answer: string }).answer).toBe('[redacted]');
  });
});
