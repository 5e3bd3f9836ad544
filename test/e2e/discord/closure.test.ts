import { readFileSync } from 'node:fs';
import { OverwriteType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_ALLOW, READ_ONLY } from '../../../adapters/discord/private-channels.js';
import { queryRows, sql } from '../../../src/db/client.js';
import { GUILD_ID, type FakeUser } from '../../fakes/discord/fake-discord.js';
import { callback, coordinator, handled, runScript, slashCommand, startHarness, type Harness } from './harness.js';

const person = (n: number, username: string): FakeUser => ({ id: `18000000000000004${String(n).padStart(2, '0')}`, username });
const tom = person(1, 'tom');
const nia = person(2, 'nia');
const PEOPLE = [coordinator, tom, nia];

type Overwrite = { id: string; type: number; allow: string; deny: string };

/** The example's partnership CSV, its people given Discord ids. */
const csv = (file: string) => readFileSync(`examples/csv/partnership/${file}`, 'utf8').replace(/^tom,/m, `${tom.id},`).replace(/^nia,/m, `${nia.id},`);

/**
 * Closing a match through the real discord.js client: Discord has no archive for a text
 * channel, so each member's overwrite becomes read-only (SendMessages denied), after the
 * closing post; the bot keeps its own.
 */
describe('discord: closing a match makes its channel read-only', () => {
  let h: Harness;
  let channel: string;
  const q = <T = Record<string, unknown>>(query: string) => queryRows<T & Record<string, unknown>>(h.testApp.database.db, sql.raw(query));
  const overwrites = () => (h.fake.rest.state.channels.get(channel)!.permission_overwrites ?? []) as Overwrite[];

  beforeAll(async () => {
    h = await startHarness({ programFiles: ['examples/inter-organisational.yaml'], users: [tom, nia], replyBudgetMs: 20_000 });
    await h.testApp.app.importApplicants('discord', GUILD_ID, 'mentor', csv('mentors.csv'), 'mentors.csv');
    await h.testApp.app.importApplicants('discord', GUILD_ID, 'mentee', csv('mentees.csv'), 'mentees.csv');
    await runScript(h, 'cora: /mentor match propose\ncora: /mentor match approve all\ntom: 1\nnia: 1\n', PEOPLE);
    const [match] = await q<{ channel: string }>(`select channel from matches where state = 'active'`);
    channel = match!.channel;
  });
  afterAll(async () => h?.close());

  it('posts the closing message, then denies the members SendMessages, keeping their read access', async () => {
    const mark = h.mark();
    const id = slashCommand(h, coordinator, 'match close 1 early capacity', PEOPLE);
    await callback(h, id);
    expect(await handled(h, id)).toBe('ok');
    await h.drain();
    const calls = h.since(mark, (r) => r.path.startsWith(`/channels/${channel}`) && r.method !== 'GET');
    const firstPut = calls.findIndex((r) => r.method === 'PUT');
    expect(firstPut).toBeGreaterThan(calls.findIndex((r) => r.method === 'POST' && String((r.body as { content?: string }).content).includes('This partnership has now closed.')));
    const members = overwrites().filter((o) => o.type === OverwriteType.Member);
    expect(members.filter((o) => o.id === tom.id || o.id === nia.id)).toEqual(
      expect.arrayContaining([tom.id, nia.id].map((u) => ({ id: u, type: OverwriteType.Member, allow: READ_ONLY.toString(), deny: (1n << 11n).toString() }))),
    );
    expect(members.filter((o) => o.allow === BOT_ALLOW.toString())).toHaveLength(1);
    expect(await q(`select status from outbox where kind = 'channel-archive'`)).toEqual([{ status: 'sent' }]);
  });

  it('sends the report’s charts and the evaluation data set to the coordinator as attachments', async () => {
    const dmFiles = (mark: number) =>
      h
        .since(mark, (r) => r.method === 'POST' && r.path === `/channels/${h.fake.rest.dmChannels.get(coordinator.id)}/messages`)
        .flatMap((r) => r.files ?? []);
    let mark = h.mark();
    let id = slashCommand(h, coordinator, 'report', PEOPLE);
    await callback(h, id);
    expect(await handled(h, id)).toBe('ok');
    await h.drain();
    expect(dmFiles(mark).map((f) => [f.name.replace(/-\d{4}.*/, ''), f.contentType, f.bytes.subarray(1, 4).toString()])).toEqual([
      ['funnel', 'image/png', 'PNG'],
      ['matches', 'image/png', 'PNG'],
    ]);
    mark = h.mark();
    id = slashCommand(h, coordinator, 'export evaluation free-text', PEOPLE);
    await callback(h, id);
    expect(await handled(h, id)).toBe('ok');
    await h.drain();
    const csvs = dmFiles(mark);
    expect(csvs.map((f) => f.name).sort()).toEqual(
      ['alerts', 'answers', 'contacts', 'data-dictionary', 'matches', 'meetings', 'participants', 'questionnaires', 'scores', 'training-arms'].map((n) => `${n}.csv`),
    );
    const all = csvs.map((f) => f.bytes.toString('utf8')).join('\n');
    for (const secret of [tom.id, nia.id, coordinator.id, channel, 'tom', 'nia']) expect(all).not.toMatch(new RegExp(`\\b${secret}\\b`));
  });
});
