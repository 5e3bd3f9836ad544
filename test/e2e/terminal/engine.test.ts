import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { approvalScript, intakeScript } from '../../support/intake-script.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

describe('several open questions at once (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
    const program = t.catalog.require('workplace');
    await run(`:coordinator carol\n${intakeScript(program, 'mia', 'mentee', { current_role: 'Nurse' })}${approvalScript(program, 'carol', 'mia', 'mentee')}`);
  });
  afterAll(() => t.close());

  it('asks which question a typed reply answers when three runs are open, and keeps the text until it knows', async () => {
    await run('mia: /mentor profile edit current_role\nmia: /mentor profile edit goals\nmia: /mentor profile edit timezone\n');
    expect(await rows(`select kind, status from questionnaire_runs where kind = 'profile' and status = 'open'`)).toHaveLength(3);

    const asked = await run('mia: Ward sister\n');
    expect(asked).toEqual([
      '[ephemeral mia] I am keeping your reply until you tell me where it goes.',
      '[ephemeral mia] You have 3 open questions. Which one does “Ward sister” answer?',
      '[ephemeral mia]   1. Changing your answer to “current_role”',
      '[ephemeral mia]   2. Changing your answer to “goals”',
      '[ephemeral mia]   3. Changing your answer to “timezone”',
      '[ephemeral mia] Reply with the number of your choice.',
    ]);
    // Nothing was answered yet: the text waits on the which-question.
    expect(await rows(`select 1 from questionnaire_runs where kind = 'profile' and status = 'open'`)).toHaveLength(3);

    expect(await run('mia: 1\n')).toEqual(['[ephemeral mia] Updated “current_role”.']);
    const [role] = await rows(`select a.value from run_answers a join questionnaire_runs r on r.id = a.run_id where r.kind = 'profile' and a.question_id = 'current_role'`);
    expect(role?.value).toBe('Ward sister');

    // Two still open: a reply that fits neither is refused by the one it was sent to, and nothing changes.
    await run('mia: Lisbon\n');
    expect(await run('mia: 1\n')).toEqual(['[ephemeral mia] Please answer with a number from 1 to 7.']);
    expect(await run('mia: 2\n')).toEqual(['[ephemeral mia] Updated “timezone”.']);
    const [zone] = await rows(`select a.value from run_answers a join questionnaire_runs r on r.id = a.run_id where a.question_id = 'timezone' and r.kind = 'profile'`);
    expect(zone?.value).toBe('Europe/Lisbon');

    // One left: a typed reply goes straight to it.
    expect(await run('mia: 2,5\n')).toEqual(['[ephemeral mia] Updated “goals”.']);
    expect((await run('mia: /mentor profile\n')).join('\n')).toMatch(/current_role: .* Ward sister/);
  });

  it('lets a click answer its own question whatever else is open', async () => {
    await run('mia: /mentor profile edit current_role\nmia: /mentor profile edit timezone\n');
    const [prompt] = await rows(`select p.id, p.flow from prompts p join questionnaire_runs r on r.id = p.run_id where p.status = 'open' and r.cursor = 'q:timezone'`);
    const replies = await t.app.bot.handle({
      type: 'action',
      id: 'click-1',
      actor: { platform: 'terminal', workspace: 'terminal', user: 'mia' },
      where: { kind: 'dm' },
      promptId: `${String(prompt?.flow)}:${String(prompt?.id)}`,
      value: 'Tokyo',
    });
    expect(replies).toMatchObject([{ kind: 'ephemeral', message: { text: 'Updated “timezone”.' } }]);
    expect(await run('mia: Matron\n')).toEqual(['[ephemeral mia] Updated “current_role”.']);
  });
});

describe('a program file edited mid-intake (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  let edited: string;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
    const dir = await mkdtemp(join(tmpdir(), 'mentorbot-edit-'));
    edited = join(dir, 'workplace.yaml');
    // The coordinators reword question 3 (goals) and insert a new first question.
    const yaml = (await readFile('examples/workplace.yaml', 'utf8'))
      .replace('What would you like to work on with a mentor?', 'Which skills do you want to grow?')
      .replace(/(\n {2}mentee:\n)/, '$1    - id: pronouns\n      type: text\n      prompt: Which pronouns do you use?\n      required: false\n');
    await writeFile(edited, yaml);
  });
  afterAll(() => t.close());

  it('keeps the person on the question and in the wording they started with, and reads old answers with it', async () => {
    const program = t.catalog.require('workplace');
    const script = intakeScript(program, 'ada', 'mentee').split('\n');
    // Up to the second question's answer: role, orientation, consent, questions 1 and 2.
    const firstAnswer = script.findIndex((l) => l === 'ada: Something to say');
    await run(`${script.slice(0, firstAnswer + 2).join('\n')}\n`);
    await t.restart({ programFiles: [edited] });
    const resumed = await run('ada: /mentor join\n');
    expect(resumed).toContain('[dm ada] Question 3 of 9');
    expect(resumed).toContain('[dm ada] What would you like to work on with a mentor?');
    const rows = await queryRows<{ hash: string; n: number }>(t.database.db, sql`select definition_hash as hash, count(*)::int as n from run_answers group by 1`);
    expect(rows).toHaveLength(1);
    const [stored] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from program_definitions`);
    expect(stored?.n).toBe(2);
    // A new applicant starts on the new wording.
    const fresh = await run('zed: /mentor join\nzed: 2\n');
    expect(fresh.join('\n')).toContain('About the program (1 of 5)');
    const [zedRun] = await queryRows<{ hash: string }>(t.database.db, sql`select r.definition_hash as hash from questionnaire_runs r join people p on p.id = r.person_id where p.platform_user_id = 'zed'`);
    expect(zedRun?.hash).not.toBe(rows[0]?.hash);
  });
});

describe('several programs in one workspace (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  beforeAll(async () => {
    t = await createTestApp('pglite', { programFiles: ['examples/workplace.yaml', 'examples/youth.yaml'] });
    run = terminalRunner(t);
  });
  afterAll(() => t.close());

  it('asks which program to join, and the intake belongs to the one chosen', async () => {
    const out = await run('kim: /mentor join\n');
    expect(out).toEqual([
      '[ephemeral kim] There are 2 mentoring programs here.',
      '[ephemeral kim] Which program would you like to join?',
      '[ephemeral kim]   1. Workplace Mentoring Programme',
      '[ephemeral kim]   2. Level Up Youth Mentoring',
      '[ephemeral kim] Reply with the number of your choice.',
    ]);
    const chosen = await run('kim: 2\n');
    expect(chosen).toContain('[dm kim] Welcome to Level Up Youth Mentoring! First: how would you like to take part?');
    expect(await rows(`select p.slug from applications a join programs p on p.id = a.program_id`)).toEqual([{ slug: 'youth' }]);
    // The next answer concerns the program its question belongs to.
    await run('kim: 2\n');
    expect(await rows(`select r.kind, p.slug from questionnaire_runs r join programs p on p.id = r.program_id`)).toEqual([{ kind: 'intake', slug: 'youth' }]);
  });

  it('names a program at the start of a command, and scopes coordinators to their program', async () => {
    const program = t.catalog.require('workplace');
    await run(`${intakeScript(program, 'lee', 'mentee').replace('lee: /mentor join\n', 'lee: /mentor workplace join\n')}`);
    expect(await rows(`select p.slug, a.state from applications a join programs p on p.id = a.program_id join people x on x.id = a.person_id where x.platform_user_id = 'lee'`)).toEqual([
      { slug: 'workplace', state: 'submitted' },
    ]);
    await run('kim: /mentor leave\n');
    // A coordinator of the youth program only cannot decide on a workplace application.
    await run('yuri: /mentor help\n');
    await queryRows(t.database.db, sql`insert into program_roles (program_id, person_id, role, granted_at)
      select p.id, x.id, 'coordinator', now() from programs p, people x where p.slug = 'youth' and x.platform_user_id = 'yuri'`);
    const refused = await run('yuri: /mentor workplace approve @lee\nyuri: /mentor applications\n');
    expect(refused[0]).toContain('is for coordinators only, and you are not a coordinator of this program');
    expect(refused.join('\n')).not.toContain('@lee');
  });
});
