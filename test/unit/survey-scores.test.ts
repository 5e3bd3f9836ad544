import { describe, expect, it } from 'vitest';
import { parseProgramDefinition } from '../../src/domain/programs/load-program.js';
import { formatMean, onFivePoints, scaleScores } from '../../src/domain/surveys/survey-scores.js';
import { surveyTimeOfDay } from '../../src/domain/surveys/survey-timing.js';
import { MINIMAL } from '../support/program-yaml.js';

const program = (extra = '') =>
  parseProgramDefinition(
    `${MINIMAL}${extra}surveys:
  - id: s
    title: S
    roles: [mentee]
    when: { event: match_start }
    questions:
      - { id: a, type: scale, prompt: A? }
      - { id: b, type: scale, prompt: B?, reverse: true }
      - { id: c, type: scale, prompt: C? }
      - { id: d, type: scale, prompt: D?, reverse: true }
      - { id: t, type: scale, prompt: Out of ten?, min: 0, max: 10, reverse: true }
    scales:
      - { id: four, title: Four, items: [a, b, c, d] }
      - { id: ten, title: Ten, items: [t] }
      - { id: strict, title: Strict, items: [a, b, c], minAnswered: 3 }
`,
    'scores.yaml',
  );

describe('scale scores', () => {
  const survey = program().surveys[0]!;

  it('flips reverse-coded items as min + max − answer and averages what was answered', () => {
    const scores = scaleScores(survey, new Map<string, unknown>([['a', 5], ['b', 1], ['c', 3], ['d', 4], ['t', 2]]));
    expect(scores).toEqual([
      { scaleId: 'four', mean: (5 + 5 + 3 + 2) / 4, itemsAnswered: 4, items: 4, min: 1, max: 5 },
      { scaleId: 'ten', mean: 8, itemsAnswered: 1, items: 1, min: 0, max: 10 },
      { scaleId: 'strict', mean: (5 + 5 + 3) / 3, itemsAnswered: 3, items: 3, min: 1, max: 5 },
    ]);
  });

  it('leaves unanswered items out, and stores no score under the minimum answered (default: half, rounded up)', () => {
    const scores = scaleScores(survey, new Map<string, unknown>([['a', 4], ['d', 2]]));
    // four: 2 of 4 answered is enough; strict needs all 3; ten had no answer.
    expect(scores).toEqual([{ scaleId: 'four', mean: 4, itemsAnswered: 2, items: 4, min: 1, max: 5 }]);
    expect(scaleScores(survey, new Map([['a', 4]]))).toEqual([]);
  });

  it('reads any range on 1 to 5, and formats means for people', () => {
    expect(onFivePoints(8, 0, 10)).toBeCloseTo(4.2);
    expect(onFivePoints(3, 1, 5)).toBe(3);
    expect(formatMean(14 / 6)).toBe('2.33');
    expect(formatMean(4)).toBe('4');
  });
});

describe('the time surveys arrive', () => {
  it('is the check-in time, 10:00 without check-ins', () => {
    expect(surveyTimeOfDay(program())).toEqual({ time: '10:00', at: '10:00', dayShift: 0 });
    expect(surveyTimeOfDay(program('checkins: { cadence: weekly, time: "14:30", questions: [{ id: q, type: scale, prompt: Q? }] }\n'))).toEqual({ time: '14:30', at: '14:30', dayShift: 0 });
  });

  it('moves out of quiet hours as outsideQuietHours does: later the same day, or the next morning', () => {
    const checkinsAt = (time: string) => `checkins: { cadence: weekly, time: "${time}", questions: [{ id: q, type: scale, prompt: Q? }] }\n`;
    expect(surveyTimeOfDay(program(checkinsAt('07:00')))).toEqual({ time: '07:00', at: '08:00', dayShift: 0 });
    expect(surveyTimeOfDay(program(checkinsAt('22:15')))).toEqual({ time: '22:15', at: '08:00', dayShift: 1 });
    expect(surveyTimeOfDay(program(`quietHours: { start: "12:00", end: "13:30" }\n${checkinsAt('12:45')}`))).toEqual({ time: '12:45', at: '13:30', dayShift: 0 });
  });
});
