import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The README's demos, exactly as a reader would paste them (through `npm start`). */
function demos(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  return [...readme.matchAll(/<!-- demo:start -->\n```sh\n([\s\S]*?)```\n<!-- demo:end -->/g)].map((m) => m[1] as string);
}

function runDemo(script: string): string[] {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.PROGRAM_FILE;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8', env, timeout: SPAWN_TIMEOUT_MS - 10_000 }).trim().split('\n');
}

/** Each spawns `npm start`: seconds alone, far longer on a loaded 2-core machine. */
const SPAWN_TIMEOUT_MS = 120_000;

describe('README demos', () => {
  it('are present', () => {
    expect(demos()).toHaveLength(6);
  });

  it('the first shows a refusal, a coordinator at work and a typo suggestion', () => {
    const out = runDemo(demos()[0] as string);
    expect(out[0]).toBe('[ephemeral alice] Mentoring bot commands');
    expect(out).toContain('[ephemeral alice] `/mentor role grant` is for coordinators only, and you are not a coordinator of this program. Nothing was changed.');
    expect(out).toContain('[ephemeral carol] @bob is now a mentor.');
    expect(out.some((l) => /^\[ephemeral carol\] .* @carol role\.grant @bob \(role=mentor\)$/.test(l))).toBe(true);
    expect(out.at(-1)).toBe('[ephemeral bob] “hlep” is not a subcommand. Did you mean `/mentor help`? `/mentor help` lists what you can do.');
  }, SPAWN_TIMEOUT_MS);

  it('the second takes an applicant from join to approved', () => {
    const out = runDemo(demos()[1] as string);
    expect(out).toContain('[ephemeral bob] Please answer with a number between 1 and 5.');
    expect(out).toContain('[dm carol] New mentee application from @bob. `/mentor application list` shows the queue.');
    expect(out).toContain("[ephemeral carol] @bob's application is now approved; they have been told in a direct message.");
    expect(out.at(-2)).toBe('[ephemeral bob] Workplace Mentoring Programme: You are approved as a mentee.');
    expect(out.at(-1)).toBe('[ephemeral bob] Your match: Not matched yet: a coordinator will find you a match.');
  }, SPAWN_TIMEOUT_MS);

  it('the third imports a pool, matches it and introduces the pairs', () => {
    const out = runDemo(demos()[2] as string);
    expect(out).toContain('[ephemeral carol] Approved 10 of 10 pairs.');
    expect(out.some((l) => l.startsWith('[ephemeral carol] Pair 2 rejected (they sit in the same team)'))).toBe(true);
    expect(out.some((l) => l.startsWith('[ephemeral hana-sato] Your match: With @dara-nolan (your mentor) since '))).toBe(true);
    expect(out).toContain('[#mentoring-7-dara-hana] You have both agreed to the match agreement. Enjoy your first meeting! #mentoring-7-dara-hana is yours to plan it.');
  }, SPAWN_TIMEOUT_MS);

  it('the fourth follows a pair through three weeks of check-ins, alerts and a coordinator contact', () => {
    const out = runDemo(demos()[3] as string);
    // Each is asked in their own time zone: 10:00 in London is 10:00 UTC, in New York 15:00 UTC.
    expect(out).toContain('[dm tom-reid] Time for your mentoring check-in. Your answers go to the program coordinators, not to your match.');
    expect(out).toContain('[dm carol] Alert 1: @tom-reid answered 2 of 5 to “How is your mentoring going?” in their check-in.');
    expect(out).toContain('[dm carol] Alert 2: @nia-brooks has left 2 check-ins in a row unanswered.');
    expect(out).toContain('[ephemeral carol] Alert 1 resolved.');
    expect(out.some((l) => /^\[ephemeral carol\] @nia-brooks \(mentor, match 1\): overdue by \d+ days/.test(l))).toBe(true);
    expect(out.some((l) => /^\[ephemeral carol\] Logged: call with @tom-reid on \d{4}-\d\d-\d\d \(15 minutes\)\. Next contact due by /.test(l))).toBe(true);
    expect(out.some((l) => l.startsWith('[ephemeral carol] 1. @nia-brooks (mentor) with @tom-reid (mentee) since ') && l.includes(': needs attention (1 open alert, coordinator contact overdue since '))).toBe(true);
    // 10:00 in New York: 15:00 UTC in winter, 14:00 in summer.
    expect(out.some((l) => /^\[ephemeral nia-brooks\] Check-ins: Last meeting: \d{4}-\d\d-\d\d\. Next check-in: \d{4}-\d\d-\d\d 1[45]:00 UTC\.$/.test(l))).toBe(true);
  }, SPAWN_TIMEOUT_MS);

  it('the fifth runs the first quarter of a partnership’s work plan', () => {
    const out = runDemo(demos()[4] as string);
    expect(out).toContain('[#mentoring-1-tom-nia] The work plan is active: both organisations agreed to version 3 (2 activities).');
    expect(out).toContain('[#mentoring-1-tom-nia] @tom marked activity 1 “Logic model for the drop-in programme” done, by the expert organisation.');
    expect(out.some((l) => l.startsWith('[dm nia] Time for your monthly work-plan update for partnership 1.'))).toBe(true);
    expect(out.some((l) => /^\[#mentoring-1-tom-nia\] Quarter 1 of your work plan, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d: time to look back and ahead\.$/.test(l))).toBe(true);
    expect(out).toContain('[#mentoring-1-tom-nia] Done: 1 activity done (0 by the community organisation, 0 together, 1 by the expert organisation); 2 were due this quarter.');
    expect(out).toContain('[dm nia] Does the work plan still fit your organisation\'s situation?');
    expect(out).toContain('[ephemeral carol] 1. @nia with @tom in #mentoring-1-tom-nia: active; 50% done (1 of 2); 1 overdue; last update none yet; capacity building 0%');
    expect(out.at(-1)).toMatch(/^\[ephemeral nia\] \d{4}-\d\d-\d\d @tom marked activity 1 “Logic model for the drop-in programme” done, by the expert organisation\.$/);
  }, SPAWN_TIMEOUT_MS);

  it('the sixth ends a match early and reports on the program, with charts and the evaluation data set', () => {
    const out = runDemo(`EXPORT_DIR=$(mktemp -d) ${demos()[5] as string}`);
    expect(out).toContain('[dm carol] @tom-reid (mentee) asks to end match 1 with @nia-brooks: “Our shifts no longer overlap”. To close it: `/mentor match close 1 early <reason> [note]`.');
    expect(out.some((l) => l.startsWith('[ephemeral carol] Match 1 is closed (early: schedules).'))).toBe(true);
    expect(out).toContain('[#mentoring-1-nia-tom] (channel archived: members can read it, nobody can post)');
    // The open check-in closed with the match: the reply goes to the exit interview.
    expect(out).toContain('[dm tom-reid] Exit interview, question 2 of 3');
    expect(out).toContain('[ephemeral carol] Matches: 0 active; 1 closed (0 as planned, 1 early): schedules 1. Median length of those closed: 21 days; reached the planned duration: 0%.');
    expect(out).toContain('[ephemeral carol] I have sent you 2 charts in a direct message.');
    expect(out.some((l) => /^\[dm carol\] File funnel-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.png saved to .*\(\d+\.\d kB\)\.$/.test(l))).toBe(true);
    expect(out).toContain('[ephemeral carol] I have sent you 10 CSV files in a direct message.');
    expect(out.some((l) => /^\[dm carol\] File data-dictionary\.csv saved to /.test(l))).toBe(true);
    expect(out.filter((l) => l.includes('tom-reid') && l.includes('.csv saved'))).toEqual([]);
  }, SPAWN_TIMEOUT_MS);
});
