import type { MessageRef } from '../core/chat.js';
import { queryRows, sql, type Db } from '../db/client.js';
import { enqueuePromptCloses } from './enqueue.js';

/** The prompt row id in a platform prompt id (`<flow>:<uuid>`); null for anything else. */
export function promptRowId(promptId: string): string | null {
  const rowId = promptId.slice(promptId.indexOf(':') + 1);
  return /^[0-9a-f-]{36}$/i.test(rowId) ? rowId : null;
}

/**
 * Remembers the platform message that carries a prompt, so it can be closed there once the
 * prompt is answered some other way. If the prompt closed while its message was on its way (a
 * typed answer that landed before this), the close is queued now: otherwise the buttons would
 * stay clickable, since whoever closed it could not know where the message was.
 */
export async function recordPromptMessage(db: Db, promptId: string, ref: MessageRef, now: Date): Promise<void> {
  const rowId = promptRowId(promptId);
  if (!rowId) return;
  const rows = await queryRows<{ status: string }>(
    db,
    sql`update prompts set message_ref = ${JSON.stringify({ channel: ref.channel, id: ref.id })}::jsonb
        where id = ${rowId}::uuid
        returning status`,
  );
  if (rows[0] && rows[0].status !== 'open') await enqueuePromptCloses(db, [rowId], now);
}
