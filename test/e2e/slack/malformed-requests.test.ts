import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  blockAction,
  directMessage,
  eventCallback,
  interaction,
  postSigned,
  slashCommand,
  viewSubmission,
  type SignedPost,
} from '../../fakes/slack/signed-requests.js';
import { exchange, startSlackHarness, type SlackHarness } from './harness.js';

/** A signed request with one field of its JSON (or of its form `payload`) changed. */
function edit(request: SignedPost, change: (body: Record<string, unknown>) => void): SignedPost {
  const form = request.contentType === 'form' ? new URLSearchParams(request.body) : null;
  const body = JSON.parse(form ? (form.get('payload') as string) : request.body) as Record<string, unknown>;
  change(body);
  return form ? interaction(body) : { contentType: 'json', body: JSON.stringify(body) };
}

/**
 * Requests correctly signed with our secret but not shaped as Slack shapes them: each is
 * answered 400 (401 for a timestamp from the future) before any listener runs, and the
 * process goes on serving.
 */
describe('slack: malformed signed requests through the real Bolt receiver', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('pglite');
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.api.reset());

  /** Posts it and checks neither a listener nor the core saw it. */
  async function rejected(request: SignedPost, options: { timestamp?: number } = {}): Promise<number> {
    const finished = h.finished;
    const logged = h.test.logs.length;
    const res = await postSigned(h.url, request, options);
    expect(h.finished).toBe(finished);
    expect(h.test.logs.slice(logged).filter((l) => l.msg === 'handled event')).toEqual([]);
    return res.status;
  }

  /** The receiver still answers a real command afterwards (exchange waits for its listener to finish). */
  async function stillServing(): Promise<void> {
    await exchange(h, slashCommand({ user: 'U_ALICE' }, 'help', h.api.responseUrl('alive')));
    await h.api.waitFor('response_url');
  }

  it('answers a JSON body of null (or any non-object) with 400 and keeps serving', async () => {
    for (const body of ['null', '[]', '"text"', '5']) expect(await rejected({ contentType: 'json', body })).toBe(400);
    await stillServing();
  });

  it('answers a form payload of null (or any non-object) with 400 and keeps serving', async () => {
    for (const payload of ['null', '[]', '7']) {
      expect(await rejected({ contentType: 'form', body: new URLSearchParams({ payload }).toString() })).toBe(400);
    }
    await stillServing();
  });

  it('answers a slash command without a team or user id with 400', async () => {
    for (const field of ['team_id', 'user_id']) {
      const form = new URLSearchParams(slashCommand({ user: 'U_ALICE' }, 'help', h.api.responseUrl('no-team')).body);
      form.delete(field);
      expect(await rejected({ contentType: 'form', body: form.toString() })).toBe(400);
    }
    expect(h.api.callsTo('response_url')).toEqual([]);
    await stillServing();
  });

  it('refuses a timestamp six minutes in the future with 401', async () => {
    const request = slashCommand({ user: 'U_ALICE' }, 'help', h.api.responseUrl('future'));
    expect(await rejected(request, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).toBe(401);
    await stillServing();
  });

  it('answers an event_callback without a team id, or a DM or App Home event without a user, with 400', async () => {
    expect(await rejected(edit(directMessage('U_ALICE', 'hello'), (b) => delete b.team_id))).toBe(400);
    expect(await rejected(edit(directMessage('U_ALICE', 'hello'), (b) => delete (b.event as Record<string, unknown>).user))).toBe(400);
    expect(await rejected(edit(directMessage('U_ALICE', 'hello'), (b) => (b.event = null)))).toBe(400);
    expect(await rejected(eventCallback({ type: 'app_home_opened', tab: 'home', channel: 'D_X', event_ts: '1.0' }))).toBe(400);
    await stillServing();
  });

  it('answers a block_actions or view_submission without a user or team id with 400', async () => {
    const click = () => blockAction({ user: 'U_ALICE' }, { type: 'button', block_id: 'prompt:try:x', action_id: 'prompt:choice', value: 'yes' });
    expect(await rejected(edit(click(), (b) => delete b.user))).toBe(400);
    expect(await rejected(edit(click(), (b) => ((b.user as Record<string, unknown>).id = null)))).toBe(400);
    expect(await rejected(edit(click(), (b) => ((b.team = null), delete (b.user as Record<string, unknown>).team_id)))).toBe(400);
    expect(await rejected(edit(click(), (b) => (b.actions = null)))).toBe(400);
    const submit = viewSubmission({ user: 'U_ALICE' }, { id: 'V1', callback_id: 'tryform:session', blocks: [] }, { rating: '3' });
    expect(await rejected(edit(submit, (b) => delete b.user))).toBe(400);
    expect(await rejected(edit(submit, (b) => (b.view = null)))).toBe(400);
    await stillServing();
  });
});
