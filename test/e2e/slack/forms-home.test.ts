import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventCallback, postSigned, slashCommand, viewSubmission } from '../../fakes/slack/signed-requests.js';
import { startSlackHarness, type SlackHarness } from './harness.js';

type View = { callback_id: string; private_metadata: string; blocks: Record<string, unknown>[]; title: { text: string } };

describe('slack: modals and the App Home', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('pglite', { coordinators: ['U_COORD'] });
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.api.reset());

  async function openForm(user: string): Promise<View> {
    await postSigned(h.url, slashCommand({ user, channel: 'C_GENERAL' }, 'try form', h.api.responseUrl(`form-${user}`), `trig.${user}`));
    const [open] = await h.api.waitFor('views.open');
    expect(open!.args.trigger_id).toBe(`trig.${user}`);
    h.api.reset();
    return open!.args.view as View;
  }

  it('opens a form as a modal with the trigger id', async () => {
    const view = await openForm('U_FORM');
    expect(view.callback_id).toBe('tryform:session');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.map((b) => b.block_id)).toEqual(['rating', 'notes']);
  });

  it('shows a validation error on its field, then closes on a valid submission and confirms in place', async () => {
    const view = await openForm('U_FORM2');
    const submit = (values: Record<string, string>) =>
      postSigned(h.url, viewSubmission({ user: 'U_FORM2' }, { id: 'V_FORM2', ...view }, values));
    const bad = await submit({ rating: 'eleven', notes: '' });
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toEqual({ response_action: 'errors', errors: { rating: 'Please give a whole number from 1 to 5.' } });
    const general = await submit({ rating: '4', notes: 'unnamed' });
    expect(JSON.parse(general.body)).toEqual({ response_action: 'errors', errors: { rating: 'That did not work.' } });
    const good = await submit({ rating: '4', notes: 'fine' });
    expect(good.status).toBe(200);
    expect(good.body).toBe('');
    const [reply] = await h.api.waitFor('response_url');
    expect(reply!.args).toMatchObject({ response_type: 'ephemeral', text: 'Thanks: rating 4 recorded.' });
  });

  it('tells the person when the modal cannot open, instead of staying silent', async () => {
    h.api.failNext('views.open', { error: 'expired_trigger_id' });
    await postSigned(h.url, slashCommand({ user: 'U_SLOW' }, 'try form', h.api.responseUrl('slow')));
    const [reply] = await h.api.waitFor('response_url');
    expect(reply!.args.text).toContain('took too long to open');
  });

  it('falls back to a DM when the response_url fails after the ack', async () => {
    h.api.failNext('response_url', { status: 404 });
    await postSigned(h.url, slashCommand({ user: 'U_LATE' }, 'help', h.api.responseUrl('expired')));
    const [dm] = await h.api.waitFor('chat.postMessage');
    expect(dm!.args).toMatchObject({ channel: 'D_U_LATE', text: 'Mentoring bot commands' });
  });

  it('publishes the App Home: status for a person, program overview with counts for a coordinator', async () => {
    await postSigned(h.url, eventCallback({ type: 'app_home_opened', user: 'U_PERSON', channel: 'D_U_PERSON', tab: 'home', event_ts: '1.1' }));
    const [personal] = await h.api.waitFor('views.publish');
    expect(personal!.args.user_id).toBe('U_PERSON');
    const personView = JSON.stringify(personal!.args.view);
    expect(personView).toContain('"type":"home"');
    expect(personView).toContain('You are not taking part in Workplace Mentoring Programme.');
    expect(personView).not.toContain('Program overview');

    await postSigned(h.url, eventCallback({ type: 'app_home_opened', user: 'U_COORD', channel: 'D_U_COORD', tab: 'home', event_ts: '1.2' }));
    const [, coord] = await h.api.waitFor('views.publish', 2);
    const coordView = JSON.stringify(coord!.args.view);
    expect(coordView).toContain('Program overview');
    expect(coordView).toContain('coordinators: 1');

    await postSigned(h.url, eventCallback({ type: 'app_home_opened', user: 'U_PERSON', channel: 'D_U_PERSON', tab: 'messages', event_ts: '1.3' }));
    await postSigned(h.url, eventCallback({ type: 'app_home_opened', user: 'U_COORD', channel: 'D_U_COORD', tab: 'home', event_ts: '1.4' }));
    await h.api.waitFor('views.publish', 3);
    expect(h.api.callsTo('views.publish').map((c) => c.args.user_id)).toEqual(['U_PERSON', 'U_COORD', 'U_COORD']);
  });
});
