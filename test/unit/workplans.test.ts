import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { matchCommand } from '../../src/core/command-grammar.js';
import { parseProgramDefinition } from '../../src/domain/programs/load-program.js';
import { activityForm, parseActivityFormId, readActivityForm } from '../../src/domain/workplans/activity-form.js';
import { capacityIndicator, describeIndicator, expertLedRun, trendOf } from '../../src/domain/workplans/indicator.js';
import { closedQuarters, quarterClosesAt, quarterDates } from '../../src/domain/workplans/quarters.js';
import { issuesOf } from '../support/program-yaml.js';

const example = readFileSync('examples/inter-organisational.yaml', 'utf8');
const program = parseProgramDefinition(example, 'examples/inter-organisational.yaml');
/** The example with its sections changed. */
type Doc = { workplans: Record<string, unknown>; surveys: unknown[] };
const variant = (change: (doc: Doc) => void) => {
  const doc = YAML.parse(example) as Doc;
  change(doc);
  return YAML.stringify(doc);
};

describe('the capacity-building indicator', () => {
  const scale = { min: 1, max: 5 };
  it('averages the share done by the community organisation or together with the reversed "mentor did it" scale', () => {
    expect(capacityIndicator({ done: 4, doneCommunity: 1, doneTogether: 2, doingMean: null, doingScale: scale })).toBe(0.75);
    expect(capacityIndicator({ done: 0, doneCommunity: 0, doneTogether: 0, doingMean: 2, doingScale: scale })).toBe(0.75);
    expect(capacityIndicator({ done: 1, doneCommunity: 0, doneTogether: 0, doingMean: 4.5, doingScale: scale })).toBe(0.0625);
    expect(capacityIndicator({ done: 0, doneCommunity: 0, doneTogether: 0, doingMean: null, doingScale: scale })).toBeNull();
  });
  it('reads a trend only past a tenth, and says it in words', () => {
    expect(trendOf(0.6, 0.4)).toBe('up');
    expect(trendOf(0.3, 0.45)).toBe('down');
    expect(trendOf(0.5, 0.45)).toBe('steady');
    expect(trendOf(0.5, null)).toBe('first');
    expect(describeIndicator(0.6, 0.4)).toBe('60% ↑ (was 40%)');
    expect(describeIndicator(0.6, undefined)).toBe('60%');
    expect(describeIndicator(null, 0.4)).toBe('not known yet');
  });
  it('calls a run expert-led only when every one of the last n quarters is known and under a half', () => {
    expect(expertLedRun([0.9, 0.2, 0.4], 2)).toBe(true);
    expect(expertLedRun([0.2, 0.5], 2)).toBe(false);
    expect(expertLedRun([null, 0.1], 2)).toBe(false);
    expect(expertLedRun([0.1], 2)).toBe(false);
  });
});

describe('review periods', () => {
  it('counts quarters from the start, closing at the check-in time in the program’s zone', () => {
    expect(quarterDates(program, '2026-11-30', 1)).toEqual({ startsOn: '2026-11-30', endsOn: '2027-02-28' });
    expect(quarterDates(program, '2026-11-30', 2)).toEqual({ startsOn: '2027-02-28', endsOn: '2027-05-30' });
    // 10:00 in Toronto: 15:00 UTC in winter, 14:00 in summer.
    expect(quarterClosesAt(program, '2026-11-30', 1).toISOString()).toBe('2027-02-28T15:00:00.000Z');
    expect(quarterClosesAt(program, '2026-11-30', 2).toISOString()).toBe('2027-05-30T14:00:00.000Z');
    expect(closedQuarters(program, '2026-11-30', new Date('2027-02-28T14:59:00Z'))).toBe(0);
    expect(closedQuarters(program, '2026-11-30', new Date('2027-02-28T15:00:00Z'))).toBe(1);
  });
});

describe('the activity form', () => {
  const form = activityForm({ planId: '6f1c1a38-7d0e-4c1b-9c55-0d2b8a1e4f10', lead: 'together', reasonRequired: true });
  it('fits one Discord modal and names its plan, activity and lead in its id', () => {
    expect(form.fields).toHaveLength(5);
    expect(form.id.length).toBeLessThanOrEqual(90);
    expect(parseActivityFormId(form.id)).toEqual({ planId: '6f1c1a38-7d0e-4c1b-9c55-0d2b8a1e4f10', number: 'new', lead: 'together' });
    expect(parseActivityFormId('workplan-activity:x:2:boss')).toBeNull();
    expect(form.fields.at(-1)).toMatchObject({ id: 'reason', optional: false });
  });
  const dates = { earliest: '2026-11-23', today: '2026-12-01' };
  it('reads an activity, a milestone without a deliverable, and refuses what cannot be', () => {
    const values = { title: ' Logic model ', due: '2027-01-29', deliverable: 'A page', indicator: '', reason: 'Agreed at our call' };
    expect(readActivityForm(values, 'community', dates, true)).toEqual({
      fields: { title: 'Logic model', lead: 'community', dueOn: '2027-01-29', deliverable: 'A page', indicator: null },
      reason: 'Agreed at our call',
    });
    expect(readActivityForm({ ...values, deliverable: ' ' }, 'community', dates, false).fields.deliverable).toBeNull();
    const refusal = (v: Record<string, string>, required = false) => {
      try {
        readActivityForm(v, 'community', dates, required);
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(refusal({ ...values, title: '  ' })).toBe('The activity needs a title. Nothing was changed.');
    expect(refusal({ ...values, due: '29/01/2027' })).toBe('The due date: Please write the date as YYYY-MM-DD, for example 2027-01-15, or say “in 6 weeks”. Nothing was changed.');
    expect(readActivityForm({ ...values, due: 'in 6 weeks' }, 'community', dates, false).fields.dueOn).toBe('2027-01-12');
    expect(readActivityForm({ ...values, due: 'In 3 months' }, 'community', dates, false).fields.dueOn).toBe('2027-03-01');
    expect(refusal({ ...values, due: 'in a while' })).toContain('or say “in 6 weeks”');
    expect(refusal({ ...values, due: '2026-11-01' })).toBe('The due date 2026-11-01 is before the partnership started (2026-11-23). Nothing was changed.');
    expect(refusal({ ...values, reason: '' }, true)).toBe('Say why this change is needed: the plan is agreed, so every change keeps its reason. Nothing was changed.');
    expect(refusal({ ...values, indicator: 'x'.repeat(501) })).toBe('Please keep the indicator under 500 characters (yours has 501). Nothing was changed.');
  });
});

describe('work plans in a program definition', () => {
  it('takes defaults and the example’s review questions', () => {
    expect(program.workplans).toMatchObject({ draftWithinWeeks: 8, day: 'thursday', review: { fitsQuestion: 'plan_still_fits', doingQuestion: 'doing_vs_facilitating' }, expertLedPeriodsForAlert: 2 });
  });
  it('refuses a review survey or questions that are not there, or of the wrong type', () => {
    expect(issuesOf(variant((d) => (d.workplans.review = { survey: 'nope' })))).toContain('workplans.review.survey: no survey "nope"');
    expect(issuesOf(variant((d) => (d.workplans.review = { fitsQuestion: 'capacity_built' })))).toContain('workplans.review.fitsQuestion: question "capacity_built" must be a yes_no question, not scale');
    expect(issuesOf(variant((d) => (d.workplans.review = { doingQuestion: 'gone' })))).toContain('workplans.review.doingQuestion: survey "quarterly_review" has no question "gone"');
    expect(issuesOf(variant((d) => (d.surveys = [])))).toContain('workplans.review.survey: no survey with `when: { event: every_quarter }` to review the plans with');
  });
});

describe('command aliases', () => {
  const specs = [
    { path: ['plan', 'show'], aliases: [['plan']], summary: '', access: 'anyone' as const, args: [] },
    { path: ['plan', 'list'], aliases: [['plans']], summary: '', access: 'anyone' as const, args: [] },
    { path: ['plan', 'export'], aliases: [['plans', 'export']], summary: '', access: 'anyone' as const, args: [] },
  ];
  it('runs a subcommand by its short form, the longest match winning', () => {
    expect(matchCommand(specs, 'plan').spec.path).toEqual(['plan', 'show']);
    expect(matchCommand(specs, 'plan show 2')).toMatchObject({ spec: { path: ['plan', 'show'] }, rest: ['2'] });
    expect(matchCommand(specs, 'plans').spec.path).toEqual(['plan', 'list']);
    expect(matchCommand(specs, 'plans export').spec.path).toEqual(['plan', 'export']);
    expect(matchCommand(specs, 'plan list').spec.path).toEqual(['plan', 'list']);
  });
});
