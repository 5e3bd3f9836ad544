import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../../src/db/client.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/** Two partnerships that do not agree their plans in time, and what each representative may see. */
describe('work plan drafting: deadline, chase and who sees what (terminal)', () => {
  let t: TestApp;
  let say: (...lines: string[]) => Promise<string>;
  const rows = (query: string) => queryRows<Record<string, unknown>>(t.database.db, sql.raw(query));

  beforeAll(async () => {
    t = await createTestApp('pglite', { programFiles: ['examples/inter-organisational.yaml'] });
    const run = terminalRunner(t);
    say = async (...lines) => (await run(`${lines.join('\n')}\n`)).join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-workplans-'));
    writeFileSync(
      join(dir, 'mentors.csv'),
      'id,organisation,expertise,focus_areas,capacity_hours,partner_capacity,timezone,facilitation\n' +
        'tom,Evidence Centre,Designing an evaluation,Education,8,1,America/Toronto,agree\n' +
        'uma,Data Lab,Collecting and analysing data,Justice,8,1,America/Toronto,agree\n',
    );
    writeFileSync(
      join(dir, 'mentees.csv'),
      'id,organisation,focus_areas,kmb_goals,evaluation_experience,capacity_hours,timezone,context\n' +
        'nia,Northside Drop-in,Education,Designing an evaluation,2,10,America/Toronto,A drop-in centre.\n' +
        'raj,Justice Youth,Justice,Collecting and analysing data,2,10,America/Toronto,A diversion programme.\n',
    );
    await say(
      ':coordinator carol',
      `:import mentors ${join(dir, 'mentors.csv')}`,
      `:import mentees ${join(dir, 'mentees.csv')}`,
      'carol: /mentor match propose',
      'carol: /mentor match approve all',
      'nia: 1', 'tom: 1', 'raj: 1', 'uma: 1',
    );
  });
  afterAll(() => t.close());

  it('opens one plan per partnership, each seen only by its own representatives and coordinators', async () => {
    await say(':advance 1h');
    expect(await rows(`select m.number, p.state from work_plans p join matches m on m.id = p.match_id order by m.number`)).toEqual([
      { number: 1, state: 'draft' },
      { number: 2, state: 'draft' },
    ]);
    const nia = await say('nia: /mentor plan', 'nia: /mentor plan show 2', 'nia: /mentor plan history 2', 'carol: /mentor plan show 2');
    expect(nia).toMatch(/\[ephemeral nia\] Work plan of partnership \d \(@nia, community organisation, with @tom, expert organisation\): draft, version 1\./);
    const other = (await rows(`select m.number from matches m join people p on p.id = m.mentee_id where p.platform_user_id = 'raj'`))[0]!.number;
    expect(await say(`nia: /mentor plan show ${String(other)}`)).toBe(`[ephemeral nia] There is no partnership ${String(other)} that you can see. \`/mentor plan\` shows your own.`);
    expect(nia).toContain(`[ephemeral carol] Work plan of partnership 2 (`);
  });

  it('refuses to agree an empty plan or finish an activity it does not have', async () => {
    expect(await say('nia: /mentor plan agree')).toBe('[ephemeral nia] The plan has no activities yet: add one with `/mentor plan add <community|expert|together>` first.');
    expect(await say('nia: /mentor plan done 1 community')).toBe('[ephemeral nia] The plan has no activity 1. `/mentor plan` shows the numbers.');
    expect(await rows(`select count(*)::int as n from work_plan_changes`)).toEqual([{ n: 0 }]);
  });

  it('reminds both a week before the draft is due, then tells the coordinators, and stops once agreed', async () => {
    // Nia and Tom agree a plan in time; Raj and Uma do not.
    await say('nia: /mentor plan add community', 'nia: Logic model', 'nia: 2027-01-29', 'nia: A page', 'nia: -', 'nia: -', 'nia: /mentor plan agree', 'tom: /mentor plan agree');
    const reminded = await say(':advance 50d');
    expect(reminded).toContain("[dm raj] A reminder: your partnership's work plan should be agreed by 2027-01-18.");
    expect(reminded).toContain("[dm uma] A reminder: your partnership's work plan should be agreed by 2027-01-18.");
    expect(reminded).not.toContain("[dm nia] A reminder: your partnership's work plan");
    expect(reminded).not.toMatch(/\[dm carol\] The work plan of partnership \d is not agreed yet/);
    const told = await say(':advance 7d');
    expect(told).toMatch(/\[dm carol\] The work plan of partnership \d is not agreed yet, 8 weeks after the start \(`\/mentor plan show \d`\)\./);
    expect(told.match(/is not agreed yet/g)).toHaveLength(1);
  });
});
