import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/core/chat.js';
import { queryRows, sql } from '../../src/db/client.js';
import { databaseKinds } from '../support/databases.js';
import { approvalScript, intakeScript } from '../support/intake-script.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { terminalRunner } from '../support/terminal.js';

let sequence = 0;
const join = (user: string): InboundEvent => ({ type: 'command', id: `join-${++sequence}`, text: 'join', actor: { platform: 'terminal', workspace: 'terminal', user }, where: { kind: 'dm' } });

describe.each(databaseKinds())('participation on %s', (kind) => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  beforeAll(async () => {
    t = await createTestApp(kind, { dbMax: 4 });
    run = terminalRunner(t);
    await run(':coordinator carol\n');
  });
  afterAll(() => t.close());

  it('starts one intake when several joins arrive at once', async () => {
    await run('twin: /mentor help\n'); // known already, so nothing else serialises the two
    const replies = await Promise.all(Array.from({ length: 4 }, () => t.app.bot.handle(join('twin'))));
    for (const reply of replies.flat()) expect(reply).not.toHaveProperty('error');
    expect(await rows(`select a.state from applications a join people p on p.id = a.person_id where p.platform_user_id = 'twin'`)).toEqual([{ state: 'intake' }]);
    expect(await rows(`select r.status from questionnaire_runs r join people p on p.id = r.person_id where p.platform_user_id = 'twin'`)).toEqual([{ status: 'open' }]);
  });

  it('keeps a participation apart from the application: applied, approved, paused, left', async () => {
    const program = t.catalog.require('workplace');
    const state = async () => (await rows(`select x.state, x.role from participations x join people p on p.id = x.person_id where p.platform_user_id = 'uma'`))[0];
    await run(intakeScript(program, 'uma', 'mentee'));
    expect(await state()).toEqual({ state: 'applied', role: 'mentee' });
    await run(approvalScript(program, 'carol', 'uma', 'mentee'));
    expect(await state()).toEqual({ state: 'approved', role: 'mentee' });
    await run('uma: /mentor pause until 2027-03-01\n');
    expect(await state()).toEqual({ state: 'paused', role: 'mentee' });
    await run('uma: /mentor resume\n');
    expect(await state()).toEqual({ state: 'approved', role: 'mentee' });
    await run('uma: /mentor leave\numa: 1\n');
    expect(await state()).toEqual({ state: 'left', role: 'mentee' });
    expect(await rows(`select a.state from applications a join people p on p.id = a.person_id where p.platform_user_id = 'uma'`)).toEqual([{ state: 'withdrawn' }]);
  });

  it('audits the roles taken away when someone leaves, as a coordinator’s revoke would', async () => {
    const audit = await rows(`select l.action, l.details from audit_log l join people p on p.id = l.subject_id where p.platform_user_id = 'uma' and l.action = 'role.revoke'`);
    expect(audit).toEqual([{ action: 'role.revoke', details: { role: 'mentee' } }]);
  });
});

describe('re-consent on a new version', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
    const program = t.catalog.require('workplace');
    await run(`:coordinator carol\n${intakeScript(program, 'vic', 'mentor', { years_experience: '12' })}`);
    await run('carol: /mentor training record @vic fundamentals\ncarol: /mentor training record @vic boundaries\n');
    await run(approvalScript(program, 'carol', 'vic', 'mentor'));
  });
  afterAll(() => t.close());

  it('audits the roles taken away when someone declines it', async () => {
    await t.restart({ programFiles: ['test/fixtures/workplace-consent-v2.yaml'] });
    await run('vic: /mentor status\n');
    const out = await run('vic: 2\n');
    expect(out).toContain('[ephemeral vic] Understood. Without your consent we cannot go on, so you have left the program; a coordinator has been told.');
    expect(await rows(`select l.action, l.details from audit_log l join people p on p.id = l.subject_id where p.platform_user_id = 'vic' and l.action = 'role.revoke'`)).toEqual([
      { action: 'role.revoke', details: { role: 'mentor' } },
    ]);
    expect(await rows(`select kind, status from questionnaire_runs r join people p on p.id = r.person_id where p.platform_user_id = 'vic' and kind = 'reconsent'`)).toEqual([
      { kind: 'reconsent', status: 'done' },
    ]);
  });
});
