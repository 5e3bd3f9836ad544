import { and, eq } from 'drizzle-orm';
import { UserError } from '../../core/errors.js';
import type { Db } from '../../db/client.js';
import { matches } from '../../db/schema/index.js';

/** What a program calls its matches where a command names one: a match, or a partnership (work plans). */
export const MATCH_WORDS = {
  match: { missing: (n: string) => `There is no match ${n}. \`/mentor match list\` lists them.` },
  partnership: { missing: (n: string) => `There is no partnership ${n} in this program. \`/mentor plans\` lists them.` },
} as const;

/** A match of the program by the number a coordinator typed, refusing one that does not exist. */
export async function matchByNumber(db: Db, programId: string, raw: unknown, words: (typeof MATCH_WORDS)[keyof typeof MATCH_WORDS] = MATCH_WORDS.match) {
  const number = Number(raw);
  const [match] = Number.isInteger(number) ? await db.select().from(matches).where(and(eq(matches.programId, programId), eq(matches.number, number))) : [];
  if (!match) throw new UserError(words.missing(String(raw)), 'bad_argument');
  return match;
}
