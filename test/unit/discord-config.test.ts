import { DiscordAPIError, PermissionsBitField, RateLimitError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DiscordConfigError, loadDiscordConfig } from '../../adapters/discord/config.js';
import { rejectsOnRateLimit, toDeliveryError } from '../../adapters/discord/errors.js';
import { INVITE_PERMISSIONS, inviteUrl } from '../../adapters/discord/permissions.js';
import { channelName } from '../../adapters/discord/private-channels.js';

function apiError(code: number, status: number) {
  return new DiscordAPIError({ code, message: 'x' }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', { body: undefined, files: undefined });
}

describe('Discord configuration', () => {
  it('is off without a token, and names the missing variable otherwise', () => {
    expect(loadDiscordConfig({})).toBeNull();
    expect(() => loadDiscordConfig({ DISCORD_TOKEN: 'secret.token' })).toThrow(/DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set/);
    try {
      loadDiscordConfig({ DISCORD_TOKEN: 'secret.token', DISCORD_APPLICATION_ID: '12', DISCORD_API_URL: 'ftp://x' });
    } catch (err) {
      expect(err).toBeInstanceOf(DiscordConfigError);
      expect(String(err)).toMatch(/DISCORD_APPLICATION_ID: expected a Discord application id/);
      expect(String(err)).toMatch(/DISCORD_API_URL: expected an http\(s\) URL/);
      expect(String(err)).not.toContain('secret.token');
    }
    expect(
      loadDiscordConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1200000000000000001', DISCORD_API_URL: 'http://127.0.0.1:9/api/' }),
    ).toMatchObject({ applicationId: '1200000000000000001', apiUrl: 'http://127.0.0.1:9/api', category: 'Mentoring' });
  });

  it('maps Discord errors to delivery errors the outbox understands', () => {
    expect(toDeliveryError(apiError(50007, 403), 'DM').options).toEqual({ permanent: true, code: 'dm_closed' });
    expect(toDeliveryError(apiError(50013, 403), 'x').options).toEqual({ permanent: true, code: 'missing_permissions' });
    expect(toDeliveryError(apiError(10003, 404), 'x').options).toEqual({ permanent: true, code: 'unknown_channel' });
    expect(toDeliveryError(apiError(10007, 404), 'x').options).toEqual({ permanent: true, code: 'unknown_member' });
    expect(toDeliveryError(apiError(0, 502), 'x').options).toEqual({ code: 'discord_unavailable' });
    const limited = new RateLimitError({
      global: false, method: 'POST', url: 'u', route: '/channels/:id/messages', majorParameter: '1', hash: 'h',
      limit: 5, timeToReset: 1500, retryAfter: 1500, sublimitTimeout: 0, scope: 'user',
    });
    expect(toDeliveryError(limited, 'x').options).toEqual({ retryAfterMs: 1500, code: 'rate_limited' });
    expect(toDeliveryError(apiError(50007, 403), 'DM').message).toMatch(/does not accept direct messages.*50007/);
  });

  it('lets the REST queue wait out a short rate limit, and hands a long one on the bot’s own sends back to the outbox', () => {
    expect(rejectsOnRateLimit('/channels/:id/messages', 400)).toBe(false);
    expect(rejectsOnRateLimit('/channels/:id/messages', 1_000)).toBe(false);
    expect(rejectsOnRateLimit('/channels/:id/messages', 1_001)).toBe(true);
    expect(rejectsOnRateLimit('/users/@me/channels', 5_000)).toBe(true);
    // An interaction's answer expires in seconds: always waited for.
    expect(rejectsOnRateLimit('/interactions/:id/:token/callback', 5_000)).toBe(false);
  });

  it('asks for exactly the permissions the README lists', () => {
    expect(new PermissionsBitField(INVITE_PERMISSIONS).toArray().sort()).toEqual(
      ['AttachFiles', 'CreatePrivateThreads', 'EmbedLinks', 'ManageChannels', 'ManageRoles', 'ReadMessageHistory', 'SendMessages', 'SendMessagesInThreads', 'ViewChannel'].sort(),
    );
    expect(INVITE_PERMISSIONS.toString()).toBe('343865936912');
    expect(inviteUrl('1200000000000000001')).toBe(
      'https://discord.com/oauth2/authorize?client_id=1200000000000000001&scope=bot+applications.commands&permissions=343865936912',
    );
    expect(channelName('Pair: Alice & Bob #1')).toBe('pair-alice-bob-1');
  });
});
