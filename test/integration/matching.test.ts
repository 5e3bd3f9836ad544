import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/core/render.js';
import { queryRows, sql } from '../../src/db/client.js';
import { databaseKinds } from '../support/databases.js';
import { FakeChat } from '../support/fake-chat.js';
import { approvalScript, intakeScript } from '../support/intake-script.js';
import { programVariant } from '../support/program-variant.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { terminalRunner } from '../support/terminal.js';

const AGREEMENT = { meetingFrequency: 'monthly', meetingLength: 'an hour', boundaries: 'Work topics.', confidentiality: 'Between you.', contact: 'The coordinator.' };

describe.each(databaseKinds())('matching on %s', (kind) => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  let fake: FakeChat;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  const program = () => t.catalog.require('workplace');
  const join = (user: string, role: 'mentor' | 'mentee', answers: Record<string, string> = {}) =>
    intakeScript(program(), user, role, { department: role === 'mentor' ? '2' : '1', ...answers }) + approvalScript(program(), 'carol', user, role);
  const trained = (user: string) => `carol: /mentor training record @${user} fundamentals\ncarol: /mentor training record @${user} boundaries\n`;

  beforeAll(async () => {
    const file = programVariant('examples/workplace.yaml', { introduction: { agreement: AGREEMENT } });
    t = await createTestApp(kind, { programFiles: [file] });
    run = terminalRunner(t);
    await run(':coordinator carol\n');
    await run(join('max', 'mentor', { expertise: '2,5' }) + trained('max') + join('mia', 'mentee', { goals: '2,5' }));
    await run(join('lea', 'mentor', { expertise: '3' }) + trained('lea') + join('noa', 'mentee', { goals: '3' }));
  });
  afterAll(() => t.close());

  it('introduces a pair once, whatever fails on the way', async () => {
    fake = new FakeChat('terminal');
    t.chat.register(fake);
    // The introduction's post fails once after its channel was opened, then the first agreement prompt.
    fake.failNext(1, { method: 'postChannel', retryAfterMs: 1_000 });
    await run('carol: /mentor match propose\ncarol: /mentor match approve all\n');
    await t.app.drain();
    expect(fake.openedChannels).toHaveLength(2);
    fake.failNext(1, { method: 'postChannel', retryAfterMs: 1_000 });
    for (let i = 0; i < 4; i++) {
      await t.app.advanceClock(60_000);
      await t.app.drain();
    }
    expect(fake.openedChannels).toHaveLength(2);
    const intros = fake.posts.filter((p) => renderText(p.message.text).startsWith('Welcome to your mentoring space'));
    expect(intros).toHaveLength(2);
    const prompts = fake.posts.filter((p) => p.message.prompt);
    expect(prompts).toHaveLength(4);
    for (const opened of fake.openedChannels) {
      expect(fake.posts.filter((p) => p.to.channel === opened.channel && !p.message.prompt)).toHaveLength(1);
    }
    const matches = await rows(`select state, channel from matches order by number`);
    expect(matches.map((m) => m.state)).toEqual(['active', 'active']);
    expect(new Set(matches.map((m) => m.channel)).size).toBe(2);
    expect(await rows(`select status from outbox where kind = 'introduction' and status <> 'sent'`)).toEqual([]);
  });

  it('keeps one open match per pair and counts it against the mentor’s capacity', async () => {
    const out = await run('carol: /mentor match pair @max @mia\ncarol: /mentor match propose\n');
    expect(out[0]).toContain('@mia already has a match. Nothing was changed.');
    expect(out.join('\n')).toContain('Matching round 2: 0 pairs (0 awaiting your decision), 2 not matched.');
    expect(out).toContain('[ephemeral carol] @max (mentor): no mentees to match');
    await expect(
      t.database.db.execute(sql`insert into matches (program_id, number, mentor_id, mentee_id, state, approved_at)
        select program_id, 99, mentor_id, mentee_id, 'active', now() from matches where number = 1`),
    ).rejects.toThrow();
  });

  it('exports a member’s matches and erases their proposals', async () => {
    const [mia] = await rows(`select id from people where platform_user_id = 'mia'`);
    await run('mia: /mentor privacy export\n');
    const exported = fake.directsTo('mia').map((m) => JSON.stringify(m)).join('\n');
    expect(exported).toMatch(/matches.*mentee.*active/);
    await run('mia: /mentor privacy erase\nmia: 1\n');
    expect(await rows(`select * from match_proposals where mentee_id = '${String(mia!.id)}'`)).toEqual([]);
    expect(await rows(`select state, close_reason from matches where mentee_id = '${String(mia!.id)}'`)).toEqual([{ state: 'closed', close_reason: 'erased' }]);
  });
});
