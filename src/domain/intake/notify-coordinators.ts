import { message, type RichText } from '../../core/render.js';
import type { Db } from '../../db/client.js';
import { enqueueToCoordinators } from '../../jobs/enqueue.js';

/** DMs every coordinator of the program through the outbox; the key makes a retry a no-op. */
export function notifyCoordinators(db: Db, input: { programId: string; key: string; text: RichText; at: Date }): Promise<number> {
  return enqueueToCoordinators(db, { programId: input.programId, keyPrefix: input.key, message: message(input.text), at: input.at });
}
