import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FileAttachment } from '../../../src/core/render.js';
import { outbox, people, programs, workspaces } from '../../../src/db/schema/index.js';
import { channelDelivery } from '../../../src/jobs/deliveries.js';
import { enqueue, enqueueDirect } from '../../../src/jobs/enqueue.js';
import { postSigned, slashCommand } from '../../fakes/slack/signed-requests.js';
import { startSlackHarness, type SlackHarness } from './harness.js';

// Non-ASCII and a quoted line break, so "the exact bytes" means something.
const CSV: FileAttachment = { name: 'work-plans-2026-12-01.csv', mediaType: 'text/csv', text: 'pair,plan\n"Zoë & Ana","Meet weekly;\nread ch. 3"\nBo & Cy,—\n' };

describe('slack: files sent with a message (files.uploadV2 against the fake Web API)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('pglite', { coordinators: ['U_COORD'] });
    await postSigned(h.url, slashCommand({ user: 'U_COORD' }, 'help', h.api.responseUrl('first')));
    await h.api.waitFor('response_url', 1);
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.api.reset());

  async function queueExport(key: string, files: FileAttachment[] = [CSV]) {
    const [person] = await h.test.database.db.select().from(people).where(eq(people.platformUserId, 'U_COORD'));
    const [program] = await h.test.database.db.select().from(programs);
    await enqueueDirect(h.test.database.db, { key, personId: person!.id, programId: program!.id, message: { text: 'Your work-plan export', files }, at: h.test.clock.now() });
    return (await h.test.database.db.select().from(outbox).where(eq(outbox.idempotencyKey, key)))[0]!;
  }

  const row = async (id: number) => (await h.test.database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

  it('posts the DM, then uploads the file into the same IM with its exact bytes and name', async () => {
    const queued = await queueExport('files:dm');
    await h.test.app.drain();
    expect((await row(queued.id)).status).toBe('sent');
    const methods = h.api.calls.map((c) => c.method);
    expect(methods).toEqual(['conversations.open', 'chat.postMessage', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    expect(h.api.callsTo('chat.postMessage')[0]!.args).toMatchObject({ channel: 'D_U_COORD', text: 'Your work-plan export' });
    const [asked] = h.api.callsTo('files.getUploadURLExternal');
    expect(asked!.args).toMatchObject({ filename: CSV.name, length: String(Buffer.byteLength(CSV.text)) });
    expect(asked!.token).toBe('xoxb-test-token');
    expect(h.api.callsTo('files.completeUploadExternal')[0]!.args.channel_id).toBe('D_U_COORD');
    expect(h.api.filesIn('D_U_COORD')).toEqual([{ filename: CSV.name, title: CSV.name, text: CSV.text }]);
    expect(h.api.sharedFiles[0]!.bytes.equals(Buffer.from(CSV.text, 'utf8'))).toBe(true);
  });

  it('sends several files in order, each its own upload', async () => {
    const notes: FileAttachment = { name: 'notes.txt', mediaType: 'text/plain', text: 'two\nlines\n' };
    await queueExport('files:two', [CSV, notes]);
    await h.test.app.drain();
    expect(h.api.filesIn('D_U_COORD').map((f) => [f.filename, f.text])).toEqual([
      [CSV.name, CSV.text],
      ['notes.txt', notes.text],
    ]);
  });

  it('retries a failed upload without posting the message again', async () => {
    const queued = await queueExport('files:retry');
    h.api.failNext('upload', { status: 503 });
    await h.test.app.drain();
    const waiting = await row(queued.id);
    expect(waiting.status).toBe('pending');
    expect(waiting.lastError).toContain('503');
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.api.sharedFiles).toHaveLength(0);

    h.test.clock.advance(waiting.availableAt.getTime() - h.test.clock.now().getTime());
    await h.test.app.drain();
    expect((await row(queued.id)).status).toBe('sent');
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.api.callsTo('files.getUploadURLExternal')).toHaveLength(2);
    expect(h.api.filesIn('D_U_COORD')).toEqual([{ filename: CSV.name, title: CSV.name, text: CSV.text }]);
  });

  it('waits out a 429 on an upload like any rate limit, sending neither the message nor the first file again', async () => {
    const notes: FileAttachment = { name: 'notes.txt', mediaType: 'text/plain', text: 'second' };
    const queued = await queueExport('files:429', [CSV, notes]);
    // The first file goes; asking for the second's upload URL is rate-limited.
    h.api.failNext('files.getUploadURLExternal', { status: 429, retryAfter: 7 }, 1);
    await h.test.app.drain();
    const waiting = await row(queued.id);
    expect(waiting.status).toBe('pending');
    expect(waiting.lastError).toContain('ratelimited');
    expect(waiting.availableAt.getTime() - h.test.clock.now().getTime()).toBe(7_000);
    expect(h.api.filesIn('D_U_COORD').map((f) => f.filename)).toEqual([CSV.name]);

    h.test.clock.advance(7_000);
    await h.test.app.drain();
    expect((await row(queued.id)).status).toBe('sent');
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.api.filesIn('D_U_COORD').map((f) => [f.filename, f.text])).toEqual([
      [CSV.name, CSV.text],
      ['notes.txt', 'second'],
    ]);
  });

  it('uploads a channel post\'s file into that channel', async () => {
    const [workspace] = await h.test.database.db.select().from(workspaces);
    const to = { platform: 'slack' as const, workspace: 'T_TEST', channel: 'G_pair-1' };
    await enqueue(h.test.database.db, channelDelivery, {
      key: 'files:channel',
      workspaceId: workspace!.id,
      payload: { to, message: { text: 'This month’s plans', files: [CSV] } },
      availableAt: h.test.clock.now(),
    });
    await h.test.app.drain();
    expect(h.api.callsTo('chat.postMessage')[0]!.args.channel).toBe('G_pair-1');
    expect(h.api.filesIn('G_pair-1')).toEqual([{ filename: CSV.name, title: CSV.name, text: CSV.text }]);
  });
});
