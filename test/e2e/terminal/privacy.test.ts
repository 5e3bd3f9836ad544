import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { capabilityModules } from '../../../src/domain/modules.js';
import { personalDataOf } from '../../../src/domain/privacy/personal-data.js';
import { approvalScript, intakeScript } from '../../support/intake-script.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

describe('privacy: export and erasure (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
    const program = t.catalog.require('workplace');
    await run(`:coordinator carol\n${intakeScript(program, 'bob', 'mentee', { current_role: 'Archivist, Records' })}${approvalScript(program, 'carol', 'bob', 'mentee')}`);
  });
  afterAll(() => t.close());

  /** Every column that refers to `people`, from the database's own foreign keys. */
  const peopleReferences = () =>
    rows(`select c.conrelid::regclass::text as table_name, a.attname as column_name
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.contype = 'f' and c.confrelid = 'people'::regclass order by 1, 2`);
  const declared = () => personalDataOf(capabilityModules).flatMap((d) => d.columns.map((c) => `${c.table}.${c.column}`));

  it('covers every column referring to a person by export and erasure, as the modules declare', async () => {
    const references = await peopleReferences();
    expect(references.length).toBeGreaterThan(10);
    const missing = references.map((r) => `${String(r.table_name)}.${String(r.column_name)}`).filter((c) => !declared().includes(c));
    expect(missing).toEqual([]);
  });

  it('would notice a new table referring to people that no module declares', async () => {
    await rows(`create table notes_about_people (id serial primary key, person_id uuid references people(id))`);
    try {
      const missing = (await peopleReferences()).map((r) => `${String(r.table_name)}.${String(r.column_name)}`).filter((c) => !declared().includes(c));
      expect(missing).toEqual(['notes_about_people.person_id']);
    } finally {
      await rows(`drop table notes_about_people`);
    }
  });

  it('sends a person a copy of what is stored about them', async () => {
    const out = (await run('bob: /mentor privacy export\n')).join('\n');
    expect(out).toContain('[ephemeral bob] I have sent you a copy of your data in a direct message.');
    expect(out).toContain('[dm bob] Everything mentorbot stores about you:');
    expect(out).toContain('"question_id":"current_role","value":"Archivist, Records"');
    expect(out).toContain('"version":"2026-01","decision":"accepted"');
  });

  it('asks, then erases everything but the pseudonymised records the programme must keep', async () => {
    const kept = await run('bob: /mentor privacy erase\nbob: 2\n');
    expect(kept.at(-1)).toBe('[ephemeral bob] Nothing was erased.');
    const out = await run('bob: /mentor privacy erase\nbob: 1\n');
    expect(out.at(-1)).toBe('[ephemeral bob] Your data has been erased. If you write to the bot again, it will not know you.');
    const [person] = await rows(`select id, platform_user_id, display_name, erased_at from people where platform_user_id like 'erased:%'`);
    expect(person?.display_name).toBeNull();
    expect(person?.erased_at).not.toBeNull();
    const id = String(person?.id);
    for (const table of ['applications', 'program_roles', 'prompts', 'reminders', 'outbox', 'training_records']) {
      expect(await rows(`select 1 from ${table} where person_id = '${id}'`)).toEqual([]);
    }
    expect(await rows(`select count(*)::int as n from run_answers`)).toEqual([{ n: 0 }]);
    for (const d of personalDataOf(capabilityModules)) {
      for (const c of d.columns.filter((x) => x.erase !== 'keep')) {
        expect(await rows(`select 1 from ${c.table} where ${c.column} = '${id}'`), `${c.table}.${c.column}`).toEqual([]);
      }
    }
    expect(await rows(`select version from consent_records where person_id = '${id}'`)).toEqual([{ version: '2026-01' }]);
    const audit = await rows(`select action, details from audit_log where subject_id = '${id}' and action = 'screening.check'`);
    expect(audit).toEqual([{ action: 'screening.check', details: {} }, { action: 'screening.check', details: {} }]);
    expect(await run('carol: /mentor application @bob\n')).toEqual(['[ephemeral carol] @bob has not applied to this program. Nothing was changed.']);
    // No table still holds what bob told us, or his platform id.
    const tables = await rows(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    for (const { table_name } of tables) {
      const left = await rows(`select t::text as row from "${String(table_name)}" t where t::text ~* '(archivist|\\mbob\\M)'`);
      expect(left, String(table_name)).toEqual([]);
    }
  });
});
