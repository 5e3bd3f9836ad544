import { Events, type Client } from 'discord.js';
import type { ChatAdapter } from '../../src/core/chat.js';
import type { Logger } from '../../src/core/logger.js';
import type { DiscordConfig } from './config.js';
import { DiscordChat } from './discord-chat.js';
import { createDiscordClient } from './discord-client.js';
import { FormSteps } from './form-steps.js';
import { Inbound, type DiscordHost } from './inbound.js';
import { LiveInteractions } from './live-interactions.js';
import { PrivateChannels } from './private-channels.js';
import { SeenInteractions } from './seen-interactions.js';

export { loadDiscordConfig, DiscordConfigError, type DiscordConfig } from './config.js';
export { buildCommandPayload } from './command-registration.js';
export { INTENTS } from './discord-client.js';
export type { DiscordHost } from './inbound.js';

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  host: DiscordHost;
  logger: Logger;
  /** The loaded programs' slugs: with more than one, commands take a `program` option. */
  programs?: readonly string[];
  /** Time the core gets before an interaction is deferred; Discord allows 3 s in all. */
  replyBudgetMs?: number;
  /** How long `start()` waits for the gateway's READY and the server's GUILD_CREATE. */
  readyTimeoutMs?: number;
}

export interface DiscordAdapter {
  chat: ChatAdapter;
  client: Client;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Discord adapter: a discord.js client whose interactions and DMs go to `host.handle`,
 * and a ChatAdapter (register it on the app's ChatRouter) for the outbox's deliveries.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { config, host } = options;
  const logger = options.logger.child({ adapter: 'discord' });
  const client = createDiscordClient(config);
  const live = new LiveInteractions();
  const forms = new FormSteps();
  const channels = new PrivateChannels(client, config.category);
  const chat = new DiscordChat({ client, logger, live, channels, noticeChannelId: config.noticeChannelId, dmChannels: options.host.dmChannels });
  const inbound = new Inbound({
    client,
    host,
    logger,
    forms,
    live,
    seen: new SeenInteractions(),
    programs: options.programs ?? [],
    guildId: config.guildId,
    replyBudgetMs: options.replyBudgetMs ?? 2_500,
  });

  client.on(Events.InteractionCreate, (interaction) => void inbound.onInteraction(interaction));
  client.on(Events.MessageCreate, (message) => void inbound.onMessage(message));
  // A gateway hiccup must not crash the bot: discord.js reconnects by itself.
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.ShardError, (err, shard) => logger.warn({ err, shard }, 'discord gateway error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord warning'));

  return {
    chat,
    client,
    async start() {
      const ready = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('Discord did not become ready in time')), options.readyTimeoutMs ?? 60_000);
        client.once(Events.ClientReady, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await client.login(config.token);
      await ready;
      if (config.guildId && !client.guilds.cache.has(config.guildId)) {
        logger.warn({ guild: config.guildId }, 'the bot is not in DISCORD_GUILD_ID: invite it with the URL from the README');
      }
      logger.info({ guilds: client.guilds.cache.size, user: client.user?.id }, 'discord connected');
    },
    async stop() {
      await client.destroy();
    },
  };
}
