import { describe, expect, it } from 'vitest';
import { parseProgramDefinition } from '../../src/domain/programs/load-program.js';
import { issuesOf, MINIMAL } from '../support/program-yaml.js';

describe('matching criteria against the intake questions', () => {
  it('checks matching criteria against the intake questions', () => {
    const yaml = `${MINIMAL}intake:
  mentor:
    - { id: expertise, type: multiple_choice, prompt: Expertise?, options: [Leadership, Finance] }
  mentee:
    - { id: goals, type: multiple_choice, prompt: Goals?, options: [Confidence, Careers] }
matching:
  criteria:
    - { id: goals, mentorQuestion: expertise, menteeQuestion: goals, kind: overlap, weight: 5 }
    - { id: tz, mentorQuestion: timezone, menteeQuestion: goals, kind: timezone_distance, weight: 1 }
`;
    expect(issuesOf(yaml)).toEqual([
      'matching.criteria.0.kind: "expertise" and "goals" share no option values, so they can never overlap',
      'matching.criteria.1.mentorQuestion: no intake question "timezone" for role mentor',
    ]);
  });

});

describe('matching criteria kinds and capacity', () => {
  const INTAKE = `${MINIMAL}intake:
  mentor:
    - { id: dept, type: single_choice, prompt: Department?, options: [Finance, Sales] }
    - { id: zone, type: timezone, prompt: Zone? }
    - { id: style, type: scale, prompt: Style? }
    - { id: hours, type: number, prompt: Hours? }
    - { id: slots, type: number, prompt: How many mentees?, min: 0, max: 5 }
    - { id: note, type: text, prompt: Note? }
  mentee:
    - { id: dept, type: single_choice, prompt: Department?, options: [Finance, Sales] }
    - { id: zone, type: timezone, prompt: Zone? }
    - { id: style, type: scale, prompt: Style? }
    - { id: hours, type: number, prompt: Hours? }
    - { id: note, type: text, prompt: Note? }
`;
  const criteria = (...lines: string[]) => `${INTAKE}matching:\n  criteria:\n${lines.map((l) => `    - ${l}\n`).join('')}`;

  it('accepts each new kind used as documented', () => {
    const program = parseProgramDefinition(
      criteria(
        '{ id: a, mentorQuestion: dept, menteeQuestion: dept, kind: different, weight: 0, required: true }',
        '{ id: b, mentorQuestion: zone, menteeQuestion: zone, kind: timezone_distance, weight: 2, required: true, maxDistance: 3 }',
        '{ id: c, mentorQuestion: style, menteeQuestion: style, kind: scale_distance, weight: 1 }',
        '{ id: d, mentorQuestion: hours, menteeQuestion: hours, kind: number_distance, weight: 1, maxDistance: 10, label: weekly hours }',
      ).replace('matching:\n', 'matching:\n  capacityQuestion: slots\n  minScore: 2\n'),
      'ok.yaml',
    );
    expect(program.matching.criteria.map((c) => [c.kind, c.required])).toEqual([
      ['different', true],
      ['timezone_distance', true],
      ['scale_distance', false],
      ['number_distance', false],
    ]);
    expect(program.matching).toMatchObject({ capacityQuestion: 'slots', minScore: 2 });
  });

  it('different, like equal, needs two questions of the same type', () => {
    expect(issuesOf(criteria('{ id: a, mentorQuestion: dept, menteeQuestion: note, kind: different, weight: 1 }'))).toEqual([
      'matching.criteria.0.kind: different needs two questions of the same type; "dept" is single_choice and "note" is text',
    ]);
  });

  it('number_distance needs two number questions and maxDistance', () => {
    expect(issuesOf(criteria('{ id: a, mentorQuestion: hours, menteeQuestion: style, kind: number_distance, weight: 1 }'))).toEqual([
      'matching.criteria.0.kind: number_distance needs two number questions; "hours" is number and "style" is scale',
      'matching.criteria.0.maxDistance: required for number_distance: the difference at which the score reaches 0',
    ]);
  });

  it('scale_distance needs scale or number questions, and maxDistance when neither has a range', () => {
    expect(issuesOf(criteria('{ id: a, mentorQuestion: zone, menteeQuestion: style, kind: scale_distance, weight: 1 }'))).toEqual([
      'matching.criteria.0.kind: scale_distance needs scale or number questions; "zone" is timezone and "style" is scale',
    ]);
    expect(issuesOf(criteria('{ id: a, mentorQuestion: hours, menteeQuestion: hours, kind: scale_distance, weight: 1 }'))).toEqual([
      'matching.criteria.0.maxDistance: needed: "hours" and "hours" have no min and max to take the range from',
    ]);
  });

  it('timezone_distance needs time zone questions and at most 12 hours', () => {
    expect(issuesOf(criteria('{ id: a, mentorQuestion: zone, menteeQuestion: note, kind: timezone_distance, weight: 1, maxDistance: 13 }'))).toEqual([
      'matching.criteria.0.kind: timezone_distance needs two timezone questions; "zone" is timezone and "note" is text',
      'matching.criteria.0.maxDistance: time zones are at most 12 hours apart round the clock, got 13',
    ]);
  });

  it('maxDistance belongs to distance kinds, and a required distance criterion needs one', () => {
    expect(issuesOf(criteria(
      '{ id: a, mentorQuestion: dept, menteeQuestion: dept, kind: equal, weight: 1, maxDistance: 2 }',
      '{ id: b, mentorQuestion: zone, menteeQuestion: zone, kind: timezone_distance, weight: 1, required: true }',
    ))).toEqual([
      'matching.criteria.0.maxDistance: only distance kinds (timezone_distance, scale_distance, number_distance) have maxDistance, not equal',
      'matching.criteria.1.maxDistance: needed when a timezone_distance criterion is required: without it every pair is within the default',
    ]);
  });

  it('capacityQuestion must be a number question of the mentor intake', () => {
    const withCapacity = (id: string) => `${INTAKE}matching:\n  capacityQuestion: ${id}\n`;
    expect(issuesOf(withCapacity('seats'))).toEqual(['matching.capacityQuestion: no intake question "seats" for role mentor']);
    expect(issuesOf(withCapacity('dept'))).toEqual(['matching.capacityQuestion: question "dept" must be a number question (how many mentees), not single_choice']);
  });
});
