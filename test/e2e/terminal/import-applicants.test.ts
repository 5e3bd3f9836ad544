import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/** `:import` loads spreadsheet applicants as approved participants, ready to match, or changes nothing. */
describe(':import (terminal)', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));
  beforeAll(async () => {
    t = await createTestApp('pglite');
    run = terminalRunner(t);
  });
  afterAll(() => t.close());

  it('refuses a bad file, naming the row and column, and imports nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mentorbot-import-')), 'bad.csv');
    writeFileSync(file, 'id,department,expertise,timezone,meeting_style\nann,Engineering,Juggling,Europe/London,3\n');
    const out = await run(`:import mentors ${file}\n:import mentors /no/such.csv\n:import helpers ${file}\n`);
    expect(out[0]).toBe(`[terminal] ${file} was not imported:`);
    expect(out.some((l) => l.includes('row 2') && l.includes('Juggling'))).toBe(true);
    expect(out).toContain('[terminal] Cannot read /no/such.csv: no such file. Nothing was imported.');
    expect(out.at(-1)).toBe('[terminal] Usage: :import mentors|mentees <file.csv>, e.g. :import mentors examples/csv/mentors.csv');
    expect(await rows('select * from applications')).toEqual([]);
  });

  it('imports the shipped examples as approved, trained, consented participants, once', async () => {
    const out = await run(':import mentors examples/csv/mentors.csv\n:import mentees examples/csv/mentees.csv\n:import mentees examples/csv/mentees.csv\n');
    expect(out[0]).toMatch(/^\[terminal\] Imported 7 mentors into Workplace Mentoring Programme as approved participants, ready to match: amara-osei, /);
    expect(out[1]).toMatch(/^\[terminal\] Imported 14 mentees/);
    expect(out[2]).toBe('[terminal] Imported 0 mentees into Workplace Mentoring Programme as approved participants, ready to match: nobody new.');
    expect(out[3]).toMatch(/^\[terminal\] Skipped hana-sato, /);
    const [counts] = await rows(`select (select count(*)::int from participations where state = 'approved') as approved,
      (select count(*)::int from consent_records) as consents, (select count(distinct person_id)::int from training_records) as trained,
      (select count(*)::int from mentor_capacities) as capacities`);
    expect(counts).toEqual({ approved: 21, consents: 21, trained: 7, capacities: 3 });
    const status = await run('hana-sato: /mentor status\n');
    expect(status).toContain('[ephemeral hana-sato] Your match: Not matched yet: a coordinator will find you a match.');
  });
});
