import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/** A small seeded generator (mulberry32): the same lines on every run, so a failure replays. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick, int: (n: number) => Math.floor(next() * n) };
}

const USERS = ['ana', 'ben', 'cho', 'dev', 'eli', 'fay'];
const SUBCOMMANDS = ['help', 'program', 'join', 'status', 'profile', 'profile edit goals', 'pause', 'pause until', 'resume', 'leave', 'privacy export',
  'applications', 'application', 'check', 'guardian', 'approve', 'waitlist', 'reject', 'training record', 'role grant', 'role revoke', 'audit', 'workplace status', 'youth join'];
const PIECES = ['1', '2', '3', '0', '-1', '99', '1e1', '0x10', '12.99', '1,3', '2,2,2', 'yes', 'no', 'y', 'back', 'cancel', 'skip', '2027-02-31', '2027-13-01', '2027-01-15',
  '@ana', '<@ben>', '<@!cho|x>', '@', '""', '"unclosed', "'", 'Asia/Kolkata', 'São Paulo', 'Mars/Olympus', 'mentor', 'mentee', 'coordinator', 'until', 'edit',
  '\u0000', '\u0007bell', '\u202Eevil', '😀', 'ᚠᛇᚻ', 'DROP TABLE people;', "'); delete from people; --", '%s%n', '${x}', '\\', '\t', '   '];

function line(r: ReturnType<typeof random>): string {
  const user = r.pick(USERS);
  const parts: string[] = [];
  const kind = r.int(10);
  if (kind < 5) parts.push('/mentor', r.pick(SUBCOMMANDS));
  else if (kind === 5) parts.push(`/${r.pick(['mentor', 'mentr', 'help', ''])}`);
  for (let i = r.int(4); i > 0; i--) parts.push(r.pick(PIECES));
  if (r.int(40) === 0) parts.push('x'.repeat(4000 + r.int(6000)));
  if (r.int(30) === 0) parts.push(Array.from({ length: 50 }, () => String.fromCharCode(r.int(0x3000))).join(''));
  // A blank line is nothing typed (the terminal ignores it); every line says something.
  if (parts.join('').trim() === '') parts.push(r.pick(['hello', '?', '0']));
  return `${user}: ${parts.join(' ')}`.replace(/\n/g, ' ');
}

describe('fuzzed input through the scripted terminal', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  beforeAll(async () => {
    t = await createTestApp('pglite', { programFiles: ['examples/workplace.yaml', 'examples/youth.yaml'], coordinators: ['ana'] });
    run = terminalRunner(t);
  });
  afterAll(() => t.close());

  it('answers every malformed line, briefly, without an internal error', async () => {
    const r = random(20261129);
    const lines = Array.from({ length: 2000 }, () => line(r));
    let longest = 0;
    for (const input of lines) {
      const out = await run(`${input}\n`);
      const failure = `after ${JSON.stringify(input.slice(0, 200))}`;
      expect(out.length, failure).toBeGreaterThan(0);
      expect(out.join('\n'), failure).not.toMatch(/something went wrong on our side/i);
      for (const printed of out) longest = Math.max(longest, printed.length);
      expect(out.join('\n').length, failure).toBeLessThan(8000);
    }
    expect(longest).toBeLessThan(4000);
  }, 300_000);
});
