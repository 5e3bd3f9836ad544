import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { approvalScript, intakeScript } from '../../support/intake-script.js';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

const AGREEMENT = {
  meetingFrequency: 'every two weeks',
  meetingLength: 'about an hour',
  boundaries: 'Keep to work topics unless you both want otherwise.',
  confidentiality: 'What you discuss stays between you, unless someone is at risk.',
  contact: 'Priya Shah, the programme coordinator.',
};

/** Both members accept before a match starts; each agrees to the agreement; nobody is left hanging. */
describe('acceptance, agreement and staleness (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const program = () => t.catalog.require('workplace');
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  const join = (user: string, role: 'mentor' | 'mentee', answers: Record<string, string> = {}) =>
    intakeScript(program(), user, role, { department: role === 'mentor' ? '2' : '1', ...answers }) + approvalScript(program(), 'carol', user, role);
  const trained = (user: string) => `carol: /mentor training record @${user} fundamentals\ncarol: /mentor training record @${user} boundaries\n`;

  beforeAll(async () => {
    const file = programVariant('examples/workplace.yaml', {
      matching: { participantsAccept: true, acceptWithinDays: 5, mentorCapacity: 1 },
      introduction: { icebreakers: ['What are you proudest of this year?'], agreement: AGREEMENT, acknowledgeWithinDays: 3 },
      // No surveys: an open one would make each typed reply here ask which question it answers.
      surveys: [],
    });
    t = await createTestApp('pglite', { programFiles: [file] });
    run = terminalRunner(t);
    await run(':coordinator carol\n');
    await run(join('max', 'mentor', { expertise: '2,5' }) + trained('max') + join('mia', 'mentee', { goals: '2,5' }));
  });
  afterAll(() => t.close());

  it('asks both to accept, reminds once, then tells the coordinator', async () => {
    const out = (await run('carol: /mentor match propose\ncarol: /mentor match approve 1\n')).join('\n');
    expect(out).toContain('Pair 1 approved: I have asked @max and @mia to accept.');
    expect(out).toContain('[dm max] A coordinator of Workplace Mentoring Programme proposes @mia as your mentee. Please say within 5 days whether you would like to go ahead.');
    expect(out).toContain('[dm mia] About your mentor:');
    expect(out).toContain('[dm mia] Which areas could you mentor someone in? Leadership, Communication');
    const first = (await run('max: 1\n:advance 5d\n')).join('\n');
    expect(first).toContain('[ephemeral max] Thank you! We are waiting for @mia to answer too');
    expect(first).toContain('[dm mia] A reminder: please say whether you would like to go ahead with your proposed match with @max');
    expect(first).not.toContain('[dm max] A reminder');
    const later = (await run(':advance 5d\n')).join('\n');
    expect(later).toContain('[dm carol] @mia has not answered whether they accept match 1 after 5 days and a reminder.');
  });

  it('starts the match when both accept, and asks each to agree in the channel', async () => {
    const out = (await run('mia: 1\n')).join('\n');
    expect(out).toContain('[ephemeral mia] Thank you! You have both accepted: I am opening a private channel for you and @max now.');
    const channel = /\[#(mentoring-[\w-]+)\] \(private channel for @max, @mia\)/.exec(out)?.[1];
    expect(channel).toBeDefined();
    expect(out).toContain(`[#${channel}] Your match agreement:`);
    expect(out).toContain(`[#${channel}] How often you meet: every two weeks`);
    expect(out).toContain(`[#${channel}] To get you started: • What are you proudest of this year?`);
    expect(out).toContain(`[#${channel}] @max, please confirm you have read the match agreement above and agree to it.`);
    const agreed = (await run(`mia #${channel}: 1\nmax #${channel}: 1\nmax #${channel}: 1\n`)).join('\n');
    expect(agreed).toContain('[ephemeral mia] Thank you: your agreement is recorded.');
    expect(agreed).toContain(`[#${channel}] You have both agreed to the match agreement. Enjoy your first meeting!`);
    const members = await rows(`select acknowledged_at is not null as agreed from match_members`);
    expect(members).toEqual([{ agreed: true }, { agreed: true }]);
    // Nobody is chased after agreeing.
    const quiet = (await run(':advance 7d\n')).join('\n');
    expect(quiet).not.toContain('confirm the match agreement');
    expect(quiet).not.toContain('has not confirmed');
  });

  it('returns both to the pool when one declines, telling the coordinator why', async () => {
    await run(join('lea', 'mentor', { expertise: '3' }) + trained('lea') + join('noa', 'mentee', { goals: '3' }));
    await run('carol: /mentor match propose\ncarol: /mentor match approve all\n');
    const out = (await run('noa: 2\nnoa: Our schedules do not fit\n')).join('\n');
    expect(out).toContain('[ephemeral noa] Understood: the match with @lea will not go ahead, and you are back in the pool.');
    expect(out).toContain('[dm lea] The proposed match with @noa will not go ahead. You are back in the pool');
    expect(out).toContain('[dm carol] @noa declined match 2 with @lea. Both are back in the pool');
    expect(out).toContain('[dm carol] @noa said why they declined their match: “Our schedules do not fit”');
    // Lea's question was closed with the match: a late answer finds nothing open.
    const late = await run('lea: 1\n');
    expect(late).toEqual(['[ephemeral lea] I only understand commands here. Try `/mentor help` to see what you can do.']);
    const again = (await run('carol: /mentor match propose\n')).join('\n');
    expect(again).toContain('Matching round 3: 0 pairs');
    expect(again).toMatch(/@noa \(mentee\): .+/);
  });

  it('refuses a pair that went stale, saying why', async () => {
    await run(join('ivy', 'mentor', { expertise: '1' }) + trained('ivy') + join('ada', 'mentee', { goals: '1' }));
    await run('carol: /mentor match propose\nada: /mentor pause\n');
    const [pair] = await rows(`select p.number from match_proposals p join people e on e.id = p.mentee_id where e.platform_user_id = 'ada' and p.status = 'proposed'`);
    const out = await run(`carol: /mentor match approve ${String(pair!.number)}\n`);
    expect(out[0]).toBe(`[ephemeral carol] Pair ${String(pair!.number)} is out of date: @ada is taking a break. Nothing was changed; \`/mentor match propose\` makes a fresh round.`);
    expect(await rows(`select m.* from matches m join people e on e.id = m.mentee_id where e.platform_user_id = 'ada'`)).toHaveLength(0);
  });

  it('closes the match of an erased person and tells the partner plainly', async () => {
    // Mia has a check-in open too, so the bot asks which question her “1” answers.
    const out = (await run('mia: /mentor privacy erase\nmia: 1\nmia: 2\n')).join('\n');
    expect(out).toContain('[dm max] Your match in Workplace Mentoring Programme has ended: your partner has left the program and asked for their data to be deleted.');
    expect(out).not.toContain('@mia');
    const [match] = await rows(`select state, close_reason, parts, channel_name from matches where number = 1`);
    // The channel's name carried their first name: it goes too.
    expect(match).toEqual({ state: 'closed', close_reason: 'erased', parts: null, channel_name: null });
  });
});
