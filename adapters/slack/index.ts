import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { ConfigError } from '../../src/core/errors.js';
import type { ChatAdapter } from '../../src/core/chat.js';
import type { CommandSpec } from '../../src/core/command-grammar.js';
import type { Logger } from '../../src/core/logger.js';
import { SlackApi } from './api.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackConfig } from './config.js';
import { registerListeners, type SlackHost } from './listeners.js';
import { Pacer, type PacerOptions } from './pacing.js';
import { ProfileTimeZones } from './profile-time-zone.js';
import { ReplyDelivery } from './replies.js';
import { guardRequests } from './request-guard.js';
import { SlackChat } from './slack-chat.js';

export { loadSlackConfig, wantsSlack, type SlackConfig, type SlackMode } from './config.js';
export type { SlackHost } from './listeners.js';
export { SlackChat } from './slack-chat.js';

/** The path Slack posts slash commands, interactions and events to (the manifest's URLs). */
export const EVENTS_PATH = '/slack/events';

export interface SlackAdapterOptions {
  config: SlackConfig;
  host: SlackHost & { commands?: readonly CommandSpec[] };
  logger: Logger;
  /** Merged over ours; tests set `retryConfig: { retries: 0 }` (the default retries a 5xx for ~30 minutes). */
  webClientOptions?: webApi.WebClientOptions;
  pacing?: PacerOptions;
  /** HTTP mode: listen here instead of 0.0.0.0:PORT (tests use 127.0.0.1 and port 0). */
  listen?: { host?: string; port?: number };
  /** The slash command's name, as in the manifest. */
  command?: string;
}

export interface SlackAdapter {
  chat: ChatAdapter;
  app: App;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** HTTP mode, once started: the URL Slack should post to. */
  readonly url: string | undefined;
  /** Once started: the Slack team the bot token belongs to. */
  readonly workspace: string | undefined;
}

/**
 * The Slack adapter: a Bolt App on HTTP (Events API) or Socket Mode, whose listeners turn
 * Slack payloads into the core's events, and a ChatAdapter for everything the bot sends.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config } = options;
  const logger = options.logger.child({ component: 'slack' });
  const log = boltLogger(logger);
  // The outbox, not the client, waits out a 429: it holds no worker and survives a restart.
  const clientOptions: webApi.WebClientOptions = { slackApiUrl: config.apiUrl, rejectRateLimitedCalls: true, ...options.webClientOptions };
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken as string,
          logger: log,
          installerOptions: { clientOptions: { slackApiUrl: config.apiUrl, ...options.webClientOptions } },
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret as string,
          endpoints: EVENTS_PATH,
          processBeforeResponse: false,
          logger: log,
          customRoutes: [
            {
              path: '/healthz',
              method: ['GET'],
              handler: (_req, res) => {
                res.writeHead(200, { 'content-type': 'text/plain' });
                res.end('ok');
              },
            },
          ],
        });
  if (receiver instanceof HTTPReceiver) {
    receiver.requestListener = guardRequests(receiver.requestListener, { path: EVENTS_PATH, signingSecret: config.signingSecret as string, logger });
  }
  // Initialised in start(), after our own token check: Bolt's constructor-time auth.test would
  // otherwise fail as an unhandled rejection, not as a message naming the variable.
  const app = new App({ token: config.botToken, receiver, logger: log, clientOptions, deferInitialization: true });
  const api = new SlackApi(app.client, new Pacer(options.pacing), logger, options.host.dmChannels);
  const chat = new SlackChat(api, logger);
  const { host } = options;
  const profiles = host.recordProfile ? new ProfileTimeZones(api, (actor, profile) => host.recordProfile!(actor, profile), logger) : undefined;
  registerListeners(app, {
    host,
    api,
    replies: new ReplyDelivery(api, logger),
    logger,
    command: options.command ?? '/mentor',
    profiles,
  });

  let teamId: string | undefined;
  /** A wrong token or API URL stops start-up with a message naming the variable, not a retry loop. */
  async function verify(): Promise<void> {
    const client = new webApi.WebClient(config.botToken, { slackApiUrl: config.apiUrl, retryConfig: { retries: 1 }, ...options.webClientOptions, logger: log });
    try {
      const identity = await client.auth.test();
      teamId = identity.team_id;
      logger.info({ team: identity.team_id, botUser: identity.user_id }, 'slack: bot token accepted');
    } catch (err) {
      if (err instanceof webApi.WebAPIPlatformError) {
        throw new ConfigError([`SLACK_BOT_TOKEN: Slack rejected it (${err.data.error}); copy the Bot User OAuth Token again, or reinstall the app`]);
      }
      const reason = err instanceof Error ? err.message : String(err);
      throw new ConfigError([`SLACK_API_URL: could not reach Slack's Web API at ${config.apiUrl} (${reason})`]);
    }
  }

  let url: string | undefined;
  return {
    chat,
    app,
    get url() {
      return url;
    },
    get workspace() {
      return teamId;
    },
    async start() {
      await verify();
      await app.init();
      if (config.mode === 'socket') {
        await app.start().catch((err: unknown) => {
          const reason = err instanceof Error ? err.message : String(err);
          throw new ConfigError([`SLACK_APP_TOKEN: Socket Mode could not connect (${reason}); check the app-level token and that Socket Mode is enabled`]);
        });
        logger.info({ mode: 'socket' }, 'slack: connected over Socket Mode');
        return;
      }
      const server = (await app.start({ port: options.listen?.port ?? config.port, host: options.listen?.host })) as {
        address(): AddressInfo | string | null;
      };
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${options.listen?.host ?? 'localhost'}:${port}${EVENTS_PATH}`;
      logger.info({ mode: 'http', port }, 'slack: listening for events');
    },
    async stop() {
      await app.stop();
      await profiles?.settled();
    },
  };
}
