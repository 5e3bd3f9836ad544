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

describe('logger err serializer', () => {
  const secret = 'Key (id)=(my secret) already exists';
  /** A drizzle failure as drizzle builds it: the query and its params in the message. */
  function failedQuery(cause: Error) {
    const err = new Error(`Failed query: insert into "run_answers" ("run_id", "value") values ($1, $2)\nparams: r1,my secret`) as Error & Record<string, unknown>;
    Object.assign(err, { query: 'insert into "run_answers" ("run_id", "value") values ($1, $2)', params: ['r1', 'my secret'], cause });
    return err;
  }
  const pgError = (fields: Record<string, unknown>, text: string) => Object.assign(new Error(text), { severity: 'ERROR', ...fields });

  it('keeps class, SQLSTATE, names and the statement; drops params, detail, where and quoted values', () => {
    const { lines, logger } = capture();
    const unique = pgError({ code: '23505', detail: secret, constraint: 'run_answers_uq', table: 'run_answers' }, 'duplicate key value violates unique constraint "run_answers_uq"');
    const cast = pgError({ code: '22P02', where: 'unnamed portal parameter $2 = \'my secret\'' }, 'invalid input syntax for type uuid: "my secret"');
    logger.error({ err: failedQuery(unique) }, 'failed');
    logger.error({ err: cast }, 'failed');
    logger.error({ err: 'Failed query: select 1\nparams: my secret' }, 'failed');
    logger.error(failedQuery(cast));
    const out = lines.join('\n');
    expect(out).not.toContain('my secret');
    const [first, second, , fourth] = lines.map((l) => (JSON.parse(l) as { err: Record<string, unknown> }).err);
    expect(fourth).toMatchObject({ message: 'Failed query', code: '22P02' });
    expect(first).toMatchObject({ type: 'Error', message: 'Failed query', code: '23505', constraint: 'run_answers_uq', table: 'run_answers', statement: 'insert into "run_answers"' });
    expect((first?.cause as Record<string, unknown>).message).toBe('duplicate key value violates unique constraint "run_answers_uq"');
    expect(second).toMatchObject({ code: '22P02', message: 'invalid input syntax for type uuid: "…"' });
  });

  it('never copies a client library’s request body, and follows Bolt’s wrapped original', () => {
    const { lines, logger } = capture();
    const discord = Object.assign(new Error('Invalid Form Body'), { code: 50035, status: 400, requestBody: { json: { content: 'my secret' } } });
    const bolt = Object.assign(new Error('Failed query: update "people" set "display_name" = $1\nparams: my secret'), { code: 'slack_bolt_unknown_error', original: discord });
    logger.error({ err: bolt }, 'bolt error');
    expect(lines.join('\n')).not.toContain('my secret');
    const err = (JSON.parse(lines[0] as string) as { err: Record<string, unknown> }).err;
    expect(err).toMatchObject({ code: 'slack_bolt_unknown_error', message: 'Failed query', cause: { code: 50035, status: 400, message: 'Invalid Form Body' } });
  });
});
