import { FakeGateway } from './gateway.js';
import {
  APP_ID,
  GENERAL_CHANNEL_ID,
  GUILD_ID,
  STAFF_ROLE_ID,
  apiChannel,
  apiGuild,
  apiMember,
  apiMessage,
  apiRole,
  apiUser,
  BOT_ID,
  snowflake,
  type FakeUser,
} from './payloads.js';
import { FakeRest, type RecordedRequest } from './rest-server.js';

export * from './payloads.js';
export type { RecordedRequest } from './rest-server.js';

export interface FakeDiscordOptions {
  /** Guild members besides the bot. */
  users: FakeUser[];
  /** Name of the staff role the guild has (omit for a guild without one). */
  staffRole?: string;
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;

type Json = Record<string, unknown>;

/**
 * The fake Discord: REST and gateway on one 127.0.0.1 port, like discord.com's `/api` and
 * the URL `/gateway/bot` hands out. Point discord.js at `restUrl`.
 */
export async function startFakeDiscord(options: FakeDiscordOptions) {
  const roles = [apiRole(GUILD_ID, '@everyone', 0, '1071698660929')];
  if (options.staffRole) roles.push(apiRole(STAFF_ROLE_ID, options.staffRole, 1));
  const users = new Map<string, FakeUser>(options.users.map((u) => [u.id, u]));
  const general = apiChannel({ id: GENERAL_CHANNEL_ID, type: 0, name: 'general', guild_id: GUILD_ID, parent_id: null, permission_overwrites: [] });
  const rest = new FakeRest({
    users,
    members: new Set(options.users.map((u) => u.id)),
    channels: new Map([[GENERAL_CHANNEL_ID, general as Json]]),
    roles,
    commands: [],
  });
  const port = await rest.listen();
  rest.gatewayUrl = `ws://127.0.0.1:${port}`;
  const bot = { id: BOT_ID, username: 'mentorbot' };
  const httpServer = rest.server!;
  const gateway = new FakeGateway(httpServer, () =>
    apiGuild({
      roles,
      channels: [...rest.state.channels.values()].filter((c) => c.guild_id === GUILD_ID),
      members: [{ ...apiMember(bot), user: apiUser(bot, true) }, ...options.users.map((u) => apiMember(u))],
    }),
  );

  const interactionBase = (user: FakeUser, where: { dm?: boolean; channelId?: string }) => {
    const id = snowflake();
    const channelId = where.channelId ?? (where.dm ? (rest.dmChannels.get(user.id) ?? snowflake()) : GENERAL_CHANNEL_ID);
    const inGuild = !where.dm;
    return {
      id,
      application_id: APP_ID,
      token: `token-${id}`,
      version: 1,
      channel_id: channelId,
      channel: inGuild ? { id: channelId, type: 0, name: 'general', guild_id: GUILD_ID } : { id: channelId, type: 1, recipients: [apiUser(user)] },
      ...(inGuild ? { guild_id: GUILD_ID, member: apiMember(user), guild_locale: 'en-US' } : { user: apiUser(user) }),
      app_permissions: '2248473465835073',
      locale: 'en-GB',
      entitlements: [],
      authorizing_integration_owners: { '0': GUILD_ID },
      context: inGuild ? 0 : 1,
      attachment_size_limit: 10485760,
    };
  };

  /** Waits for the first request (already made or still to come) that matches. */
  function waitForRequest(match: (r: RecordedRequest) => boolean, from = 0): Promise<RecordedRequest> {
    const seen = rest.requests.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const listener = (r: RecordedRequest) => {
        if (!match(r)) return;
        rest.off('request', listener);
        resolve(r);
      };
      rest.on('request', listener);
    });
  }

  const dispatched = new Map<string, Json>();
  function dispatchInteraction(payload: Json): string {
    dispatched.set(payload.id as string, payload);
    gateway.dispatch('INTERACTION_CREATE', payload);
    return payload.id as string;
  }

  return {
    port,
    restUrl: `http://127.0.0.1:${port}/api`,
    rest,
    gateway,
    requests: rest.requests,
    failNext: rest.failNext.bind(rest),
    waitForRequest,
    /** The interaction callback (the 3-second response) for an interaction id. */
    callbackOf: (interactionId: string) =>
      waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`)),
    /** `/mentor <group?> <sub> options` as Discord sends it; options are raw API options; `name` another command's. */
    command(user: FakeUser, data: { options: Json[]; resolved?: Json; name?: string }, where: { dm?: boolean; channelId?: string } = {}): string {
      return dispatchInteraction({
        ...interactionBase(user, where),
        type: 2,
        data: { id: '1700000000000000001', name: data.name ?? 'mentor', type: 1, options: data.options, resolved: data.resolved },
      });
    },
    /** The gateway delivers an interaction again, unchanged (as after a resume). */
    redeliver(interactionId: string): void {
      const payload = dispatched.get(interactionId);
      if (!payload) throw new Error(`no interaction ${interactionId} was dispatched`);
      gateway.dispatch('INTERACTION_CREATE', payload);
    },
    /** Every callback (3-second response) made for an interaction so far. */
    callbacksOf: (interactionId: string) => rest.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`)),
    component(user: FakeUser, message: Json, data: { custom_id: string; component_type: number; values?: string[] }, where: { dm?: boolean } = {}): string {
      const base = interactionBase(user, { ...where, channelId: String(message.channel_id) });
      return dispatchInteraction({ ...base, type: 3, message, data });
    },
    /** A modal submitted; `message` when it was opened from a component on that message (Discord then sends it along). */
    modalSubmit(user: FakeUser, customId: string, values: Record<string, string>, where: { dm?: boolean; message?: Json } = {}): string {
      const components = Object.entries(values).map(([custom_id, value]) => ({
        type: 18,
        id: 1,
        component: { type: 4, id: 2, custom_id, value },
      }));
      const { message, ...place } = where;
      const base = interactionBase(user, { ...place, channelId: message ? String(message.channel_id) : undefined });
      return dispatchInteraction({ ...base, type: 5, ...(message ? { message } : {}), data: { custom_id: customId, components } });
    },
    autocomplete(user: FakeUser, options: Json[]): string {
      return dispatchInteraction({ ...interactionBase(user, {}), type: 4, data: { id: '1700000000000000001', name: 'mentor', type: 1, options } });
    },
    /** A direct message from `user` to the bot. */
    directMessage(user: FakeUser, content: string): string {
      const channelId = rest.dmChannels.get(user.id) ?? snowflake();
      rest.dmChannels.set(user.id, channelId);
      rest.state.channels.set(channelId, apiChannel({ id: channelId, type: 1, recipients: [apiUser(user)] }));
      const id = snowflake();
      gateway.dispatch('MESSAGE_CREATE', { ...apiMessage({ id, channel_id: channelId, author: apiUser(user), content }), channel_type: 1 });
      return id;
    },
    async close(): Promise<void> {
      await gateway.close();
      await rest.close();
    },
  };
}
