import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeContent, displayPath, saveExport } from '../../adapters/terminal/save-file.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { FileAttachment } from '../../src/core/render.js';

const csv = (text: string): FileAttachment => ({ name: 'work-plans.csv', mediaType: 'text/csv', text });

describe('terminal: saving files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mentorbot-save-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates the directory, and never overwrites an earlier file of the same name', async () => {
    const exports = join(dir, 'nested', 'exports');
    expect(await saveExport(exports, csv('a\n1\n'))).toBe(join(exports, 'work-plans.csv'));
    expect(await saveExport(exports, csv('a\n2\n'))).toBe(join(exports, 'work-plans-2.csv'));
    await writeFile(join(exports, 'work-plans-3.csv'), 'someone else’s');
    expect(await saveExport(exports, csv('a\n3\n'))).toBe(join(exports, 'work-plans-4.csv'));
    expect(await readFile(join(exports, 'work-plans.csv'), 'utf8')).toBe('a\n1\n');
    expect(await readFile(join(exports, 'work-plans-3.csv'), 'utf8')).toBe('someone else’s');
    expect((await readdir(exports)).sort()).toEqual(['work-plans-2.csv', 'work-plans-3.csv', 'work-plans-4.csv', 'work-plans.csv']);
    // A name without an extension is numbered at its end.
    await saveExport(exports, { name: 'notes', mediaType: 'text/plain', text: 'x' });
    expect(await saveExport(exports, { name: 'notes', mediaType: 'text/plain', text: 'y' })).toBe(join(exports, 'notes-2'));
  });

  it('fails permanently, naming EXPORT_DIR, when the directory cannot be made', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');
    const err = (await saveExport(join(blocker, 'exports'), csv('a\n')).catch((e: unknown) => e)) as DeliveryError;
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.options).toMatchObject({ permanent: true, code: 'export_not_saved' });
    expect(err.message).toContain('EXPORT_DIR');
  });

  it('says what a file holds in words', () => {
    expect(describeContent(csv('name,goal\nAda,"line one\nline two"\nBo,x\r\nCy,y\n'))).toBe('a header and 3 rows');
    expect(describeContent(csv('name,goal\nAda,x'))).toBe('a header and 1 row');
    expect(describeContent(csv('name,goal\n'))).toBe('a header and no rows');
    expect(describeContent({ name: 'n.txt', mediaType: 'text/plain', text: 'one\ntwo\n' })).toBe('2 lines');
    expect(describeContent({ name: 'n.json', mediaType: 'application/json', text: '{"a":1}' })).toBe('7 bytes');
    expect(describeContent({ name: 'n.json', mediaType: 'application/json', text: `"${'x'.repeat(2098)}"` })).toBe('2.1 kB');
  });

  it('shows a path under the working directory relative to it, any other absolute', () => {
    expect(displayPath('/work/bot/exports/a.csv', '/work/bot')).toBe(join('exports', 'a.csv'));
    expect(displayPath('/tmp/x/a.csv', '/work/bot')).toBe('/tmp/x/a.csv');
  });
});
