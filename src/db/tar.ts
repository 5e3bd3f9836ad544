import { mkdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface TarEntry {
  /** Relative path, `/`-separated, never absolute and never with `..`. */
  path: string;
  type: 'file' | 'directory';
  data: Buffer;
}

const BLOCK = 512;

/**
 * The entries of a ustar archive (what PGlite's `dumpDataDir` writes), checked as it goes: a
 * header whose checksum is wrong, an entry running past the end, an unknown entry type or a
 * path escaping the archive throws, so a damaged archive is never half-trusted.
 */
export function readTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return entries;
    checkHeaderSum(header, offset);
    const size = octal(header, 124, 12);
    const flag = String.fromCharCode(header[156] ?? 0);
    const start = offset + BLOCK;
    if (start + size > tar.length) throw new Error(`tar: entry at ${offset} runs past the end of the archive`);
    const path = entryPath(header);
    if (flag === '0' || flag === '\0') entries.push({ path, type: 'file', data: tar.subarray(start, start + size) });
    else if (flag === '5') entries.push({ path, type: 'directory', data: Buffer.alloc(0) });
    else throw new Error(`tar: unsupported entry type "${flag}" for ${path}`);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error('tar: archive ends without its end-of-archive blocks');
}

/** Writes the entries under dir (which must exist), creating directories as needed. */
export function writeTarEntries(dir: string, entries: readonly TarEntry[]): void {
  for (const entry of entries) {
    const target = join(dir, ...entry.path.split('/'));
    if (entry.type === 'directory') mkdirSync(target, { recursive: true });
    else {
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, entry.data);
    }
  }
}

function checkHeaderSum(header: Buffer, offset: number): void {
  const stored = octal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  if (sum !== stored) throw new Error(`tar: bad header checksum at ${offset}`);
}

function octal(header: Buffer, start: number, length: number): number {
  const text = cString(header, start, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new Error(`tar: bad number "${text}"`);
  return text ? Number.parseInt(text, 8) : 0;
}

function cString(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function entryPath(header: Buffer): string {
  const name = cString(header, 0, 100);
  const prefix = cString(header, 257, 6).startsWith('ustar') ? cString(header, 345, 155) : '';
  const full = posix.normalize(prefix ? `${prefix}/${name}` : name).replace(/^\/+/, '').replace(/\/+$/, '');
  if (!full || full === '.' || full.split('/').includes('..')) throw new Error(`tar: unsafe path "${prefix}${name}"`);
  return full;
}
