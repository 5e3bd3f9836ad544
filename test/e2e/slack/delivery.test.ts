import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { DeliveryError } from '../../../src/core/errors.js';
import { outbox, people, programs } from '../../../src/db/schema/index.js';
import { erasePersonalData } from '../../../src/domain/privacy/personal-data.js';
import { enqueueDirect } from '../../../src/jobs/enqueue.js';
import { postSigned, slashCommand } from '../../fakes/slack/signed-requests.js';
import { startSlackHarness, type SlackHarness } from './harness.js';

const slackWs = { platform: 'slack' as const, workspace: 'T_TEST' };

describe('slack: outbound delivery, errors and private channels', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('pglite', { coordinators: ['U_COORD'] });
    // First contact creates the workspace, its program and both people.
    for (const user of ['U_COORD', 'U_MEMBER', 'U_GONE', 'U_LEAVER']) {
      await postSigned(h.url, slashCommand({ user }, 'help', h.api.responseUrl(user)));
    }
    await h.api.waitFor('response_url', 4);
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.api.reset());

  async function personId(user: string): Promise<string> {
    const [row] = await h.test.database.db.select().from(people).where(eq(people.platformUserId, user));
    return row!.id;
  }

  async function queueDm(key: string, user: string, text: string) {
    const [program] = await h.test.database.db.select().from(programs);
    await enqueueDirect(h.test.database.db, { key, personId: await personId(user), programId: program!.id, message: { text }, at: h.test.clock.now() });
    return (await h.test.database.db.select().from(outbox).where(eq(outbox.idempotencyKey, key)))[0]!;
  }

  it('delivers a queued DM through conversations.open and chat.postMessage', async () => {
    await queueDm('t:dm', 'U_MEMBER', 'Time for your check-in');
    await h.test.app.drain();
    const [open] = h.api.callsTo('conversations.open');
    expect(open!.args.users).toBe('U_MEMBER');
    const [post] = h.api.callsTo('chat.postMessage');
    expect(post!.args).toMatchObject({ channel: 'D_U_MEMBER', text: 'Time for your check-in' });
    expect(post!.token).toBe('xoxb-test-token');
  });

  it('keeps the DM channel id across a restart, so nobody’s DM is opened twice; erasure forgets it', async () => {
    await queueDm('t:dm-first', 'U_COORD', 'Before the restart');
    await h.test.app.drain();
    const stored = async () => (await h.test.database.db.select({ dm: people.dmChannel }).from(people).where(eq(people.platformUserId, 'U_COORD')))[0]?.dm;
    expect(await stored()).toBe('D_U_COORD');
    await h.restart();
    h.api.reset();
    await queueDm('t:dm-after', 'U_COORD', 'After the restart');
    await h.test.app.drain();
    expect(h.api.callsTo('conversations.open')).toEqual([]);
    expect(h.api.callsTo('chat.postMessage')[0]!.args).toMatchObject({ channel: 'D_U_COORD', text: 'After the restart' });
    const id = await personId('U_LEAVER');
    await queueDm('t:dm-leaver', 'U_LEAVER', 'Hello');
    await h.test.app.drain();
    await erasePersonalData(h.test.database.db, [], id, h.test.clock.now());
    expect((await h.test.database.db.select({ dm: people.dmChannel }).from(people).where(eq(people.id, id)))[0]).toEqual({ dm: null });
  });

  it('retries a 429 after its Retry-After, through the outbox', async () => {
    const queued = await queueDm('t:429', 'U_MEMBER', 'Paced message');
    h.api.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    await h.test.app.drain();
    const [waiting] = await h.test.database.db.select().from(outbox).where(eq(outbox.id, queued.id));
    expect(waiting!.status).toBe('pending');
    expect(waiting!.lastError).toContain('ratelimited');
    expect(waiting!.availableAt.getTime() - h.test.clock.now().getTime()).toBe(7_000);
    await h.test.app.drain();
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
    h.test.clock.advance(7_000);
    await h.test.app.drain();
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(2);
    const [sent] = await h.test.database.db.select().from(outbox).where(eq(outbox.id, queued.id));
    expect(sent!.status).toBe('sent');
  });

  it('turns user_not_found into a permanent failure and a clear alert to the coordinator', async () => {
    const queued = await queueDm('t:gone', 'U_GONE', 'Hello?');
    h.api.failNext('conversations.open', { error: 'user_not_found' });
    await h.test.app.drain();
    const [dead] = await h.test.database.db.select().from(outbox).where(eq(outbox.id, queued.id));
    expect(dead!.status).toBe('dead');
    await h.test.app.drain();
    const alert = h.api.callsTo('chat.postMessage').find((c) => c.args.channel === 'D_U_COORD');
    expect(String(alert!.args.text)).toContain('<@U_GONE>');
    expect(String(alert!.args.text)).toContain('Slack could not find that person');
    const alerts = await h.test.database.db.select().from(outbox).where(and(eq(outbox.alert, true), eq(outbox.status, 'sent')));
    expect(alerts).toHaveLength(1);
  });

  it.each([
    ['channel_not_found', 'postChannel'],
    ['not_in_channel', 'postChannel'],
    ['missing_scope', 'postChannel'],
    ['is_archived', 'postChannel'],
  ])('maps %s to a permanent DeliveryError with its code', async (error) => {
    h.api.failNext('chat.postMessage', { error, extra: error === 'missing_scope' ? { needed: 'chat:write' } : {} });
    const attempt = h.slack.chat.postChannel({ ...slackWs, channel: 'C_GONE' }, { text: 'hi' });
    await expect(attempt).rejects.toBeInstanceOf(DeliveryError);
    const err = (await attempt.catch((e: unknown) => e)) as DeliveryError;
    expect(err.options).toMatchObject({ permanent: true, code: error });
    if (error === 'missing_scope') expect(err.message).toContain('needs chat:write');
  });

  it('maps an ok:false ratelimited to a retry in a minute, and a 5xx to a transient failure', async () => {
    h.api.failNext('chat.postMessage', { error: 'ratelimited' });
    const limited = (await h.slack.chat.postChannel({ ...slackWs, channel: 'C1' }, { text: 'x' }).catch((e: unknown) => e)) as DeliveryError;
    expect(limited.options).toMatchObject({ retryAfterMs: 60_000, code: 'ratelimited' });
    h.api.failNext('chat.postMessage', { status: 503 });
    const down = (await h.slack.chat.postChannel({ ...slackWs, channel: 'C1' }, { text: 'x' }).catch((e: unknown) => e)) as DeliveryError;
    expect(down.options.permanent).toBeUndefined();
    expect(down.options.code).toBe('http_503');
  });

  it('opens a private channel with invites; a taken name gets a suffix, not a failure', async () => {
    h.api.takenNames.add('mentoring-alice-bob');
    const result = await h.slack.chat.openPrivateChannel({ ...slackWs, name: 'Mentoring: Alice & Bob', members: ['U_ALICE', 'U_BOB'], topic: 'Your mentoring space' });
    expect(result).toEqual({ channel: 'G_mentoring-alice-bob-2', name: 'mentoring-alice-bob-2' });
    expect(h.api.callsTo('conversations.create').map((c) => [c.args.name, c.args.is_private])).toEqual([
      ['mentoring-alice-bob', 'true'],
      ['mentoring-alice-bob-2', 'true'],
    ]);
    const [invite] = h.api.callsTo('conversations.invite');
    expect(invite!.args).toMatchObject({ channel: 'G_mentoring-alice-bob-2', users: 'U_ALICE,U_BOB' });
    expect(h.api.callsTo('conversations.setTopic')[0]!.args.topic).toBe('Your mentoring space');
  });

  it('invites a staff user group, and refuses a youth channel whose staff group is missing', async () => {
    h.api.userGroups.set('S0STAFF', ['U_STAFF1', 'U_STAFF2']);
    await h.slack.chat.openPrivateChannel({ ...slackWs, name: 'youth-pair', members: ['U_KID', 'U_MENTOR'], staffRole: 'S0STAFF', requireStaffRole: true });
    expect(h.api.callsTo('conversations.invite')[0]!.args.users).toBe('U_KID,U_MENTOR,U_STAFF1,U_STAFF2');
    h.api.reset();
    const refused = (await h.slack.chat
      .openPrivateChannel({ ...slackWs, name: 'youth-pair-2', members: ['U_KID'], staffRole: 'safeguarding', requireStaffRole: true })
      .catch((e: unknown) => e)) as DeliveryError;
    expect(refused.options).toMatchObject({ permanent: true, code: 'staff_role_unavailable' });
    expect(h.api.callsTo('conversations.create')).toHaveLength(0);
  });

  it('reports a failed invite as permanent (a retry would open a second channel)', async () => {
    h.api.unknownUsers.add('U_LEFT');
    const err = (await h.slack.chat.openPrivateChannel({ ...slackWs, name: 'pair-left', members: ['U_A', 'U_LEFT'] }).catch((e: unknown) => e)) as DeliveryError;
    expect(err.options).toMatchObject({ permanent: true, code: 'user_not_found' });
    expect(err.message).toContain('#pair-left was created');
  });

  it('looks people up, and answers null for someone Slack does not know', async () => {
    expect(await h.slack.chat.lookupUser('T_TEST', 'U_MEMBER')).toEqual({ displayName: 'Display U_MEMBER' });
    h.api.unknownUsers.add('U_NOBODY');
    expect(await h.slack.chat.lookupUser('T_TEST', 'U_NOBODY')).toBeNull();
  });

  it('updates a message in place', async () => {
    await h.slack.chat.updateMessage(slackWs, { channel: 'C1', id: '1.000100' }, { text: 'Closed', sections: [{ text: 'This check-in is closed.' }] });
    const [update] = h.api.callsTo('chat.update');
    expect(update!.args).toMatchObject({ channel: 'C1', ts: '1.000100', text: 'Closed' });
  });
});
