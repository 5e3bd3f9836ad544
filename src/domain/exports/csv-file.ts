import { stringify } from 'csv-stringify/sync';
import type { HandlerContext } from '../../core/bot.js';
import { message, type FileAttachment } from '../../core/render.js';
import { enqueueDirect } from '../../jobs/enqueue.js';

/** A typed text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is kept as text. */
const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));

/** A CSV file: a header row, then the rows; dates as ISO instants. */
export function csvFile(name: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): FileAttachment {
  return { name, mediaType: 'text/csv', text: stringify([[...columns], ...rows.map((r) => r.map(cell))]) };
}

/**
 * Sends files (CSV exports, charts) to the coordinator who asked, by DM (a reply cannot carry files on every
 * platform), and says so. Keyed by person and instant: asking twice sends twice.
 */
export async function sendFiles(ctx: HandlerContext, input: { programId: string; what: string; files: FileAttachment[] }): Promise<void> {
  const now = ctx.clock.now();
  await enqueueDirect(ctx.db, {
    key: `export:${ctx.principal.personId}:${now.getTime()}:${input.files.map((f) => f.name).join(',')}`,
    personId: ctx.principal.personId,
    programId: input.programId,
    message: message(input.what, { files: input.files }),
    at: now,
  });
  ctx.reply(filesSent(input.files.length, 'CSV file'));
}

/** What the coordinator is told when files are on their way to their DMs. */
export function filesSent(n: number, noun: 'CSV file' | 'chart'): string {
  return `I have sent you ${n === 1 ? `the ${noun}` : `${n} ${noun}s`} in a direct message.`;
}
