import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { databaseKinds } from '../../support/databases.js';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

const FILES = ['alerts', 'answers', 'contacts', 'data-dictionary', 'matches', 'meetings', 'participants', 'questionnaires', 'scores', 'training-arms'];
const NOTE = 'Amara Osei said call her on +44 7700 900123 or amara@example.org';
const EXIT = 'Talking with @amara-osei and Hana Sato about leadership';
const CLOSE_NOTE = 'Relocating to Leeds with her family';

/**
 * The evaluators' data set (issue 15, item 6) from a workplace program of seven pairs: a
 * check-in and an exit interview answered with names, a phone number and an email in the typed
 * words, matches closed for a common and a rare reason, a coordinator contact and a survey score.
 * Then the program's retention (item 8): two years after the last close, people are stripped
 * to what the export holds, and the export reads the same.
 */
describe.each(databaseKinds())('evaluation export and retention (terminal, %s)', (kind) => {
  let t: TestApp;
  let run: ReturnType<typeof terminalRunner>;
  const say = async (...lines: string[]) => (await run(`${lines.join('\n')}\n`)).join('\n');
  const q = <T = Record<string, unknown>>(query: string) => queryRows<T>(t.database.db, sql.raw(query));
  /** Asks for the export and reads each file at the path the terminal printed. */
  async function exportFiles(command = 'carol: /mentor export evaluation'): Promise<Record<string, string>> {
    // An export is keyed by the instant it was asked: the clock moves between them.
    const out = await say(':advance 1m', command);
    expect(out).toContain('[ephemeral carol] I have sent you 10 CSV files in a direct message.');
    const paths = [...out.matchAll(/saved to (\S+\.csv)/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(FILES.length);
    return Object.fromEntries(paths.map((p) => [p.split('/').pop()!.replace(/(-\d+)?\.csv$/, ''), readFileSync(p, 'utf8')]));
  }
  let identifying: string[];

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC; check-ins on Wednesdays at 10:00.
    t = await createTestApp(kind, { programFiles: [programVariant('examples/workplace.yaml', { surveys: [], matching: { durationMonths: 2, participantsAccept: false } })] });
    run = terminalRunner(t);
    await say(':coordinator carol', ':import mentors examples/csv/mentors.csv', ':import mentees examples/csv/mentees.csv', 'carol: /mentor match propose', 'carol: /mentor match approve all');
    await q(`update people set display_name = initcap(replace(platform_user_id, '-', ' ')) where platform_user_id <> 'carol'`);
    const [first] = await q<{ mentee: string }>(`select e.platform_user_id as mentee from matches m join people e on e.id = m.mentee_id where m.number = 1`);
    const mentee = first!.mentee;
    await say(':advance 3d', `${mentee}: 4`, `${mentee}: 1`, `${mentee}: ${NOTE}`, `carol: /mentor contact log @${mentee} call 15 Talked through goals`);
    await q(`insert into survey_scores (program_id, match_id, person_id, survey_id, occurrence, scale_id, definition_hash, mean, scale_min, scale_max, items_answered, items, created_at)
      select m.program_id, m.id, m.mentee_id, 'quality', 'day-21', 'closeness', (select hash from program_definitions limit 1), 4.25, 1, 5, 4, 4, '2026-12-14T10:00:00Z'
      from matches m where m.number = 1`);
    const matches = await q<{ number: number }>(`select number from matches where state = 'active' order by number`);
    expect(matches.length).toBeGreaterThanOrEqual(4);
    const close = matches.map((m, i) => `carol: /mentor match close ${m.number} ${i === 3 ? `early moved ${CLOSE_NOTE}` : i < 3 ? 'early schedules' : 'planned "program ended"'}`);
    await say(...close);
    await say(`${mentee}: ${EXIT}`, `${mentee}: 2`);
    identifying = (
      await q<{ v: string }>(`select platform_user_id as v from people where platform_user_id <> 'carol' union select display_name from people where display_name is not null
        union select id::text from people union select id::text from matches union select channel from matches where channel is not null
        union select channel_name from matches where channel_name is not null`)
    ).map((r) => r.v);
    expect(identifying.length).toBeGreaterThan(40);
  });
  afterAll(() => t.close());

  it('is for coordinators only', async () => {
    const out = await say('amara-osei: /mentor export evaluation', 'carol: /mentor export evaluation everything');
    expect(out).toContain('[ephemeral amara-osei] `/mentor export evaluation` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.');
    expect(out).toMatch(/\[ephemeral carol\] .*free-text/);
    expect(existsSync(run.exportDir) ? readdirSync(run.exportDir) : []).toEqual([]);
  });

  it('holds no name, platform id, row id, channel or typed answer, and suppresses rare categories', async () => {
    const files = await exportFiles();
    expect(Object.keys(files).sort()).toEqual(FILES);
    const all = Object.values(files).join('\n');
    for (const id of identifying) expect(all.toLowerCase()).not.toContain(id.toLowerCase());
    for (const typed of [NOTE, EXIT, CLOSE_NOTE, 'Talked through goals', '7700', 'example.org', 'leadership']) expect(all).not.toContain(typed);

    const matches = files.matches!.trim().split('\n');
    expect(matches[0]).toBe('match,mentor,mentee,state,planned_days,days,reached_planned_length,closure,closure_reason');
    // Three matches closed for "schedules" (six people) keep their reason; one "moved" (two people) does not.
    expect(matches.filter((l) => l.endsWith(',early,schedules'))).toHaveLength(3);
    expect(matches.filter((l) => l.endsWith(',early,suppressed'))).toHaveLength(1);
    expect(matches).toContainEqual(expect.stringMatching(/^M-[0-9a-f]{12},P-[0-9a-f]{12},P-[0-9a-f]{12},closed,61,3,no,early,schedules$/));

    const answers = files.answers!.trim().split('\n');
    expect(answers[0]).toBe('run,question,type,answer');
    expect(answers.slice(1).map((l) => l.split(',').slice(1).join(',')).sort()).toEqual(['how_going,scale,4', 'met,yes_no,Yes', 'next_step,single_choice,Another mentoring relationship']);
    const runs = files.questionnaires!.trim().split('\n');
    expect(runs[0]).toBe('run,match,person,role,questionnaire,survey,occurrence,day_asked,status,day_answered');
    const checkin = answers.find((l) => l.includes(',how_going,'))!.split(',')[0]!;
    expect(runs.find((l) => l.startsWith(checkin))).toMatch(/,mentee,checkin,,,2,done,3$/);
    expect(files.scores!.trim().split('\n')[1]).toMatch(/^quality,day-21,M-[0-9a-f]{12},P-[0-9a-f]{12},closeness,,,4.250,4,4,1,5,21$/);
    expect(files.contacts!.trim().split('\n')[1]).toMatch(/^M-[0-9a-f]{12},P-[0-9a-f]{12},3,suppressed,15$/);

    const dictionary = files['data-dictionary']!;
    for (const name of FILES.filter((f) => f !== 'data-dictionary')) {
      for (const column of files[name]!.split('\n')[0]!.split(',')) expect(dictionary).toContain(`${name}.csv,${column},`);
    }
    expect(dictionary).toContain('matches.csv,closure_reason,"the program’s reason for the closure; ""suppressed"" where fewer than 5 people share a value"');
  });

  it('gives the same person the same pseudonym in every export, and scrubs typed answers only when asked', async () => {
    const once = await exportFiles();
    const again = await exportFiles();
    expect(again.participants).toBe(once.participants);
    expect(again.matches).toBe(once.matches);
    const withText = await exportFiles('carol: /mentor export evaluation free-text');
    expect(withText.answers).toContain('note,text,[name] said call her on [phone] or [email]');
    expect(withText.answers).toContain('most_useful,long_text,Talking with [mention] and [name] about leadership');
    const all = Object.values(withText).join('\n');
    for (const id of identifying) expect(all.toLowerCase()).not.toContain(id.toLowerCase());
    expect(await q(`select action, details from audit_log where action = 'evaluation.export' order by at`)).toContainEqual({ action: 'evaluation.export', details: { withText: true } });
  });

  it('after the program’s retention keeps only what the export holds, and the export reads the same', async () => {
    const before = await exportFiles();
    const matched = (
      await q<{ v: string }>(`select p.platform_user_id as v from people p where p.id in (select person_id from match_members)
        union select p.display_name from people p where p.id in (select person_id from match_members)`)
    ).map((r) => r.v);
    // The matches closed on 2026-11-26: two years on, and not a day before, they go.
    await say(':advance 725d');
    expect(await q(`select count(*)::int as n from people where erased_at is not null`)).toEqual([{ n: 0 }]);
    await say(':advance 10d');
    const people = await q<{ n: number }>(`select count(*)::int as n from people where erased_at is not null`);
    expect(people[0]!.n).toBeGreaterThanOrEqual(8);
    // Nothing anywhere still names them: every table's rows, as text.
    const tables = await q<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    const matchedIds = (await q<{ v: string }>(`select platform_user_id as v from people where erased_at is not null`)).map((r) => r.v);
    expect(matchedIds.every((v) => v.startsWith('erased:'))).toBe(true);
    for (const { t: table } of tables) {
      const rows = (await q<{ r: string }>(`select row_to_json(x)::text as r from "${table}" x`)).map((r) => r.r).join('\n');
      for (const typed of [NOTE, EXIT, CLOSE_NOTE, '900123', 'Talked through goals', ...matched]) expect(rows, table).not.toContain(typed);
    }
    const intake = await q<{ n: number }>(`select count(*)::int as n from questionnaire_runs where kind not in ('checkin', 'survey', 'exit-interview')
      and person_id in (select id from people where erased_at is not null)`);
    expect(intake).toEqual([{ n: 0 }]);
    const after = await exportFiles();
    for (const name of FILES) expect(after[name], name).toBe(before[name]);
    expect(await q(`select count(*)::int as n from audit_log where action = 'retention.applied'`)).toEqual(people);
  });
});
