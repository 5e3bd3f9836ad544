import { queryRows, sql, type Db } from '../../db/client.js';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Deletes the queued and delivered messages to others that name a person: a mention span, or a
 * platform mention written as text (`<@U1>`, `@alice`). Runs before the person row is
 * pseudonymised, while their platform id is still known.
 */
export async function eraseMessagesNaming(db: Db, personId: string): Promise<void> {
  const [person] = await queryRows<{ user: string }>(db, sql`select platform_user_id as user from people where id = ${personId}::uuid`);
  if (!person) return;
  const named = `(<@!?|@)${escapeRegex(person.user)}([^A-Za-z0-9._-]|$)`;
  await db.execute(sql`delete from outbox
    where jsonb_path_exists(payload, '$.** ? (@.mention == $user)', jsonb_build_object('user', ${person.user}::text))
       or payload::text ~ ${named}`);
}
