import { describe, expect, it } from 'vitest';
import { mentorCapacity } from '../../src/domain/matching/capacity.js';
import { compileCriteria, evaluateCriterion, type CompiledCriterion } from '../../src/domain/matching/criteria.js';
import { parseProgramDefinition } from '../../src/domain/programs/load-program.js';

const PROGRAM = `
slug: test
name: Test programme
audience: workplace
consent: { version: "1", text: I agree. }
intake:
  mentor:
    - { id: expertise, type: multiple_choice, prompt: Areas?, options: [Leadership, Communication, Technical skills, Career growth] }
    - { id: dept, type: single_choice, prompt: Department?, options: [{ value: fin, label: Finance }, { value: eng, label: Engineering }] }
    - { id: tz, type: timezone, prompt: Zone? }
    - { id: style, type: scale, prompt: Style?, min: 1, max: 5 }
    - { id: hours, type: number, prompt: Hours?, min: 0, max: 40 }
    - { id: note, type: text, prompt: Note?, required: false }
  mentee:
    - { id: goals, type: multiple_choice, prompt: Goals?, options: [Leadership, Communication, Technical skills, Career growth] }
    - { id: dept, type: single_choice, prompt: Department?, options: [{ value: fin, label: Finance }, { value: eng, label: Engineering }] }
    - { id: tz, type: timezone, prompt: Zone? }
    - { id: style, type: scale, prompt: Style?, min: 1, max: 5 }
    - { id: hours, type: number, prompt: Hours? }
matching:
  criteria:
    - { id: goals, label: goals, mentorQuestion: expertise, menteeQuestion: goals, kind: overlap, weight: 6, required: true }
    - { id: same_dept, label: department, mentorQuestion: dept, menteeQuestion: dept, kind: equal, weight: 2 }
    - { id: other_dept, label: department, mentorQuestion: dept, menteeQuestion: dept, kind: different, weight: 0, required: true }
    - { id: tz, label: time zone, mentorQuestion: tz, menteeQuestion: tz, kind: timezone_distance, weight: 3 }
    - { id: tz_close, label: time zone, mentorQuestion: tz, menteeQuestion: tz, kind: timezone_distance, weight: 3, required: true, maxDistance: 3 }
    - { id: style, label: meeting style, mentorQuestion: style, menteeQuestion: style, kind: scale_distance, weight: 1 }
    - { id: hours, label: weekly hours, mentorQuestion: hours, menteeQuestion: hours, kind: number_distance, weight: 2, maxDistance: 10 }
`;

const criteria = compileCriteria(parseProgramDefinition(PROGRAM, 'test.yaml'));
const byId = (id: string): CompiledCriterion => criteria.find((c) => c.id === id)!;
const WINTER = new Date('2026-01-15T12:00:00Z');
const SUMMER = new Date('2026-07-15T12:00:00Z');

/** One criterion for one pair, answers given by question id. */
function evaluate(id: string, mentor: Record<string, string | number | string[]>, mentee: Record<string, string | number | string[]>, at = WINTER) {
  return evaluateCriterion(byId(id), mentor, mentee, at);
}

describe('overlap', () => {
  it('is the share of the mentee’s choices the mentor also chose, named by label', () => {
    const r = evaluate('goals', { expertise: ['leadership', 'communication', 'career-growth'] }, { goals: ['leadership', 'communication', 'technical-skills'] });
    expect(r.score).toBeCloseTo(2 / 3);
    expect(r.contribution).toBeCloseTo(4);
    expect(r.passes).toBe(true);
    expect(r.why).toBe('you both named Leadership and Communication');
  });

  it('is not diluted by a mentor who offers more than the mentee asks for', () => {
    const r = evaluate('goals', { expertise: ['leadership', 'communication', 'career-growth', 'technical-skills'] }, { goals: ['leadership'] });
    expect(r.score).toBe(1);
    expect(r.why).toBe('you both named Leadership');
  });

  it('scores 0 and fails a required criterion when nothing is shared', () => {
    const r = evaluate('goals', { expertise: ['career-growth'] }, { goals: ['leadership', 'communication'] });
    expect(r).toMatchObject({ score: 0, passes: false, contribution: 0, why: 'nothing in common on goals' });
  });

  it('says whose answer is missing, and a missing answer fails a required criterion', () => {
    expect(evaluate('goals', {}, { goals: ['leadership'] })).toMatchObject({ score: 0, passes: false, missing: 'mentor', why: 'no usable answer on goals from the mentor' });
    expect(evaluate('goals', { expertise: ['leadership'] }, { goals: [] })).toMatchObject({ missing: 'mentee', why: 'no usable answer on goals from the mentee' });
    expect(evaluate('goals', {}, {})).toMatchObject({ missing: 'both', why: 'no usable answer on goals from either of you' });
  });

  it('lists three shared labels with commas and a final "and"', () => {
    const all = ['leadership', 'communication', 'technical-skills'];
    expect(evaluate('goals', { expertise: all }, { goals: all }).why).toBe('you both named Leadership, Communication and Technical skills');
  });
});

describe('equal and different', () => {
  it('equal scores 1 for the same answer and names its label', () => {
    expect(evaluate('same_dept', { dept: 'fin' }, { dept: 'fin' })).toMatchObject({ score: 1, contribution: 2, passes: true, why: 'same department (Finance)' });
    expect(evaluate('same_dept', { dept: 'fin' }, { dept: 'eng' })).toMatchObject({ score: 0, passes: false, why: 'different department (mentor: Finance; mentee: Engineering)' });
  });

  it('different is the reverse, and passes only when the answers differ', () => {
    expect(evaluate('other_dept', { dept: 'fin' }, { dept: 'eng' })).toMatchObject({ score: 1, passes: true });
    expect(evaluate('other_dept', { dept: 'fin' }, { dept: 'fin' })).toMatchObject({ score: 0, passes: false, why: 'same department (Finance)' });
  });
});

describe('timezone_distance', () => {
  it('measures hours between UTC offsets at the given instant, so daylight saving counts', () => {
    // London and New York: 5 hours apart all year but for a few weeks; Lagos stays at UTC+1.
    expect(evaluate('tz', { tz: 'Europe/London' }, { tz: 'Africa/Lagos' }, WINTER)).toMatchObject({ why: 'one hour apart' });
    expect(evaluate('tz', { tz: 'Europe/London' }, { tz: 'Africa/Lagos' }, SUMMER)).toMatchObject({ score: 1, why: 'no time difference' });
    const r = evaluate('tz', { tz: 'Europe/London' }, { tz: 'America/New_York' }, WINTER);
    expect(r.score).toBeCloseTo(1 - 5 / 12);
    expect(r.why).toBe('five hours apart');
  });

  it('goes round the clock: UTC+14 and UTC-10 are the same time of day', () => {
    expect(evaluate('tz', { tz: 'Pacific/Kiritimati' }, { tz: 'Pacific/Honolulu' })).toMatchObject({ score: 1 });
    expect(evaluate('tz', { tz: 'Asia/Tokyo' }, { tz: 'Asia/Tokyo' })).toMatchObject({ score: 1, why: 'same time zone' });
  });

  it('handles half-hour zones and says so in words', () => {
    const r = evaluate('tz', { tz: 'UTC' }, { tz: 'Asia/Kolkata' });
    expect(r.score).toBeCloseTo(1 - 5.5 / 12);
    expect(r.why).toBe('five and a half hours apart');
  });

  it('as required, passes within maxDistance inclusive and says when it is beyond', () => {
    expect(evaluate('tz_close', { tz: 'UTC' }, { tz: 'Europe/Moscow' })).toMatchObject({ score: 0, passes: true, why: 'three hours apart' });
    expect(evaluate('tz_close', { tz: 'UTC' }, { tz: 'Asia/Dubai' })).toMatchObject({ score: 0, passes: false, why: 'four hours apart (more than 3)' });
  });

  it('treats an unknown zone as no usable answer', () => {
    expect(evaluate('tz_close', { tz: 'Mars/Olympus' }, { tz: 'UTC' })).toMatchObject({ score: 0, passes: false, missing: 'mentor', why: 'no usable answer on time zone from the mentor' });
  });
});

describe('scale_distance and number_distance', () => {
  it('scale: 1 - |a-b| over the scale’s range by default', () => {
    expect(evaluate('style', { style: 1 }, { style: 4 })).toMatchObject({ score: 0.25, contribution: 0.25, why: '3 points apart on meeting style' });
    expect(evaluate('style', { style: 2 }, { style: 3 })).toMatchObject({ why: '1 point apart on meeting style' });
    expect(evaluate('style', { style: 5 }, { style: 5 })).toMatchObject({ score: 1, why: 'same answer on meeting style' });
    expect(evaluate('style', { style: 1 }, { style: 5 }).score).toBe(0);
  });

  it('number: 1 - |a-b| / maxDistance, never below 0', () => {
    expect(evaluate('hours', { hours: 10 }, { hours: 14 })).toMatchObject({ score: 0.6, why: '4 apart on weekly hours' });
    expect(evaluate('hours', { hours: 10 }, { hours: 35 })).toMatchObject({ score: 0, passes: false, why: '25 apart on weekly hours (more than 10)' });
  });
});

describe('requirements in words', () => {
  it('reads after "no mentor"', () => {
    expect(byId('goals').requirement).toBe('has any goals in common');
    expect(byId('other_dept').requirement).toBe('has a different department');
    expect(byId('tz_close').requirement).toBe('is within three hours of their time zone');
    expect(byId('style').requirement).toBe('is within 4 points on meeting style');
  });
});

describe('mentor capacity', () => {
  const matching = { mentorCapacity: 2, capacityQuestion: 'how_many' };
  it('takes the coordinator’s override, then the answer, then the program default', () => {
    expect(mentorCapacity(matching, 1, 3)).toEqual({ capacity: 1, source: 'coordinator' });
    expect(mentorCapacity(matching, undefined, 3)).toEqual({ capacity: 3, source: 'answer' });
    expect(mentorCapacity(matching, undefined, undefined)).toEqual({ capacity: 2, source: 'program' });
    expect(mentorCapacity({ mentorCapacity: 2 }, undefined, 3)).toEqual({ capacity: 2, source: 'program' });
  });

  it('rounds a fractional answer down and keeps 0 as a real capacity', () => {
    expect(mentorCapacity(matching, undefined, 2.5).capacity).toBe(2);
    expect(mentorCapacity(matching, 0, 3)).toEqual({ capacity: 0, source: 'coordinator' });
    expect(mentorCapacity(matching, undefined, -1).capacity).toBe(0);
    expect(mentorCapacity(matching, undefined, 'three').source).toBe('program');
  });
});
