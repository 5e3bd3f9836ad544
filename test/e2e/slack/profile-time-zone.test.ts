import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SlackApi } from '../../../adapters/slack/api.js';
import { Pacer } from '../../../adapters/slack/pacing.js';
import { ProfileTimeZones } from '../../../adapters/slack/profile-time-zone.js';
import type { Actor, PlatformProfile } from '../../../src/core/chat.js';
import { createLogger } from '../../../src/core/logger.js';
import { queryRows, sql } from '../../../src/db/client.js';
import { BOT_TOKEN, FakeSlackApi, TEAM_ID } from '../../fakes/slack/fake-web-api.js';
import { slashCommand } from '../../fakes/slack/signed-requests.js';
import { databaseKinds } from '../../support/databases.js';
import { programVariant } from '../../support/program-variant.js';
import { exchange, runScript, shown, startSlackHarness, type SlackHarness } from './harness.js';

type Zones = { time_zone: string | null; platform_time_zone: string | null };

/** A person's Slack profile time zone, read with `users.info` once per process, never holding up their event. */
describe.each(databaseKinds())('slack: the profile time zone (%s)', (kind) => {
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
    // The workplace program, its mentees' time-zone question made optional: Tom leaves it out.
    const workplace = parse(readFileSync('examples/workplace.yaml', 'utf8')) as { intake: { mentee: { id: string }[] } };
    const mentee = workplace.intake.mentee.map((question) => (question.id === 'timezone' ? { ...question, required: false } : question));
    h = await startSlackHarness(kind, { profiles: true, programFiles: [programVariant('examples/workplace.yaml', { intake: { mentee } })] });
    h.api.timeZones.set('U_LOU', 'America/Chicago');
    h.api.timeZones.set('U_RAY', 'Asia/Kolkata');
    h.api.timeZones.set('U_KAY', 'Europe/Berlin');
    h.api.timeZones.set('U_TOM', 'America/Chicago');
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

  it('asks a member who gave no time-zone answer at 10:00 in their profile’s zone', async () => {
    // Monday 2026-11-23 09:00 UTC; the workplace program checks in on Wednesdays at 10:00.
    await h.test.app.importApplicants('slack', TEAM_ID, 'mentor', 'id,department,expertise,timezone,meeting_style\nU_NIA,Engineering,Leadership,America/New_York,3\n', 'mentors.csv');
    await h.test.app.importApplicants('slack', TEAM_ID, 'mentee', 'id,department,goals,timezone,meeting_style\nU_TOM,Finance,Leadership,,3\n', 'mentees.csv');
    await runScript(h, 'U_TOM: /mentor status\nU_COORD: /mentor match propose\nU_COORD: /mentor match approve all\n');
    expect(await zones('U_TOM')).toEqual([{ time_zone: null, platform_time_zone: 'America/Chicago' }]);
    const checkins = (user: string) => h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === `D_${user}` && shown(c).includes('Time for your mentoring check-in'));
    // Wednesday 15:01 UTC is 10:01 in New York and 09:01 in Chicago; an hour later, 10:01 there.
    await h.test.app.advanceClock(2 * 86_400_000 + 6 * 3_600_000 + 60_000);
    await h.test.app.drain();
    expect([checkins('U_NIA').length, checkins('U_TOM').length]).toEqual([1, 0]);
    await h.test.app.advanceClock(3_600_000);
    await h.test.app.drain();
    expect([checkins('U_NIA').length, checkins('U_TOM').length]).toEqual([1, 1]);
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
