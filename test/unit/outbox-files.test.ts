import { describe, expect, it } from 'vitest';
import type { FileAttachment, Message } from '../../src/core/render.js';
import type { Db } from '../../src/db/client.js';
import { dmDelivery } from '../../src/jobs/deliveries.js';
import { enqueue, enqueueDirect, InvalidPayloadError } from '../../src/jobs/enqueue.js';
import { dmPayloadSchema, MAX_FILE_BYTES, messageSchema } from '../../src/jobs/outbox-payload.js';

const csv: FileAttachment = { name: 'work-plans_2026-12-01.csv', mediaType: 'text/csv', text: 'pair,plan\nA,B\n' };
const withFile = (file: Partial<FileAttachment> | Record<string, unknown>): Message => ({ text: 'Your export', files: [{ ...csv, ...file } as FileAttachment] });
const to = { platform: 'slack' as const, workspace: 'T1', user: 'U1' };
// The schema refuses before any statement runs, so no database is needed.
const noDb = {} as Db;

describe('files in the outbox payload', () => {
  it('accepts a message with valid files, and one without', () => {
    expect(messageSchema.safeParse({ text: 'hi' }).success).toBe(true);
    expect(messageSchema.safeParse(withFile({})).success).toBe(true);
    expect(messageSchema.safeParse(withFile({ name: 'notes.txt', mediaType: 'text/plain' })).success).toBe(true);
    expect(messageSchema.safeParse(withFile({ name: 'a.json', mediaType: 'application/json', text: '{}' })).success).toBe(true);
  });

  it.each([
    ['a path', { name: '../etc/passwd' }],
    ['a space', { name: 'work plans.csv' }],
    ['only dots', { name: '..' }],
    ['an empty name', { name: '' }],
    ['a name over 100 characters', { name: `${'a'.repeat(97)}.csv` }],
    ['another media type', { mediaType: 'text/html' }],
    ['no text', { text: '' }],
    ['text that is not a string', { text: 42 }],
    ['over 1 MB of UTF-8', { text: 'é'.repeat(MAX_FILE_BYTES / 2 + 1) }],
  ])('refuses a file with %s', (_why, file) => {
    expect(messageSchema.safeParse(withFile(file)).success).toBe(false);
    expect(dmPayloadSchema.safeParse({ to, message: withFile(file) }).success).toBe(false);
  });

  it('refuses files that are not a list, and more than ten', () => {
    expect(messageSchema.safeParse({ text: 'x', files: csv }).success).toBe(false);
    expect(messageSchema.safeParse({ text: 'x', files: Array.from({ length: 11 }, () => csv) }).success).toBe(false);
  });

  it('makes enqueue and enqueueDirect throw InvalidPayloadError, naming the rule', async () => {
    const bad = withFile({ name: 'work plans.csv' });
    const queued = enqueue(noDb, dmDelivery, { key: 'k', workspaceId: 'w', payload: { to, message: bad }, availableAt: new Date() });
    await expect(queued).rejects.toThrow(InvalidPayloadError);
    await expect(queued).rejects.toThrow(/message: expected a message with text, and any files each named with letters/);
    await expect(enqueueDirect(noDb, { key: 'k', personId: 'p', message: bad, at: new Date() })).rejects.toThrow(InvalidPayloadError);
  });
});
