import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { inboundEvents, workspaces } from '../../../src/db/schema/index.js';
import { postSigned, signatureHeaders, slashCommand } from '../../fakes/slack/signed-requests.js';
import { startSlackHarness, type SlackHarness } from './harness.js';

describe('slack: slash commands through the real Bolt app', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('pglite');
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.api.reset());

  it('acks `/mentor help` at once, then answers ephemerally through the response_url', async () => {
    const res = await postSigned(h.url, slashCommand({ user: 'U_ALICE' }, 'help', h.api.responseUrl('help')));
    expect(res.status).toBe(200);
    const [reply] = await h.api.waitFor('response_url');
    expect(reply!.args.response_type).toBe('ephemeral');
    const blocks = reply!.args.blocks as { type: string; text?: { text: string } }[];
    const shown = blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(shown).toContain('/mentor help');
    expect(shown).not.toContain('Coordinator commands');
    expect(reply!.args.text).toBe('Mentoring bot commands');
  });

  it('lists coordinator commands for a coordinator', async () => {
    await postSigned(h.url, slashCommand({ user: 'U_COORD' }, 'help', h.api.responseUrl('coord-help')));
    const [reply] = await h.api.waitFor('response_url');
    expect(JSON.stringify(reply!.args.blocks)).toContain('Coordinator commands');
  });

  it('refuses a coordinator command from a non-coordinator, changing nothing', async () => {
    await postSigned(h.url, slashCommand({ user: 'U_ALICE' }, 'role grant <@U_BOB|bob> mentor', h.api.responseUrl('refuse')));
    const [reply] = await h.api.waitFor('response_url');
    expect(reply!.args.text).toContain('is for coordinators only');
    await postSigned(h.url, slashCommand({ user: 'U_BOB' }, 'help', h.api.responseUrl('bob')));
    const [, bob] = await h.api.waitFor('response_url', 2);
    expect(JSON.stringify(bob!.args.blocks)).not.toContain('Coordinator commands');
  });

  it('answers Slack’s url_verification challenge when the Request URL is saved', async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'challenge-123', type: 'url_verification' });
    const res = await postSigned(h.url, { contentType: 'json', body });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'challenge-123' });
  });

  it('answers bad input with what would work', async () => {
    await postSigned(h.url, slashCommand({ user: 'U_ALICE' }, 'halp', h.api.responseUrl('typo')));
    const [reply] = await h.api.waitFor('response_url');
    expect(reply!.args.text).toContain('Did you mean `/mentor help`?');
  });

  it('rejects a bad signature and a stale timestamp with 401, and nothing changes', async () => {
    const before = await h.test.database.db.select({ n: count() }).from(inboundEvents);
    const forged = await postSigned(h.url, slashCommand({ user: 'U_EVE' }, 'help', h.api.responseUrl('forged')), { signature: 'v0=' + '0'.repeat(64) });
    expect(forged.status).toBe(401);
    const wrongSecret = await postSigned(h.url, slashCommand({ user: 'U_EVE' }, 'help', h.api.responseUrl('forged2')), { secret: 'not-the-secret' });
    expect(wrongSecret.status).toBe(401);
    const stale = await postSigned(h.url, slashCommand({ user: 'U_EVE' }, 'help', h.api.responseUrl('stale')), {
      timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=help' });
    expect(unsigned.status).toBe(401);
    // A valid request afterwards proves the receiver is alive, and that the rejected ones left no trace.
    await postSigned(h.url, slashCommand({ user: 'U_ALICE' }, 'help', h.api.responseUrl('after')));
    await h.api.waitFor('response_url');
    expect(h.api.callsTo('response_url').map((c) => c.args)).toHaveLength(1);
    const after = await h.test.database.db.select({ n: count() }).from(inboundEvents);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    const teams = await h.test.database.db.select().from(workspaces);
    expect(teams.map((t) => t.externalId)).toEqual(['T_TEST']);
    expect(signatureHeaders('x')['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
  });
});
