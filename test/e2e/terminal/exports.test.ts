import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programVariant } from '../../support/program-variant.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

/** A coordinator's CSV exports of matches, check-ins, survey scores and contacts. */
describe('coordinator exports (terminal)', () => {
  let t: TestApp;
  let run: ReturnType<typeof terminalRunner>;
  const say = async (...lines: string[]) => (await run(`${lines.join('\n')}\n`)).join('\n');
  const file = (name: string) => readFileSync(join(run.exportDir, name), 'utf8').trim().split('\n');

  beforeAll(async () => {
    // Monday 2026-11-23 09:00 UTC; check-ins on Wednesdays at 10:00.
    t = await createTestApp('pglite', { programFiles: [programVariant('examples/workplace.yaml', { surveys: [] })] });
    run = terminalRunner(t);
    await say(
      ':coordinator carol',
      ':import mentors examples/csv/one-pair/mentors.csv',
      ':import mentees examples/csv/one-pair/mentees.csv',
      'carol: /mentor match propose',
      'carol: /mentor match approve all',
      ':advance 3d',
      'tom-reid: 4', 'tom-reid: 1', 'tom-reid: =HYPERLINK("http://x")',
      'carol: /mentor contact log @tom-reid call 15 Talked through goals',
    );
  });
  afterAll(() => t.close());

  it('sends each as a CSV file to the coordinator, and refuses anyone else', async () => {
    const out = await say('carol: /mentor export matches', 'carol: /mentor export checkins', 'carol: /mentor export contacts', 'carol: /mentor export surveys', 'tom-reid: /mentor export matches');
    expect(out).toContain('[ephemeral carol] I have sent you the CSV file in a direct message.');
    expect(out).toContain('[ephemeral tom-reid] `/mentor export matches` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.');
    const matches = file('matches-2026-11-26.csv');
    expect(matches[0]).toBe('match,state,mentor,mentee,score,approved_at,started_on,planned_end_on,closed_at,coordinator,channel_name');
    expect(matches[1]).toMatch(/^1,active,nia-brooks,tom-reid,[\d.]+,2026-11-23T09:00:00Z,2026-11-23,2027-05-23,,,mentoring-1-nia-tom$/);
    const checkins = file('checkins-2026-11-26.csv');
    expect(checkins[0]).toBe('match,person,role,due_at,status,answered_at,how_going,met,note');
    // A typed formula stays text in a spreadsheet.
    expect(checkins).toContain(`1,tom-reid,mentee,2026-11-25T10:00:00Z,done,2026-11-26T09:00:00Z,4,Yes,"'=HYPERLINK(""http://x"")"`);
    expect(file('contacts-2026-11-26.csv')).toEqual(['contacted_on,person,match,how,minutes,coordinator,note', '2026-11-26,tom-reid,1,call,15,carol,Talked through goals']);
    expect(file('surveys-2026-11-26.csv')).toEqual(['survey,occurrence,match,person,scale,instrument,instrument_version,mean,items_answered,items,scale_min,scale_max,answered_at']);
  });
});
