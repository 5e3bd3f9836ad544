import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { DiscordConfig } from './config.js';
import { rejectsOnRateLimit } from './errors.js';

/**
 * Guilds: the server, its channels and roles (for categories and the staff role).
 * DirectMessages: people's DMs to the bot (message content in DMs needs no privileged intent).
 * No privileged intent: members are fetched over REST when needed, and the bot never reads
 * messages in server channels.
 */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages] as const;

export function createDiscordClient(config: Pick<DiscordConfig, 'apiUrl'>): Client {
  return new Client({
    intents: [...INTENTS],
    // DM channels are not cached before their first message; without this the event is dropped.
    partials: [Partials.Channel],
    rest: {
      ...(config.apiUrl ? { api: config.apiUrl } : {}),
      // @discordjs/rest queues requests under rate limits; the bot's own sends facing a long
      // wait are rejected instead, so the outbox can reschedule them (RateLimitError.retryAfter).
      rejectOnRateLimit: (data) => rejectsOnRateLimit(data.route, data.retryAfter),
    },
    // Messages are not kept: every piece of conversation state lives in the database.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    allowedMentions: { parse: ['users'] },
  });
}
