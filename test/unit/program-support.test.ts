import { describe, expect, it } from 'vitest';
import { parseProgramDefinition } from '../../src/domain/programs/load-program.js';
import { issuesOf, MINIMAL } from '../support/program-yaml.js';

const CHECKINS = `checkins:
  cadence: weekly
  time: "10:00"
  questions:
    - { id: how, type: scale, prompt: How is it going? }
    - { id: working, type: single_choice, prompt: Is it working?, options: [Yes, Not sure, No] }
    - { id: note, type: text, prompt: Anything else?, required: false }
`;

describe('program support settings', () => {
  it('quiet hours default to 21:00–08:00 and may be set, not empty', () => {
    expect(parseProgramDefinition(MINIMAL, 't.yaml').quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(parseProgramDefinition(`${MINIMAL}quietHours: { start: "22:00", end: "07:30" }\n`, 't.yaml').quietHours).toEqual({ start: '22:00', end: '07:30' });
    expect(issuesOf(`${MINIMAL}quietHours: { start: "22:00", end: "22:00" }\n`)).toEqual(['quietHours.end: end must differ from start']);
  });

  it('checks the not-working rule against the questions it reads', () => {
    const rule = (r: string) => `${MINIMAL}${CHECKINS}support:\n  alerts:\n    notWorking: ${r}\n`;
    expect(parseProgramDefinition(rule('{ question: working, answers: [no, Not Sure] }'), 't.yaml').support.alerts.notWorking).toEqual({ question: 'working', answers: ['no', 'Not Sure'] });
    expect(issuesOf(rule('{ question: wrking, answers: [No] }'))).toEqual(['support.alerts.notWorking.question: no check-in or survey question "wrking"']);
    expect(issuesOf(rule('{ question: working, answers: [Never] }'))).toEqual(['support.alerts.notWorking.answers.0: "Never" is not a choice of question "working" (Yes, Not sure, No)']);
    expect(issuesOf(rule('{ question: note, answers: [No] }'))).toEqual(['support.alerts.notWorking.question: question "note" must be a choice or yes/no question, not text']);
  });

  it('takes a contact schedule of periods, and refuses an empty period', () => {
    const program = parseProgramDefinition(`${MINIMAL}support:\n  contactSchedule: [{ until: { weeks: 1 } }, { until: { months: 6 }, times: 6 }]\n  thenEvery: { months: 2 }\n`, 't.yaml');
    expect(program.support.contactSchedule).toEqual([{ until: { weeks: 1 }, times: 1 }, { until: { months: 6 }, times: 6 }]);
    expect(issuesOf(`${MINIMAL}support:\n  contactSchedule: [{ until: {} }]\n`)[0]).toContain('support.contactSchedule.0.until');
    expect(issuesOf(`${MINIMAL}support:\n  contactSchedule: [{ until: { months: 1 } }, { until: { weeks: 2 } }]\n`)).toEqual(['support.contactSchedule.1.until: must be later than the step before']);
  });
});
