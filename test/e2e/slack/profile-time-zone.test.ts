import { Writable } from 'node:stream';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackApi } from '../../../adapters/slack/api.js';
import { Pacer } from '../../../adapters/slack/pacing.js';
import { ProfileTimeZones } from '../../../adapters/slack/profile-time-zone.js';
import type { Actor, PlatformProfile } from '../../../src/core/chat.js';
import { createLogger } from '../../../src/core/logger.js';
import { queryRows, sql } from '../../../src/db/client.js';
import { BOT_TOKEN, FakeSlackApi, TEAM_ID } from '../../fakes/slack/fake-web-api.js';
import { slashCommand } from '../../fakes/slack/signed-requests.js';
import { exchange, startSlackHarness, type SlackHarness } from './harness.js';

type Zones = { time_zone: string | null; platform_time_zone: string | null };

/** A person's Slack profile time zone, read with `users.info` once per process, never holding up their event. */
describe('slack: the profile time zone', () => {
  let h: SlackHarness;
  let requests = 0;
  const zones = (user: string) => queryRows<Zones>(h.test.database.db, sql`select time_zone, platform_time_zone from people where platform_user_id = ${user}`);
  const lookups = (user: string) => h.api.callsTo('users.info').filter((c) => c.args.user === user);
  /** `/mentor <text>`: the Web API calls it led to, in order, and the core's outcome. */
  async function command(user: string, text: string): Promise<{ calls: string[]; outcome: string }> {
    const mark = h.test.logs.length;
    const calls = await exchange(h, slashCommand({ user }, text, h.api.responseUrl(`tz${++requests}`)));
    const outcome = h.test.logs.slice(mark).find((l) => l.msg === 'handled event')?.outcome;
    return { calls: calls.map((c) => c.method), outcome: String(outcome) };
  }

  beforeAll(async () => {
    h = await startSlackHarness('pglite', { profiles: true });
    h.api.timeZones.set('U_LOU', 'America/Chicago');
    h.api.timeZones.set('U_RAY', 'Asia/Kolkata');
    h.api.timeZones.set('U_KAY', 'Europe/Berlin');
  });
  afterAll(async () => h?.close());

  it('stores the zone of someone who gave no time-zone answer, after answering them, once per process', async () => {
    expect(await command('U_LOU', 'help')).toEqual({ calls: ['response_url', 'users.info'], outcome: 'ok' });
    expect(await zones('U_LOU')).toEqual([{ time_zone: null, platform_time_zone: 'America/Chicago' }]);
    expect(await command('U_LOU', 'status')).toMatchObject({ calls: ['response_url'], outcome: 'ok' });
    expect(lookups('U_LOU')).toHaveLength(1);
  });

  it('handles the event when users.info fails, and reads the profile on their next event', async () => {
    h.api.failNext('users.info', { status: 429, retryAfter: 1 });
    expect(await command('U_RAY', 'help')).toEqual({ calls: ['response_url', 'users.info'], outcome: 'ok' });
    expect(await zones('U_RAY')).toEqual([{ time_zone: null, platform_time_zone: null }]);

    expect(await command('U_RAY', 'help')).toEqual({ calls: ['response_url', 'users.info'], outcome: 'ok' });
    expect(await zones('U_RAY')).toEqual([{ time_zone: null, platform_time_zone: 'Asia/Kolkata' }]);
  });

  it('reads the profile again when the first event was refused, since nothing of that person was kept', async () => {
    expect(await command('U_KAY', 'frobnicate')).toMatchObject({ calls: ['response_url', 'users.info'], outcome: expect.stringMatching(/^refused:/) });
    expect(await zones('U_KAY')).toEqual([]);
    expect(await command('U_KAY', 'help')).toEqual({ calls: ['response_url', 'users.info'], outcome: 'ok' });
    expect(await zones('U_KAY')).toEqual([{ time_zone: null, platform_time_zone: 'Europe/Berlin' }]);
  });

  it('keeps nothing from a profile without a usable zone, and refreshes a moved person’s zone after a restart', async () => {
    h.api.timeZones.set('U_NED', 'Mars/Olympus_Mons');
    expect(await command('U_NED', 'help')).toEqual({ calls: ['response_url', 'users.info'], outcome: 'ok' });
    expect(await zones('U_NED')).toEqual([{ time_zone: null, platform_time_zone: null }]);

    h.api.timeZones.set('U_LOU', 'America/Denver');
    await h.restart();
    expect(await command('U_LOU', 'help')).toEqual({ calls: ['response_url', 'users.info'], outcome: 'ok' });
    expect(await zones('U_LOU')).toEqual([{ time_zone: null, platform_time_zone: 'America/Denver' }]);
  });
});

/** The lookup itself against the fake Web API, with the adapter's logger captured. */
describe('slack: reading a profile time zone', () => {
  let api: FakeSlackApi;
  const lines: Record<string, unknown>[] = [];
  const stored: [string, string][] = [];
  let known = true;
  let profiles: ProfileTimeZones;
  const ray: Actor = { platform: 'slack', workspace: TEAM_ID, user: 'U_RAY' };

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    api.timeZones.set('U_RAY', 'Asia/Kolkata');
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ level: 'debug', destination });
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: api.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    const store = async (actor: Actor, profile: PlatformProfile) => {
      if (known) stored.push([actor.user, profile.timeZone]);
      return known;
    };
    profiles = new ProfileTimeZones(new SlackApi(client, new Pacer(), logger), store, logger);
  });
  afterAll(async () => api?.stop());

  it('logs a rate-limited or failed lookup by its code alone, and asks again next time until one is stored', async () => {
    api.failNext('users.info', { status: 429, retryAfter: 30 });
    api.failNext('users.info', { status: 503 });
    await profiles.learn(ray);
    await profiles.learn(ray);
    expect(stored).toEqual([]);
    expect(lines.filter((l) => l.msg === 'slack: profile time zone not read; trying again on their next event').map((l) => l.code)).toEqual(['ratelimited', 'http_503']);
    // Neither who it was nor where they are goes in a log line.
    expect(JSON.stringify(lines)).not.toMatch(/U_RAY|Kolkata/);

    known = false;
    await profiles.learn(ray);
    expect(stored).toEqual([]);
    known = true;
    // Two events at once make one lookup; once stored, none more in this process.
    await Promise.all([profiles.learn(ray), profiles.learn(ray)]);
    await profiles.learn(ray);
    expect(stored).toEqual([['U_RAY', 'Asia/Kolkata']]);
    expect(api.callsTo('users.info')).toHaveLength(4);
  });
});
