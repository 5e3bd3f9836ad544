import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeScript } from '../../support/intake-script.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { terminalRunner } from '../../support/terminal.js';

describe('COORDINATORS at start-up', () => {
  let t: TestApp;
  let run: (script: string) => Promise<string[]>;
  beforeAll(async () => {
    t = await createTestApp('pglite', { coordinators: ['carol', 'slack:U0SLACK', 'terminal:dora'] });
    run = terminalRunner(t);
  });
  afterAll(() => t.close());

  it('become coordinators of the workspace before they ever write, and hear about applications', async () => {
    expect(await t.app.bootstrapCoordinators('terminal', 'terminal')).toBe(2);
    const out = await run(intakeScript(t.catalog.require('workplace'), 'bob', 'mentee'));
    expect(out).toContain('[dm carol] New mentee application from @bob. `/mentor application list` shows the queue.');
    expect(out).toContain('[dm dora] New mentee application from @bob. `/mentor application list` shows the queue.');
    expect(out.join('\n')).not.toContain('U0SLACK');
    const audit = await run('carol: /mentor audit\n');
    expect(audit.filter((l) => l.includes('role.bootstrap'))).toHaveLength(2);
  });
});
