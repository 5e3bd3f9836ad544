import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { TERMINAL_WORKSPACE } from '../../../adapters/terminal/terminal-chat.js';
import { createApp } from '../../../src/app.js';
import { ChatRouter, type InboundEvent } from '../../../src/core/chat.js';
import { systemClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/core/logger.js';
import { openPglite } from '../../../src/db/client.js';
import { ProgramCatalog } from '../../../src/domain/programs/catalog.js';
import { loadPrograms } from '../../../src/domain/programs/load-program.js';
import { FakeChat } from '../../support/fake-chat.js';
import { createTestApp } from '../../support/test-app.js';
import { startScripted } from '../../support/terminal.js';

const join_ = (user: string): InboundEvent => ({
  type: 'command',
  id: `join-${user}`,
  text: 'join',
  actor: { platform: 'terminal', workspace: TERMINAL_WORKSPACE, user, displayName: user },
  where: { kind: 'dm' },
});

/** A question queued before a crash is delivered when the bot starts, not after the person's next message. */
describe('start-up delivery of what was queued before the last exit', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('npm start prints a DM queued (and never delivered) by the previous process, with no input at all', async () => {
    // The previous process: it queued bob's first intake question and died before delivering it.
    const dataDir = mkdtempSync(join(tmpdir(), 'mentorbot-startup-'));
    dirs.push(dataDir);
    // From the migrated template every test starts from: migrating again would double the time.
    const pglite = new PGlite(join(dataDir, 'pglite'), { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    await pglite.waitReady;
    const database = openPglite(pglite);
    const app = createApp({
      db: database.db,
      chat: new ChatRouter(),
      clock: systemClock,
      logger: createLogger({ level: 'silent' }),
      catalog: new ProgramCatalog(await loadPrograms(['examples/workplace.yaml'])),
      coordinators: [],
      schedule: '* * * * *',
      timezone: 'UTC',
      workers: 0,
      drainAfterEvents: false,
    });
    await app.bot.handle(join_('bob'));
    await app.stop();
    await database.close();

    const { status, stdout } = startScripted('', { DATA_DIR: dataDir });
    expect(status).toBe(0);
    expect(stdout).toContain('[dm bob] Choose a role');
  }, 120_000);

  it('app.start() with no polling workers delivers what the outbox holds', async () => {
    const t = await createTestApp('pglite');
    try {
      const chat = new FakeChat('terminal');
      t.chat.register(chat);
      await t.app.bot.handle(join_('carol'));
      expect(chat.calls).toEqual([]);
      await t.restart();
      t.app.start();
      await vi.waitFor(() => expect(chat.calls.map((c) => c.method)).toContain('sendDirect'), { timeout: 10_000 });
    } finally {
      await t.close();
    }
  });
});
