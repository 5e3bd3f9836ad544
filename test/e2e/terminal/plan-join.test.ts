import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

const CHANNEL = 'mentoring-1-tom-nia';

/**
 * `/mentor plan join <n>`: a coordinator of the inter-organisational example joins a
 * partnership's private channel through the `channel-join` delivery (the terminal prints the
 * join as a platform would show it), and the pair are told who joined. A refusal changes nothing.
 */
describe('a coordinator joins a partnership’s channel (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const q = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  /** What a refusal must leave as it was: the outbox and the audit log. */
  const state = async () => ({ outbox: await q(`select kind, idempotency_key from outbox order by id`), audit: await q(`select action from audit_log order by at, action`) });

  beforeAll(async () => {
    t = await createTestApp('pglite', { programFiles: ['examples/inter-organisational.yaml'] });
    run = terminalRunner(t);
    await run(':coordinator carol\n:import mentors examples/csv/partnership/mentors.csv\n:import mentees examples/csv/partnership/mentees.csv\n');
    const started = (await run('carol: /mentor match propose\ncarol: /mentor match approve all\ntom: 1\nnia: 1\n')).join('\n');
    expect(started).toContain(`[#${CHANNEL}] (private channel for @tom, @nia)`);
  });
  afterAll(() => t.close());

  it('adds the coordinator to the channel, then tells the pair there, and keeps an audit entry', async () => {
    const out = await run('carol: /mentor plan join 1\n');
    expect(out).toEqual([
      `[ephemeral carol] I am adding you to #${CHANNEL}.`,
      `[#${CHANNEL}] @carol joined the channel`,
      `[#${CHANNEL}] @carol, a coordinator of Knowledge Mobilisation Mentorship, has joined this channel to support you both, for example on a call about your work plan.`,
    ]);
    const [join] = await q(`select o.kind, o.lane, o.status, o.payload, p.platform_user_id as person from outbox o join people p on p.id = o.person_id where o.kind = 'channel-join'`);
    expect(join).toEqual({
      kind: 'channel-join',
      lane: `channel:terminal:terminal:${CHANNEL}`,
      status: 'sent',
      payload: { to: { platform: 'terminal', workspace: 'terminal', channel: CHANNEL }, user: 'carol' },
      person: 'carol',
    });
    expect(await q(`select l.action, a.platform_user_id as actor, l.details from audit_log l join people a on a.id = l.actor_id where l.action = 'plan.join'`)).toEqual([
      { action: 'plan.join', actor: 'carol', details: { match: 1 } },
    ]);
  });

  it('asked again, joins nothing twice', async () => {
    const before = await state();
    expect(await run('carol: /mentor plan join 1\n')).toEqual([`[ephemeral carol] I have already added you to #${CHANNEL} (or am about to). Nothing was changed.`]);
    expect(await state()).toEqual(before);
  });

  it('refuses a partnership that does not exist, one that ended, and anyone but a coordinator, changing nothing', async () => {
    const before = await state();
    expect(await run('carol: /mentor plan join 7\n')).toEqual(['[ephemeral carol] There is no partnership 7 in this program. `/mentor plans` lists them.']);
    const member = await run('nia: /mentor plan join 1\n');
    expect(member).toHaveLength(1);
    expect(member[0]).toMatch(/^\[ephemeral nia\] .*coordinator/);
    // Set directly rather than by `/mentor match close`, whose posts and archive are not this test's subject; then restored.
    try {
      await q(`update matches set state = 'closed', closed_at = now()`);
      expect(await run('carol: /mentor plan join 1\n')).toEqual(['[ephemeral carol] Partnership 1 has ended: there is no call to join. Nothing was changed.']);
      await q(`update matches set state = 'awaiting_acceptance', closed_at = null, channel = null`);
      expect(await run('carol: /mentor plan join 1\n')).toEqual(['[ephemeral carol] Partnership 1 has no channel yet: it opens when the partnership starts. Nothing was changed.']);
    } finally {
      await q(`update matches set state = 'active', closed_at = null, channel = '${CHANNEL}'`);
    }
    expect(await state()).toEqual(before);
  });
});
