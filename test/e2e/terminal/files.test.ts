import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileAttachment } from '../../../src/core/render.js';
import { enqueueDirect } from '../../../src/jobs/enqueue.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

const CSV: FileAttachment = { name: 'work-plans.csv', mediaType: 'text/csv', text: 'pair,plan\n"Zoë & Ana","Meet weekly;\nread ch. 3"\nBo & Cy,—\n' };

describe('terminal: files sent with a message are saved under EXPORT_DIR', () => {
  let t: TestApp;
  let dir: string;
  let run: ReturnType<typeof terminalRunner>;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    dir = join(await mkdtemp(join(tmpdir(), 'mentorbot-files-')), 'exports');
    run = terminalRunner(t, { exportDir: dir });
    // A test-only command standing in for a capability's export: a DM to the caller with a CSV.
    t.app.bot.command({
      path: ['try', 'export'],
      summary: 'test export',
      access: 'anyone',
      args: [],
      async run(ctx) {
        const { personId, programId } = ctx.principal;
        await enqueueDirect(ctx.db, { key: `export:${ctx.event.id}`, personId, programId, message: { text: 'Your work-plan export', files: [CSV] }, at: ctx.clock.now() });
        ctx.reply('Your export is on its way.');
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('prints the message, saves the file with its content, and says where', async () => {
    const lines = await run('alice: /mentor try export\n');
    expect(lines).toEqual([
      '[ephemeral alice] Your export is on its way.',
      '[dm alice] Your work-plan export',
      `[dm alice] File work-plans.csv saved to ${join(dir, 'work-plans.csv')} (a header and 2 rows).`,
    ]);
    expect(await readFile(join(dir, 'work-plans.csv'), 'utf8')).toBe(CSV.text);
  });

  it('never overwrites an earlier export of the same name', async () => {
    const lines = await run('alice: /mentor try export\n');
    expect(lines.at(-1)).toBe(`[dm alice] File work-plans.csv saved to ${join(dir, 'work-plans-2.csv')} (a header and 2 rows).`);
    expect((await readdir(dir)).sort()).toEqual(['work-plans-2.csv', 'work-plans.csv']);
    expect(await readFile(join(dir, 'work-plans.csv'), 'utf8')).toBe(CSV.text);
  });

  it('saves under the temporary directory by default in tests, never in the repository', () => {
    const other = terminalRunner(t);
    expect(other.exportDir.startsWith(tmpdir())).toBe(true);
    // Put the first runner back: the last TerminalChat registered is the one the outbox uses.
    run = terminalRunner(t, { exportDir: dir });
  });
});
