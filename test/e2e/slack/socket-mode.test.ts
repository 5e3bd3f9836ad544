import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/index.js';
import { createLogger } from '../../../src/core/logger.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlackApi, TEAM_ID } from '../../fakes/slack/fake-web-api.js';
import { FakeSocketMode } from '../../fakes/slack/fake-socket-mode.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('slack: Socket Mode through the real Bolt app', () => {
  let api: FakeSlackApi;
  let socket: FakeSocketMode;
  let test: TestApp;
  let slack: SlackAdapter;

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    socket = await new FakeSocketMode().start();
    api.socketUrl = socket.url;
    test = await createTestApp('pglite');
    slack = createSlackAdapter({
      config: { mode: 'socket', botToken: BOT_TOKEN, appToken: APP_TOKEN, port: 0, apiUrl: api.apiUrl },
      host: { handle: (e) => test.app.bot.handle(e), home: (a) => test.app.home(a), commands: test.app.bot.commands },
      logger: createLogger({ level: 'silent' }),
      webClientOptions: { retryConfig: { retries: 0 } },
    });
    test.chat.register(slack.chat);
    await slack.start();
  });
  afterAll(async () => {
    await slack?.stop();
    await socket?.stop();
    await test?.close();
    await api?.stop();
  });

  it('opens the connection with the app-level token and acks a slash command by envelope id', async () => {
    const [open] = api.callsTo('apps.connections.open');
    expect(open!.token).toBe(APP_TOKEN);
    await socket.send({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        team_id: TEAM_ID,
        user_id: 'U_SOCKET',
        user_name: 'socket',
        channel_id: 'C_GENERAL',
        command: '/mentor',
        text: 'help',
        response_url: api.responseUrl('socket'),
        trigger_id: 'trig.socket',
      },
    });
    const ack = await socket.waitForAck('env-1');
    expect(ack.envelope_id).toBe('env-1');
    const [reply] = await api.waitFor('response_url');
    expect(reply!.args).toMatchObject({ response_type: 'ephemeral', text: 'Mentoring bot commands' });
  });

  it('acks an Events API envelope and acts once on its retry', async () => {
    const payload = {
      team_id: TEAM_ID,
      api_app_id: 'A_TEST',
      type: 'event_callback',
      event_id: 'Ev_SOCKET',
      event_time: 1,
      event: { type: 'message', channel: 'D_U_SOCKET', channel_type: 'im', user: 'U_SOCKET', text: 'hello', ts: '1.1' },
      authorizations: [{ team_id: TEAM_ID, user_id: 'U_BOT', is_bot: true }],
    };
    await socket.send({ envelope_id: 'env-2', type: 'events_api', payload });
    await socket.waitForAck('env-2');
    await api.waitFor('chat.postMessage');
    await socket.send({ envelope_id: 'env-3', type: 'events_api', payload, ...{ retry_attempt: 1, retry_reason: 'timeout' } });
    await socket.waitForAck('env-3');
    await socket.send({ envelope_id: 'env-4', type: 'events_api', payload: { ...payload, event_id: 'Ev_SOCKET_2' } });
    await socket.waitForAck('env-4');
    await api.waitFor('chat.postMessage', 2);
    expect(api.callsTo('chat.postMessage')).toHaveLength(2);
  });
});

describe('slack: start-up checks', () => {
  it('stops with a message naming SLACK_BOT_TOKEN when Slack rejects it', async () => {
    const api = await new FakeSlackApi().start();
    const test = await createTestApp('pglite');
    try {
      api.failNext('auth.test', { error: 'invalid_auth' });
      const slack = createSlackAdapter({
        config: { mode: 'http', botToken: BOT_TOKEN, signingSecret: 'x', port: 0, apiUrl: api.apiUrl },
        host: { handle: (e) => test.app.bot.handle(e), home: (a) => test.app.home(a) },
        logger: createLogger({ level: 'silent' }),
        webClientOptions: { retryConfig: { retries: 0 } },
        listen: { host: '127.0.0.1', port: 0 },
      });
      await expect(slack.start()).rejects.toThrow('SLACK_BOT_TOKEN: Slack rejected it (invalid_auth)');
      const unreachable = createSlackAdapter({
        config: { mode: 'http', botToken: BOT_TOKEN, signingSecret: 'x', port: 0, apiUrl: 'http://127.0.0.1:9/api/' },
        host: { handle: (e) => test.app.bot.handle(e), home: (a) => test.app.home(a) },
        logger: createLogger({ level: 'silent' }),
        webClientOptions: { retryConfig: { retries: 0 } },
        listen: { host: '127.0.0.1', port: 0 },
      });
      await expect(unreachable.start()).rejects.toThrow("SLACK_API_URL: could not reach Slack's Web API at http://127.0.0.1:9/api/");
      api.failNext('apps.connections.open', { error: 'invalid_auth' });
      const socketMode = createSlackAdapter({
        config: { mode: 'socket', botToken: BOT_TOKEN, appToken: APP_TOKEN, port: 0, apiUrl: api.apiUrl },
        host: { handle: (e) => test.app.bot.handle(e), home: (a) => test.app.home(a) },
        logger: createLogger({ level: 'silent' }),
        webClientOptions: { retryConfig: { retries: 0 } },
      });
      await expect(socketMode.start()).rejects.toThrow('SLACK_APP_TOKEN: Socket Mode could not connect');
    } finally {
      await test.close();
      await api.stop();
    }
  });
});
