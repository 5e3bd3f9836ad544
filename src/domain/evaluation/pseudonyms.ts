import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { evaluationSecrets } from '../../db/schema/index.js';

/** What a pseudonym stands for, as its prefix: a person, a match, a questionnaire run. */
export type PseudonymKind = 'P' | 'M' | 'R';

/** The program's pseudonym key, made on first use (two concurrent first exports agree on one). */
export async function programSecret(db: Db, programId: string, now: Date): Promise<string> {
  await db.insert(evaluationSecrets).values({ programId, secret: randomBytes(32).toString('base64url'), createdAt: now }).onConflictDoNothing();
  const [row] = await db.select({ secret: evaluationSecrets.secret }).from(evaluationSecrets).where(eq(evaluationSecrets.programId, programId));
  if (!row) throw new Error(`no evaluation secret for program ${programId}`);
  return row.secret;
}

/**
 * Pseudonyms from a keyed hash (HMAC-SHA-256) of a row id: the same row always gets the same
 * one under the program's key, and without the key nobody can test a guess. 48 bits: a
 * collision among a program's people is vanishingly unlikely (about 1 in 10^7 at 10,000).
 */
export function pseudonymiser(secret: string): (kind: PseudonymKind, id: string | null | undefined) => string {
  return (kind, id) => (id ? `${kind}-${createHmac('sha256', secret).update(`${kind}:${id}`).digest('hex').slice(0, 12)}` : '');
}
