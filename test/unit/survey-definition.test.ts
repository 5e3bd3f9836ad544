import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgramFile, parseProgramDefinition } from '../../src/domain/programs/load-program.js';
import type { ProgramDefinitionError } from '../../src/domain/programs/definition.js';
import { issuesOf, MINIMAL } from '../support/program-yaml.js';

const survey = (body: string) => `${MINIMAL}surveys:\n${body}`;

const PULSE = `  - id: pulse
    title: Pulse
    roles: [mentor, mentee]
    when: { every: { days: 14 } }
    questions:
      - { id: useful, type: scale, prompt: Our meetings are useful. }
      - { id: rushed, type: scale, prompt: Our meetings feel rushed., reverse: true }
      - { id: met, type: yes_no, prompt: Have you met? }
      - { id: wide, type: scale, prompt: Out of ten?, min: 0, max: 10 }
`;

describe('survey definitions', () => {
  it('reads every, reverse-coded items and scales, with their defaults', () => {
    const program = parseProgramDefinition(survey(`${PULSE}    scales: [{ id: meetings, title: Meetings, items: [useful, rushed] }]\n`), 'pulse.yaml');
    const [pulse] = program.surveys;
    expect(pulse?.when).toEqual({ every: { days: 14 }, offsetDays: 0 });
    expect(pulse?.questions[1]).toMatchObject({ id: 'rushed', reverse: true, min: 1, max: 5 });
    expect(pulse?.scales).toEqual([{ id: 'meetings', title: 'Meetings', items: ['useful', 'rushed'] }]);
  });

  it('names every problem with a scale, and with when', () => {
    const issues = issuesOf(
      survey(`${PULSE}    scales:
      - { id: meetings, title: Meetings, items: [useful, nope, met, useful, wide], minAnswered: 9 }
      - { id: meetings, title: Again, items: [rushed] }
  - id: other
    title: Other
    roles: [mentee]
    when: { event: match_start, every: { days: 3 }, offsetDays: -2 }
    questions:
      - { id: a, type: yes_no, prompt: A?, reverse: true }
      - { id: a, type: scale, prompt: Again? }
  - id: none
    title: None
    roles: [mentee]
    when: { offsetDays: 2 }
    questions: [{ id: b, type: scale, prompt: B? }]
`),
    );
    expect(issues).toEqual([
      'surveys.0.scales.0.items.1: no question "nope" in this survey',
      'surveys.0.scales.0.items.2: "met" is a yes_no question; a scale\'s items must be scale questions',
      'surveys.0.scales.0.items.3: "useful" is listed twice',
      'surveys.0.scales.0.items.4: "wide" runs from 0 to 10 but "useful" from 1 to 5: a scale\'s items share one range',
      'surveys.0.scales.0.minAnswered: is 9 but the scale has only 5 items',
      'surveys.0.scales.1.id: duplicate id "meetings" (also scale 0)',
      'surveys.1.when.every.days: must be at least 7, got 3',
      'surveys.1.when.offsetDays: must be at least 0, got -2',
      'surveys.1.when.every: give either an event or every, not both (event is match_start)',
      'surveys.1.questions.0.reverse: only scale questions are reverse-coded, not yes_no',
      'surveys.1.questions.1.id: duplicate id "a" (also question 0)',
      'surveys.2.when: give an event (intake_approved, match_start, match_close, every_quarter) or every: { days: n }',
    ]);
  });

  it('refuses an event and every together', () => {
    expect(issuesOf(survey(`  - { id: x, title: X, roles: [mentee], when: { event: match_start, every: { days: 30 } }, questions: [{ id: q, type: scale, prompt: Q? }] }\n`))).toEqual([
      'surveys.0.when.every: give either an event or every, not both (event is match_start)',
    ]);
  });
});

describe('survey instruments included from a file', () => {
  it('the workplace example asks two shipped instruments, with their versions', async () => {
    const program = await loadProgramFile('examples/workplace.yaml');
    const first = program.surveys.find((s) => s.id === 'first_weeks');
    expect(first).toMatchObject({ title: 'Your first weeks', instrument: 'relationship-quality', version: '2026-01', roles: ['mentor', 'mentee'], when: { event: 'match_start', offsetDays: 21 } });
    expect(first?.scales[0]?.items).toHaveLength(6);
    expect(program.surveys.find((s) => s.id === 'quarterly')).toMatchObject({ instrument: 'goal-progress', when: { event: 'every_quarter' } });
  });

  it.each(['relationship-quality', 'mentor-self-efficacy', 'goal-progress'])('%s has 4 to 8 scale items, some reverse-coded, in one scale', (name) => {
    const program = parseProgramDefinition(survey(`  - { include: ${name}.yaml, id: s, roles: [mentor], when: { event: match_start } }\n`), join(tmpdir(), 'anywhere.yaml'));
    const [s] = program.surveys;
    const items = s!.scales[0]!.items.map((id) => s!.questions.find((q) => q.id === id)!);
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items.length).toBeLessThanOrEqual(8);
    expect(items.some((q) => q.reverse)).toBe(true);
    expect(s).toMatchObject({ instrument: name, version: '2026-01' });
  });

  it('looks next to the program file first, and names the instrument file in its errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mentorbot-instruments-'));
    mkdirSync(join(dir, 'instruments'));
    writeFileSync(join(dir, 'instruments', 'own.yaml'), 'version: "1"\ntitle: Own\nquestions:\n  - { id: a, type: scale, prompt: A? }\n');
    const own = parseProgramDefinition(survey('  - { include: instruments/own.yaml, id: mine, title: Mine, roles: [mentee], when: { event: match_close } }\n'), join(dir, 'program.yaml'));
    expect(own.surveys[0]).toMatchObject({ id: 'mine', title: 'Mine', instrument: 'own', version: '1', scales: [] });

    writeFileSync(join(dir, 'instruments', 'bad.yaml'), 'version: 2026\ntitle: Bad\nquestions:\n  - { id: a, type: scale, prompt: A? }\n');
    writeFileSync(join(dir, 'instruments', 'scale.yaml'), 'version: "1"\ntitle: Bad scale\nquestions:\n  - { id: a, type: scale, prompt: A? }\nscales: [{ id: s, title: S, items: [a, b] }]\n');
    writeFileSync(join(dir, 'instruments', 'broken.yaml'), 'version: "1"\ntitle: [unclosed\n');
    const shown = (file: string) => join(dir, 'instruments', file);
    const err = (() => {
      try {
        parseProgramDefinition(
          survey(`  - { include: instruments/bad.yaml, id: a, roles: [mentee], when: { event: match_close } }
  - { include: instruments/scale.yaml, id: e, roles: [mentee], when: { event: match_close } }
  - { include: instruments/broken.yaml, id: b, roles: [mentee], when: { event: match_close } }
  - { include: instruments/missing.yaml, id: c, roles: [mentee], when: { event: match_close } }
  - { include: instruments/own.yaml, id: d, roles: [mentee], when: { event: match_close }, questions: [] }
`),
          join(dir, 'program.yaml'),
        );
      } catch (e) {
        return e as ProgramDefinitionError;
      }
      throw new Error('expected a ProgramDefinitionError');
    })();
    expect(err.source).toBe(join(dir, 'program.yaml'));
    expect(err.issues[0]).toBe(`surveys.0.include: ${shown('bad.yaml')}: version: expected a string, got 2026`);
    expect(err.issues[1]).toBe(`surveys.1.include: ${shown('scale.yaml')}: scales.0.items.1: no question "b" in this survey`);
    expect(err.issues[2]?.startsWith(`surveys.2.include: ${shown('broken.yaml')}: line 3, column 1: `)).toBe(true);
    expect(err.issues.slice(3)).toEqual([
      `surveys.3.include: no instrument file "instruments/missing.yaml" (looked at ${join(dir, 'instruments', 'missing.yaml')} and ${join(process.cwd(), 'examples', 'instruments', 'missing.yaml')})`,
      `surveys.4.questions: comes from the included instrument (${shown('own.yaml')}); write a survey of your own to change it`,
    ]);
  });

  it('still checks what the program gives with an include', () => {
    expect(issuesOf(survey('  - { include: goal-progress.yaml, id: Bad Id, roles: [], when: { event: match_close }, colour: blue }\n'))).toEqual([
      'surveys.0.colour: unknown field',
    ]);
    expect(issuesOf(survey('  - { include: goal-progress.yaml, id: Bad Id, roles: [], when: { event: match_close } }\n'))).toEqual([
      'surveys.0.id: expected a lowercase id such as "years_experience" or "check-in", got "Bad Id"',
      'surveys.0.roles: must not be empty',
    ]);
  });
});
