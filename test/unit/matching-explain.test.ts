import { describe, expect, it } from 'vitest';
import { pairSentence, unmatchedReasons } from '../../src/domain/matching/explain.js';
import { pairKey, scorePool, type ForbiddenReason, type PoolMentee, type PoolMentor } from '../../src/domain/matching/score-pool.js';
import { parseProgramDefinition } from '../../src/domain/programs/load-program.js';

const program = (matching = '', extraCriteria = '') =>
  parseProgramDefinition(
    `
slug: test
name: Test programme
audience: workplace
consent: { version: "1", text: I agree. }
intake:
  mentor:
    - { id: expertise, type: multiple_choice, prompt: Areas?, options: [Leadership, Communication, Technical skills] }
    - { id: dept, type: single_choice, prompt: Department?, options: [Finance, Engineering, Sales] }
    - { id: tz, type: timezone, prompt: Zone? }
  mentee:
    - { id: goals, type: multiple_choice, prompt: Goals?, options: [Leadership, Communication, Technical skills] }
    - { id: dept, type: single_choice, prompt: Department?, options: [Finance, Engineering, Sales] }
    - { id: tz, type: timezone, prompt: Zone? }
matching:
  ${matching}
  criteria:
    - { id: goals, mentorQuestion: expertise, menteeQuestion: goals, kind: overlap, weight: 6 }
    - { id: tz, label: time zone, mentorQuestion: tz, menteeQuestion: tz, kind: timezone_distance, weight: 3, maxDistance: 6 }
    - { id: dept, label: department, mentorQuestion: dept, menteeQuestion: dept, kind: different, weight: 0, required: true }
${extraCriteria}`,
    'test.yaml',
  );

const AT = new Date('2026-01-15T12:00:00Z');
const mentor = (key: string, dept: string, expertise: string[], tz = 'Europe/London', capacity = 1): PoolMentor => ({ key, capacity, answers: { dept, expertise, tz } });
const mentee = (key: string, dept: string, goals: string[], tz = 'Europe/London'): PoolMentee => ({ key, answers: { dept, goals, tz } });

function pool(mentors: PoolMentor[], mentees: PoolMentee[], opts: { matching?: string; criteria?: string; forbidden?: [string, string, ForbiddenReason][] } = {}) {
  const forbidden = new Map((opts.forbidden ?? []).map(([m, e, r]) => [pairKey(m, e), r] as const));
  return scorePool({ program: program(opts.matching, opts.criteria), mentors, mentees, forbidden, at: AT });
}
const assignment = (...mentorOf: number[]) => Int32Array.from(mentorOf);

describe('a pair in plain words', () => {
  it('lists each criterion’s contribution with one decimal', () => {
    const p = pool([mentor('ana', 'finance', ['leadership', 'communication'], 'Europe/London')], [mentee('bo', 'sales', ['leadership', 'communication'], 'Africa/Lagos')]);
    const explained = p.explainPair(0, 0);
    expect(pairSentence(explained)).toBe('you both named Leadership and Communication: +6.0; one hour apart: +2.5; different department (mentor: Finance; mentee: Sales): +0.0');
    expect(explained.total).toBeCloseTo(8.5);
    expect(explained.warnings).toEqual([]);
    expect(p.scores[0]).toBeCloseTo(8.5);
  });

  it('warns why a pair may not be proposed, and scores it NaN', () => {
    const p = pool(
      [mentor('ana', 'finance', ['leadership']), mentor('cy', 'sales', ['leadership']), mentor('di', 'sales', ['leadership'])],
      [mentee('bo', 'finance', ['leadership']), mentee('ed', 'engineering', ['leadership'])],
      { forbidden: [['cy', 'ed', 'matched_before'], ['di', 'ed', 'excluded']] },
    );
    expect(Number.isNaN(p.scores[0])).toBe(true);
    expect(p.explainPair(0, 0).warnings).toEqual(['does not meet the required criterion "department": same department (Finance)']);
    expect(p.explainPair(1, 1).warnings).toEqual(['they have been matched before']);
    expect(p.explainPair(2, 1).warnings).toEqual(['a coordinator excluded this pair']);
    expect(p.explainPair(0, 1)).toMatchObject({ allowed: true, warnings: [] });
  });

  it('never pairs a person with themselves', () => {
    const p = pool([mentor('ana', 'finance', ['leadership'])], [mentee('ana', 'sales', ['leadership'])]);
    expect(Number.isNaN(p.scores[0])).toBe(true);
    expect(p.explainPair(0, 0).warnings).toEqual(['mentor and mentee are the same person']);
  });

  it('warns about a score under the minimum', () => {
    const p = pool([mentor('ana', 'finance', ['technical-skills'], 'Asia/Tokyo')], [mentee('bo', 'sales', ['leadership'])], { matching: 'minScore: 2' });
    expect(Number.isNaN(p.scores[0])).toBe(true);
    expect(p.explainPair(0, 0).warnings).toEqual(["scores 0, under the program's minimum of 2"]);
  });
});

describe('why a mentee is unmatched', () => {
  const reasonsFor = (p: ReturnType<typeof pool>, mentorOf: Int32Array) => unmatchedReasons(p, mentorOf).mentees.map((u) => u.reason);

  it('every suitable mentor is at capacity', () => {
    const p = pool([mentor('ana', 'finance', ['leadership']), mentor('cy', 'sales', ['leadership'])], [mentee('bo', 'engineering', ['leadership']), mentee('ed', 'engineering', ['leadership']), mentee('fy', 'engineering', ['leadership'])]);
    expect(reasonsFor(p, assignment(0, 1, -1))).toEqual(['every suitable mentor is at capacity (all 2 of them)']);
    const one = pool([mentor('ana', 'finance', ['leadership'])], [mentee('bo', 'engineering', ['leadership']), mentee('ed', 'engineering', ['leadership'])]);
    expect(reasonsFor(one, assignment(0, -1))).toEqual(['the one suitable mentor is at capacity']);
  });

  it('names the one required criterion every mentor fails, as a requirement', () => {
    const p = pool([mentor('ana', 'finance', ['leadership']), mentor('cy', 'finance', ['communication'])], [mentee('bo', 'finance', ['leadership'])]);
    expect(reasonsFor(p, assignment(-1))).toEqual(['no mentor has a different department']);
  });

  it('names the required criteria all mentors fail, or counts them when they differ', () => {
    const near = '    - { id: near, label: time zone, mentorQuestion: tz, menteeQuestion: tz, kind: timezone_distance, weight: 0, required: true, maxDistance: 2 }\n';
    const both = pool([mentor('ana', 'finance', ['leadership'], 'Asia/Tokyo'), mentor('cy', 'finance', ['leadership'], 'Asia/Dubai')], [mentee('bo', 'finance', ['leadership'])], { criteria: near });
    expect(reasonsFor(both, assignment(-1))).toEqual(['no mentor meets the required criteria "department" and "time zone"']);
    const apart = pool([mentor('ana', 'finance', ['leadership']), mentor('cy', 'sales', ['leadership'], 'Asia/Dubai'), mentor('di', 'sales', ['leadership'], 'Asia/Tokyo')], [mentee('bo', 'finance', ['leadership'])], { criteria: near });
    expect(reasonsFor(apart, assignment(-1))).toEqual(['no mentor meets every required criterion ("time zone" for 2 mentors, "department" for 1)']);
  });

  it('every pairing under the minimum score', () => {
    const p = pool([mentor('ana', 'sales', ['technical-skills'], 'Asia/Tokyo')], [mentee('bo', 'finance', ['leadership'])], { matching: 'minScore: 4.5' });
    expect(reasonsFor(p, assignment(-1))).toEqual(["every pairing scores under the program's minimum of 4.5"]);
  });

  it('matched before or excluded, told apart when all are one or the other', () => {
    const people = [mentor('ana', 'sales', ['leadership']), mentor('cy', 'sales', ['leadership'])];
    const bo = [mentee('bo', 'finance', ['leadership'])];
    const before = pool(people, bo, { forbidden: [['ana', 'bo', 'matched_before'], ['cy', 'bo', 'matched_before']] });
    expect(reasonsFor(before, assignment(-1))).toEqual(['matched before with every available mentor']);
    const excluded = pool(people, bo, { forbidden: [['ana', 'bo', 'excluded'], ['cy', 'bo', 'excluded']] });
    expect(reasonsFor(excluded, assignment(-1))).toEqual(['excluded by a coordinator from every available mentor']);
    const both = pool(people, bo, { forbidden: [['ana', 'bo', 'excluded'], ['cy', 'bo', 'matched_before']] });
    expect(reasonsFor(both, assignment(-1))).toEqual(['matched before or excluded with every available mentor']);
  });

  it('counts each cause when mentors are ruled out for different reasons', () => {
    const p = pool(
      [mentor('ana', 'finance', ['leadership']), mentor('cy', 'sales', ['technical-skills'], 'Asia/Tokyo'), mentor('di', 'sales', ['leadership'])],
      [mentee('bo', 'finance', ['leadership'])],
      { matching: 'minScore: 3', forbidden: [['di', 'bo', 'excluded']] },
    );
    expect(reasonsFor(p, assignment(-1))).toEqual([
      'no suitable mentor: 1 mentor fails the required criterion "department"; 1 mentor scores under the program\'s minimum of 3; 1 mentor was matched before or excluded',
    ]);
  });

  it('no mentors at all, or none with room this round', () => {
    expect(reasonsFor(pool([], [mentee('bo', 'finance', ['leadership'])]), assignment(-1))).toEqual(['no mentors available']);
    const full = pool([mentor('ana', 'sales', ['leadership'], 'UTC', 0)], [mentee('bo', 'finance', ['leadership'])]);
    expect(reasonsFor(full, assignment(-1))).toEqual(['no mentors available: none is taking a new mentee this round']);
  });

  it('says when a suitable mentor still had room, so a coordinator can pair them by hand', () => {
    const p = pool([mentor('ana', 'sales', ['leadership'])], [mentee('bo', 'finance', ['leadership'])]);
    expect(reasonsFor(p, assignment(-1))).toEqual(['not chosen in this round, though one suitable mentor still has room; a coordinator can pair them by hand']);
  });

  it('leaves matched mentees out', () => {
    const p = pool([mentor('ana', 'sales', ['leadership'])], [mentee('bo', 'finance', ['leadership'])]);
    expect(unmatchedReasons(p, assignment(0))).toEqual({ mentees: [], mentors: [] });
  });
});

describe('why a mentor has room left', () => {
  const reasonsFor = (p: ReturnType<typeof pool>, mentorOf: Int32Array) => unmatchedReasons(p, mentorOf).mentors.map((r) => ({ room: r.room, reason: r.reason }));

  it('no mentee left who suits them', () => {
    const p = pool([mentor('ana', 'sales', ['leadership'], 'UTC', 2), mentor('cy', 'engineering', ['leadership'])], [mentee('bo', 'finance', ['leadership'])]);
    expect(reasonsFor(p, assignment(1))).toEqual([{ room: 2, reason: 'no mentee left who suits them: the one who does is matched with another mentor' }]);
  });

  it('looks past their own mentees', () => {
    const p = pool([mentor('ana', 'sales', ['leadership'], 'UTC', 2)], [mentee('bo', 'finance', ['leadership']), mentee('ed', 'sales', ['leadership'])]);
    expect(reasonsFor(p, assignment(0, -1))).toEqual([{ room: 1, reason: 'no mentee has a different department' }]);
    const alone = pool([mentor('ana', 'sales', ['leadership'], 'UTC', 2)], [mentee('bo', 'finance', ['leadership'])]);
    expect(reasonsFor(alone, assignment(0))).toEqual([{ room: 1, reason: 'no other mentees to match' }]);
  });

  it('no mentee meets a requirement, or there are no mentees', () => {
    const p = pool([mentor('ana', 'finance', ['leadership'])], [mentee('bo', 'finance', ['leadership']), mentee('ed', 'finance', ['communication'])]);
    expect(reasonsFor(p, assignment(-1, -1))).toEqual([{ room: 1, reason: 'no mentee has a different department' }]);
    expect(reasonsFor(pool([mentor('ana', 'finance', ['leadership'])], []), assignment())).toEqual([{ room: 1, reason: 'no mentees to match' }]);
  });

  it('a suitable mentee still unmatched is pointed out', () => {
    const p = pool([mentor('ana', 'sales', ['leadership'], 'UTC', 3)], [mentee('bo', 'finance', ['leadership']), mentee('ed', 'finance', ['leadership'])]);
    expect(reasonsFor(p, assignment(0, -1))).toEqual([{ room: 2, reason: 'not chosen in this round, though one suitable mentee is still unmatched; a coordinator can pair them by hand' }]);
  });

  it('excluded from every mentee', () => {
    const p = pool([mentor('ana', 'sales', ['leadership'])], [mentee('bo', 'finance', ['leadership'])], { forbidden: [['ana', 'bo', 'excluded']] });
    expect(reasonsFor(p, assignment(-1))).toEqual([{ room: 1, reason: 'excluded by a coordinator from every mentee' }]);
  });
});
