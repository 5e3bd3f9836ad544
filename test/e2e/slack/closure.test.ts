import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { TEAM_ID } from '../../fakes/slack/fake-web-api.js';
import { slashCommand } from '../../fakes/slack/signed-requests.js';
import { exchange, runScript, startSlackHarness, type SlackHarness } from './harness.js';

const COORD = 'U_COORD';
const TOM = 'U_TOM';
const NIA = 'U_NIA';

/** The example's partnership CSV, its people given Slack ids. */
const csv = (file: string) => readFileSync(`examples/csv/partnership/${file}`, 'utf8').replace(/^tom,/m, `${TOM},`).replace(/^nia,/m, `${NIA},`);

/**
 * Closing a match through the real Bolt app: the closing post and the acknowledgement prompts
 * reach the pair's channel, then conversations.archive; archiving again is taken as done.
 */
describe('slack: closing a match archives its channel', () => {
  let h: SlackHarness;
  let channel: string;
  const q = <T = Record<string, unknown>>(query: string) => queryRows<T & Record<string, unknown>>(h.test.database.db, sql.raw(query));

  beforeAll(async () => {
    h = await startSlackHarness('pglite', { coordinators: [COORD], programFiles: ['examples/inter-organisational.yaml'], pacing: { rateFactor: 100 } });
    await h.test.app.importApplicants('slack', TEAM_ID, 'mentor', csv('mentors.csv'), 'mentors.csv');
    await h.test.app.importApplicants('slack', TEAM_ID, 'mentee', csv('mentees.csv'), 'mentees.csv');
    await runScript(h, `${COORD}: /mentor match propose\n${COORD}: /mentor match approve all\n${TOM}: 1\n${NIA}: 1\n`);
    const [match] = await q<{ channel: string }>(`select channel from matches where state = 'active'`);
    channel = match!.channel;
  });
  afterAll(async () => h?.close());

  it('posts the closing message and the prompts, then archives the channel with conversations.archive', async () => {
    const calls = await exchange(h, slashCommand({ user: COORD, channel: `D_${COORD}` }, 'match close 1 early "not a good fit" Agreed with both', h.api.responseUrl('close1')));
    expect(calls.find((c) => c.method === 'response_url')?.args.text).toMatch(/^Match 1 is closed \(early: not a good fit\)\./);
    const inChannel = calls.filter((c) => (c.method === 'chat.postMessage' && c.args.channel === channel) || c.method === 'conversations.archive');
    expect(inChannel.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.postMessage', 'conversations.archive']);
    expect(String(inChannel[0]!.args.text)).toContain('This partnership has now closed.');
    expect(inChannel.at(-1)).toMatchObject({ args: { channel }, response: { ok: true } });
    expect(h.api.archived.has(channel)).toBe(true);
    expect(await q(`select status from outbox where kind = 'channel-archive'`)).toEqual([{ status: 'sent' }]);
    // Slack answers already_archived the second time: the adapter takes it as done.
    await h.slack.chat.archiveChannel({ platform: 'slack', workspace: TEAM_ID, channel });
    expect(h.api.callsTo('conversations.archive').at(-1)!.response).toMatchObject({ ok: false, error: 'already_archived' });
  });

  it('sends the report’s charts and the evaluation data set to the coordinator as file uploads', async () => {
    const report = await exchange(h, slashCommand({ user: COORD, channel: `D_${COORD}` }, 'report', h.api.responseUrl('report')));
    const answer = report.find((c) => c.method === 'response_url' && String(c.args.text).includes(': report for '))!;
    expect(JSON.stringify(answer.args.blocks)).toContain('1 closed (0 as planned, 1 early)');
    const charts = h.api.filesIn(`D_${COORD}`).filter((f) => f.filename.endsWith('.png'));
    expect(charts.map((f) => f.filename.replace(/-\d{4}.*/, ''))).toEqual(['funnel', 'matches']);
    const exported = await exchange(h, slashCommand({ user: COORD, channel: `D_${COORD}` }, 'export evaluation', h.api.responseUrl('evaluation')));
    expect(exported.find((c) => c.method === 'response_url')?.args.text).toBe('I have sent you 10 CSV files in a direct message.');
    const csvs = h.api.filesIn(`D_${COORD}`).filter((f) => f.filename.endsWith('.csv'));
    expect(csvs.map((f) => f.filename)).toContain('data-dictionary.csv');
    const matches = csvs.find((f) => f.filename === 'matches.csv')!.text;
    expect(matches).toMatch(/^match,mentor,mentee,/);
    for (const id of [TOM, NIA, COORD, channel]) expect(csvs.map((f) => f.text).join('\n')).not.toContain(id);
  });
});
