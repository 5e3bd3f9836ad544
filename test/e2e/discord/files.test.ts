import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FileAttachment } from '../../../src/core/render.js';
import { outbox, people, programs } from '../../../src/db/schema/index.js';
import { enqueueDirect } from '../../../src/jobs/enqueue.js';
import type { RecordedRequest } from '../../fakes/discord/fake-discord.js';
import { coordinator, handled, startHarness, type Harness } from './harness.js';

const CSV: FileAttachment = { name: 'work-plans-2026-12-01.csv', mediaType: 'text/csv', text: 'pair,plan\n"Zoë & Ana","Meet weekly;\nread ch. 3"\nBo & Cy,—\n' };

const isMessagePost = (r: RecordedRequest) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);

describe('discord: files sent with a message (discord.js attachments against the fake REST API)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    // First contact makes the coordinator a person the outbox can address; its reply is posted
    // before any test marks where its own requests begin.
    const mark = h.mark();
    expect(await handled(h, h.fake.directMessage(coordinator, 'hello'))).toBe('ok');
    await h.fake.waitForRequest(isMessagePost, mark);
  });
  afterAll(async () => h?.close());

  async function queueExport(key: string, files: FileAttachment[]) {
    const [person] = await h.testApp.database.db.select().from(people).where(eq(people.platformUserId, coordinator.id));
    const [program] = await h.testApp.database.db.select().from(programs);
    await enqueueDirect(h.testApp.database.db, { key, personId: person!.id, programId: program!.id, message: { text: 'Your work-plan export', files }, at: h.testApp.clock.now() });
    return (await h.testApp.database.db.select().from(outbox).where(eq(outbox.idempotencyKey, key)))[0]!;
  }

  it('keeps the DM channel id across a restart: no DM is opened again', async () => {
    const opens = (mark: number) => h.since(mark, (r) => r.method === 'POST' && r.path === '/users/@me/channels');
    await queueExport('dm:before', []);
    await h.drain();
    const dm = h.fake.rest.dmChannels.get(coordinator.id);
    const [stored] = await h.testApp.database.db.select({ dm: people.dmChannel }).from(people).where(eq(people.platformUserId, coordinator.id));
    expect(stored!.dm).toBe(dm);
    await h.restart();
    const mark = h.mark();
    await queueExport('dm:after', []);
    await h.drain();
    expect(opens(mark)).toEqual([]);
    expect(h.since(mark, isMessagePost).map((r) => r.path)).toEqual([`/channels/${dm}/messages`]);
  });

  it('posts the DM, then the file as an attachment in the same DM, with its exact bytes and name', async () => {
    const mark = h.mark();
    const queued = await queueExport('files:dm', [CSV]);
    await h.drain();
    const [row] = await h.testApp.database.db.select().from(outbox).where(eq(outbox.id, queued.id));
    expect(row!.status).toBe('sent');
    const [text, file] = h.since(mark, isMessagePost);
    const dm = h.fake.rest.dmChannels.get(coordinator.id);
    expect(text!.path).toBe(`/channels/${dm}/messages`);
    expect((text!.body as { content: string }).content).toContain('Your work-plan export');
    expect(text!.files).toBeUndefined();

    expect(file!.path).toBe(`/channels/${dm}/messages`);
    expect(file!.body).toEqual({ attachments: [{ id: '0', filename: CSV.name }], allowed_mentions: { parse: [] } });
    expect(file!.files).toHaveLength(1);
    const [part] = file!.files!;
    expect(part).toMatchObject({ field: 'files[0]', name: CSV.name, contentType: 'text/csv; charset=utf-8' });
    expect(part!.bytes.equals(Buffer.from(CSV.text, 'utf8'))).toBe(true);
    expect((file!.response as { attachments: { filename: string; size: number }[] }).attachments).toMatchObject([{ filename: CSV.name, size: Buffer.byteLength(CSV.text) }]);
  });

  it('retries a refused attachment without posting the message again', async () => {
    const mark = h.mark();
    const queued = await queueExport('files:retry', [{ name: 'notes.txt', mediaType: 'text/plain', text: 'hello' }]);
    // The message goes; the next message POST (the attachment) is rate-limited.
    h.fake.rest.on('request', function failAfterMessage(r: RecordedRequest) {
      if (!isMessagePost(r)) return;
      h.fake.rest.off('request', failAfterMessage);
      h.fake.failNext('POST', /^\/channels\/\d+\/messages$/, {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 2, global: false },
        headers: { 'retry-after': '2', 'x-ratelimit-scope': 'user', 'x-ratelimit-bucket': 'fake-bucket' },
      });
    });
    await h.drain();
    const [waiting] = await h.testApp.database.db.select().from(outbox).where(eq(outbox.id, queued.id));
    expect(waiting!.status).toBe('pending');
    expect(waiting!.lastError).toContain('rate limiting');
    h.testApp.clock.advance(waiting!.availableAt.getTime() - h.testApp.clock.now().getTime());
    await h.drain();
    const [sent] = await h.testApp.database.db.select().from(outbox).where(eq(outbox.id, queued.id));
    expect(sent!.status).toBe('sent');
    const posts = h.since(mark, isMessagePost);
    expect(posts.filter((r) => !r.files)).toHaveLength(1);
    expect(posts.filter((r) => r.files).map((r) => [r.status, r.files![0]!.bytes.toString()])).toEqual([
      [429, 'hello'],
      [200, 'hello'],
    ]);
  });
});
