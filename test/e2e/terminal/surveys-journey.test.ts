import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { questionnaireEngine } from '../../../src/domain/questionnaires/questionnaire.js';
import { reaskOpenSurvey } from '../../../src/domain/surveys/module.js';
import { surveyQuestionnaire } from '../../../src/domain/surveys/survey-questionnaire.js';
import { approvalScript, intakeScript } from '../../support/intake-script.js';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/**
 * The workplace program's surveys, its check-ins asked in the pair's channel (so a typed reply
 * in a DM answers the survey):
 * a pair in London and New York gets the day-21 survey and the quarterly one at 10:00 their
 * time, their scale means are stored, a gap and a drop each raise one alert; an approved
 * mentee gets the baseline; both members of a closed match get the exit survey.
 */
describe('surveys (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  const answer = (user: string, values: (number | string)[]) => run(values.map((v) => `${user}: ${v}\n`).join(''));
  /** Carol's alerts in some output, without their numbers (check-ins, in the channel, raise their own). */
  const alerts = (out: string) => [...out.matchAll(/^\[dm carol\] Alert \d+: (.*)$/gm)].map((m) => m[1]).filter((a) => !a!.includes('check-ins in a row'));

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC (09:00 in London, 04:00 in New York).
    t = await createTestApp('pglite', { programFiles: [programVariant('examples/workplace.yaml', { checkins: { where: 'channel' } })] });
    run = terminalRunner(t);
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-surveys-'));
    writeFileSync(join(dir, 'mentors.csv'), 'id,department,expertise,timezone,meeting_style\nnia,Engineering,Leadership,America/New_York,3\n');
    writeFileSync(join(dir, 'mentees.csv'), 'id,department,goals,timezone,meeting_style\ntom,Finance,Leadership,Europe/London,3\n');
    await run(`:coordinator carol\n:import mentors ${join(dir, 'mentors.csv')}\n:import mentees ${join(dir, 'mentees.csv')}\ncarol: /mentor match propose\ncarol: /mentor match approve all\n`);
  });
  afterAll(() => t.close());

  it('sends an approved mentee the baseline survey at 10:00, not people imported for a trial', async () => {
    const program = t.catalog.require('workplace');
    await run(intakeScript(program, 'bob', 'mentee') + approvalScript(program, 'carol', 'bob', 'mentee'));
    const out = (await run(':advance 1h\n')).join('\n');
    expect(out).toContain('[dm bob] Time for the “Before you start” survey (2 questions). Your answers go to the program coordinators only.');
    expect(out).toContain('[dm bob] “Before you start”, question 1 of 2');
    expect(out).not.toContain('[dm tom]');
    const answered = (await answer('bob', [4, 3])).join('\n');
    expect(answered).toContain('[ephemeral bob] Thank you: your answers to “Before you start” are recorded. Your answers go to the program coordinators only.');
    // No scales in the baseline: answers are kept, no score.
    expect(await rows(`select count(*)::int as n from survey_scores`)).toEqual([{ n: 0 }]);
  });

  it('asks each member of the pair on day 21 at 10:00 in their own time zone', async () => {
    expect((await run(':advance 20d\n')).join('\n')).not.toContain('Your first weeks');
    const out = (await run(':advance 30h\n')).join('\n');
    expect(out).toContain('[dm tom] Time for the “Your first weeks” survey (7 questions). Your answers go to the program coordinators, not to your match.');
    expect(out).toContain('[dm nia] Time for the “Your first weeks” survey (7 questions).');
    expect(out).toContain('[dm tom] I feel comfortable being open with my match.');
    const due = await rows(`select p.platform_user_id as who, to_char(r.due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due, s.occurrence
      from questionnaire_runs r join survey_runs s on s.run_id = r.id join people p on p.id = r.person_id where s.survey_id = 'first_weeks' order by who`);
    expect(due).toEqual([
      { who: 'nia', due: '2026-12-14 15:00', occurrence: 'start' },
      { who: 'tom', due: '2026-12-14 10:00', occurrence: 'start' },
    ]);
  });

  it('stores each member’s scale mean, reverse-coded items flipped, and raises one alert for the gap', async () => {
    // tom: 4, 4, awkward 2 (counts 4), 5, hard to meet 1 (counts 5), 4; skips the note.
    const tom = (await answer('tom', [4, 4, 2, 5, 1, 4, 'skip'])).join('\n');
    expect(tom).toContain('[ephemeral tom] Thank you: your answers to “Your first weeks” are recorded. Your answers go to the program coordinators, not to your match.');
    expect(alerts(tom)).toEqual([]);
    // nia: 3, 3, awkward 5 (counts 1), 3, hard to meet 5 (counts 1), 3.
    const nia = (await answer('nia', [3, 3, 5, 3, 5, 3, 'We are finding our feet'])).join('\n');
    // Reverse-coded items are read flipped: strongly agreeing that talks feel awkward is a low answer.
    expect(alerts(nia)).toEqual([
      '@nia answered 5 of 5 to “Our conversations often feel awkward or forced.” (worded so that a high answer is the worry) in the “Your first weeks” survey.',
      '@nia answered 5 of 5 to “It is hard to find times to meet that suit us both.” (worded so that a high answer is the worry) in the “Your first weeks” survey.',
      '@nia rated “Relationship quality” 2.33 of 5 in the “Your first weeks” survey, and their mentee 4.33 of 5: 2 apart on a 1–5 scale.',
    ]);
    const scores = await rows(`select p.platform_user_id as who, s.survey_id, s.scale_id, s.occurrence, s.instrument, s.instrument_version, round(s.mean::numeric, 4)::float as mean, s.items_answered, s.items
      from survey_scores s join people p on p.id = s.person_id order by who`);
    expect(scores).toEqual([
      { who: 'nia', survey_id: 'first_weeks', scale_id: 'relationship_quality', occurrence: 'start', instrument: 'relationship-quality', instrument_version: '2026-01', mean: 2.3333, items_answered: 6, items: 6 },
      { who: 'tom', survey_id: 'first_weeks', scale_id: 'relationship_quality', occurrence: 'start', instrument: 'relationship-quality', instrument_version: '2026-01', mean: 4.3333, items_answered: 6, items: 6 },
    ]);
    const hashes = await rows(`select distinct s.definition_hash = p.definition_hash as current from survey_scores s join programs p on p.id = s.program_id`);
    expect(hashes).toEqual([{ current: true }]);
  });

  it('asks the quarterly survey three months after the start, and alerts once on a drop since the last one', async () => {
    // 2027-02-23: 10:00 in London is 10:00 UTC, in New York 15:00 UTC.
    const q1 = (await run(':advance 71d\n')).join('\n');
    expect(q1).toContain('[dm tom] Time for the “Quarterly check” survey (7 questions).');
    expect(q1).toContain('[dm nia] Time for the “Quarterly check” survey (7 questions).');
    await answer('tom', [4, 4, 2, 4, 2, 4, 'skip']);
    await answer('nia', [4, 4, 2, 4, 2, 4, 'skip']);
    // 2027-05-23, in summer time: 09:00 UTC in London, 14:00 UTC in New York.
    const q2 = (await run(':advance 89d\n')).join('\n');
    expect(q2).toContain('[dm tom] Time for the “Quarterly check” survey (7 questions).');
    const dropped = (await answer('tom', [3, 3, 5, 3, 5, 3, 'Busy spring'])).join('\n');
    expect(alerts(dropped)).toEqual([
      '@tom answered 5 of 5 to “We seem to be stuck, or going round in circles.” (worded so that a high answer is the worry) in the “Quarterly check” survey.',
      '@tom answered 5 of 5 to “Our meetings have drifted away from what we set out to work on.” (worded so that a high answer is the worry) in the “Quarterly check” survey.',
      '@tom rated “Goal progress” 2.33 of 5 in the “Quarterly check” survey, down from 4 of 5 last time.',
    ]);
    const due = await rows(`select p.platform_user_id as who, s.occurrence, to_char(r.due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as due
      from questionnaire_runs r join survey_runs s on s.run_id = r.id join people p on p.id = r.person_id where s.survey_id = 'quarterly' order by s.occurrence, who`);
    expect(due).toEqual([
      { who: 'nia', occurrence: '1', due: '2027-02-23 15:00' },
      { who: 'tom', occurrence: '1', due: '2027-02-23 10:00' },
      { who: 'nia', occurrence: '2', due: '2027-05-23 14:00' },
      { who: 'tom', occurrence: '2', due: '2027-05-23 09:00' },
    ]);
  });

  it('reminds once who has not answered, and expires the survey after 14 days', async () => {
    const later = (await run(':advance 2d\n')).join('\n');
    expect(later).toContain('[dm nia] A reminder: the “Quarterly check” survey is still waiting for your answers, in the question above. It stays open until Sunday 6 June.');
    expect(later).not.toContain('[dm tom] A reminder: the “Quarterly check”');
    // What `/mentor checkin` can call to ask an open survey again: from the question reached.
    const engine = questionnaireEngine(t.catalog, [surveyQuestionnaire]);
    const person = async (user: string) => (await rows(`select id from people where platform_user_id = '${user}'`))[0]!.id as string;
    expect(await reaskOpenSurvey({ db: t.database.db, clock: t.clock }, engine, { personId: await person('tom') })).toBe(false);
    expect(await reaskOpenSurvey({ db: t.database.db, clock: t.clock }, engine, { personId: await person('nia') })).toBe(true);
    const again = (await run(':advance 1m\n')).join('\n');
    expect(again).toContain('[dm nia] Your open survey:');
    expect(again).toContain('[dm nia] “Quarterly check”, question 1 of 7');
    await run(':advance 13d\n');
    // 15 days after it was due (a day over its 14), and unanswered: expired.
    const runs = await rows(`select p.platform_user_id as who, r.status from questionnaire_runs r join survey_runs s on s.run_id = r.id
      join people p on p.id = r.person_id where s.survey_id = 'quarterly' and s.occurrence = '2' order by who`);
    expect(runs).toEqual([
      { who: 'nia', status: 'expired' },
      { who: 'tom', status: 'done' },
    ]);
    expect((await run('nia: 3\n')).join('\n')).toContain('I only understand commands here.');
  });

  it('never raises the same alert twice', async () => {
    // The next quarter tom rates goal progress as low again: no new drop, and no repeat of the
    // old alerts; this quarter's two worrying answers are this period's own.
    const q3 = (await run(':advance 80d\n')).join('\n');
    expect(q3).toContain('[dm tom] Time for the “Quarterly check” survey (7 questions).');
    const out = (await answer('tom', [3, 3, 5, 3, 5, 3, 'skip'])).join('\n');
    expect(alerts(out).filter((a) => !a!.includes('(worded so that a high answer is the worry)'))).toEqual([]);
    const raised = await rows(`select rule, count(*)::int as n from match_alerts where rule in ('rating_gap', 'score_drop', 'low_score') group by rule order by rule`);
    expect(raised).toEqual([
      { rule: 'low_score', n: 6 },
      { rule: 'rating_gap', n: 1 },
      { rule: 'score_drop', n: 1 },
    ]);
  });

  it('sends both members of a closed match the exit survey, the next day at 10:00', async () => {
    // Matches close through the closure capability; here the row is closed as it would be, at 16:00 UTC.
    await rows(`update matches set state = 'closed', closed_at = '${t.clock.now().toISOString()}', close_reason = 'completed'`);
    const out = (await run(':advance 1d\n')).join('\n');
    expect(out).toContain('[dm tom] Time for the “Looking back” survey (3 questions).');
    expect(out).toContain('[dm nia] Time for the “Looking back” survey (3 questions).');
    expect(out).not.toContain('Quarterly check');
    const due = await rows(`select p.platform_user_id as who, s.occurrence from questionnaire_runs r join survey_runs s on s.run_id = r.id
      join people p on p.id = r.person_id where s.survey_id = 'exit' order by who`);
    expect(due).toEqual([
      { who: 'nia', occurrence: 'close' },
      { who: 'tom', occurrence: 'close' },
    ]);
  });

  it('keeps a person’s scores, not their answers, when they erase their data', async () => {
    await answer('tom', [4, 8, 'More structure early on']);
    const exported = (await run('tom: /mentor privacy export\n')).join('\n');
    expect(exported).toMatch(/survey scores/);
    expect(exported).toMatch(/relationship_quality/);
    const tomId = (await rows(`select id from people where platform_user_id = 'tom'`))[0]!.id as string;
    await run('tom: /mentor privacy erase\ntom: 1\n');
    expect(await rows(`select count(*)::int as n from questionnaire_runs where person_id = '${tomId}'`)).toEqual([{ n: 0 }]);
    expect(await rows(`select scale_id, run_id from survey_scores where person_id = '${tomId}' order by created_at`)).toEqual([
      { scale_id: 'relationship_quality', run_id: null },
      { scale_id: 'goal_progress', run_id: null },
      { scale_id: 'goal_progress', run_id: null },
      { scale_id: 'goal_progress', run_id: null },
    ]);
  });
});
