import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CLOSURE_REASONS,
  ORIENTATION_TOPICS,
  ProgramDefinitionError,
  QUESTION_TYPES,
  questionOptions,
  type ProgramDefinition,
} from '../../src/domain/programs/definition.js';
import { loadProgramFile, loadPrograms, parseProgramDefinition } from '../../src/domain/programs/load-program.js';
import { issuesOf, MINIMAL } from '../support/program-yaml.js';

/** A youth program needs every role's age question, named by `youth.ageQuestion`. */
const AGE_INTAKE = `intake:
  mentor: [{ id: age, type: number, prompt: How old are you? }]
  mentee: [{ id: age, type: number, prompt: How old are you? }]
`;

const EXAMPLES = [
  { file: 'examples/workplace.yaml', slug: 'workplace', audience: 'workplace' },
  { file: 'examples/youth.yaml', slug: 'youth', audience: 'youth' },
  { file: 'examples/inter-organisational.yaml', slug: 'knowledge-mobilisation', audience: 'inter-organisational' },
] as const;

describe('example program definitions', () => {
  it.each(EXAMPLES)('$file parses as a $audience program', async ({ file, slug, audience }) => {
    const program = await loadProgramFile(file);
    expect(program.slug).toBe(slug);
    expect(program.audience).toBe(audience);
    expect(program.orientation.map((s) => s.topic).sort()).toEqual([...ORIENTATION_TOPICS].sort());
    expect(program.consent.version).toBe('2026-01');
  });

  it('the workplace example uses every question type in its intake', async () => {
    const program = await loadProgramFile('examples/workplace.yaml');
    const types = new Set([...program.intake.mentor, ...program.intake.mentee].map((q) => q.type));
    expect([...types].sort()).toEqual([...QUESTION_TYPES].sort());
    const goals = program.intake.mentee.find((q) => q.id === 'goals');
    expect(goals).toMatchObject({ type: 'multiple_choice', visibility: 'shareable' });
    expect(program.eligibility.rules.map((e) => e.id)).toEqual(['mentor_experience', 'mentor_training', 'mentee_commitment']);
    expect(program.checkins?.cadence).toBe('weekly');
  });

  it('the youth example asks mentees their age first and has youth settings', async () => {
    const program = await loadProgramFile('examples/youth.yaml');
    expect(program.youth).toEqual({
      minimumAge: 13,
      ageOfMajority: 18,
      guardianConsent: true,
      staffRole: 'Mentoring Staff',
      ageQuestion: 'age',
    });
    expect(program.quietHours).toEqual({ start: '21:00', end: '08:00' });
    expect(program.intake.mentee[0]).toMatchObject({ id: 'age', type: 'number', min: 0, max: 25 });
    expect(program.checkins?.cadence).toBe('biweekly');
    expect(program.screening.checklist.find((c) => c.id === 'enhanced_background_check')?.roles).toEqual(['mentor']);
  });

  it('the inter-organisational example has quarterly-reviewed work plans', async () => {
    const program = await loadProgramFile('examples/inter-organisational.yaml');
    expect(program.workplans).toMatchObject({ updateCadence: 'monthly', reviewEvery: 'quarter' });
    expect(program.workplans?.fields.map((f) => f.id)).toEqual(['activity_progress', 'milestones_met', 'barriers', 'support_needed']);
    expect(program.checkins?.cadence).toBe('monthly');
    expect(program.surveys.some((s) => s.when.event === 'every_quarter')).toBe(true);
  });

  it('loads several files in order', async () => {
    const programs = await loadPrograms(EXAMPLES.map((e) => e.file));
    expect(programs.map((p) => p.slug)).toEqual(['workplace', 'youth', 'knowledge-mobilisation']);
  });
});

describe('defaults', () => {
  it('fills in every default of a minimal definition', () => {
    const program: ProgramDefinition = parseProgramDefinition(MINIMAL, 'minimal.yaml');
    expect(program).toEqual({
      slug: 'test',
      name: 'Test programme',
      audience: 'workplace',
      roles: ['mentor', 'mentee'],
      orientation: [],
      consent: { version: '2026-01', text: 'I agree.' },
      intake: { mentor: [], mentee: [] },
      eligibility: { rules: [], reapplyAfterDays: undefined, listed: true },
      screening: { checklist: [] },
      training: { modules: [] },
      matching: { mentorCapacity: 1, requireCoordinatorReview: true, minScore: 0, participantsAccept: false, acceptWithinDays: 7, durationMonths: 12, criteria: [] },
      introduction: { icebreakers: [], acknowledgeWithinDays: 3 },
      surveys: [],
      closure: {
        questions: [],
        reasons: DEFAULT_CLOSURE_REASONS,
        endingGuidance: expect.stringMatching(/^Endings matter\./) as string,
        closingMessage: 'This mentoring match has now closed. Thank you both for the time and care you gave it.',
        contactAfter: 'Any contact after the match is up to both of you; the program no longer supports or supervises it.',
        rematchMentors: false,
        rematchAfterDays: 14,
      },
      quietHours: { start: '21:00', end: '08:00' },
      support: {
        alerts: { lowScoreAtOrBelow: 2, missedCheckinsInARow: 2, scoreDropBy: 1, ratingGapAtLeast: 2, safeguardingWords: [], escalateAfterDays: 2 },
        contactSchedule: [
          { until: { days: 2 }, times: 1 },
          { until: { months: 1 }, times: 2 },
          { until: { months: 12 }, times: 11 },
        ],
        thenEvery: { months: 3 },
      },
    });
  });

  it('fills in question, check-in, survey, training and youth defaults', () => {
    const program = parseProgramDefinition(
      `${MINIMAL.replace('audience: workplace', 'audience: youth')}
youth: { minimumAge: 13, staffRole: Mentoring Staff, ageQuestion: age }
${AGE_INTAKE}training:
  modules: [{ id: basics, title: Basics, hours: 2 }]
checkins:
  cadence: monthly
  questions: [{ id: mood, type: scale, prompt: How is it going? }]
surveys:
  - id: start
    title: Start
    roles: [mentee]
    when: { event: match_start }
    questions: [{ id: ok, type: yes_no, prompt: All good? }]
`,
      'defaults.yaml',
    );
    expect(program.youth).toEqual({ minimumAge: 13, ageOfMajority: 18, guardianConsent: true, staffRole: 'Mentoring Staff', ageQuestion: 'age' });
    expect(program.training.modules[0]?.required).toBe(true);
    expect(program.checkins).toMatchObject({ day: 'monday', time: '10:00', contactOverdueDays: 21 });
    expect(program.checkins?.questions[0]).toEqual({
      id: 'mood',
      type: 'scale',
      prompt: 'How is it going?',
      required: true,
      visibility: 'private',
      min: 1,
      max: 5,
    });
    expect(program.surveys[0]?.when).toEqual({ event: 'match_start', offsetDays: 0 });
  });
});

describe('questionOptions', () => {
  it('turns strings into slugified values and keeps explicit ones', () => {
    expect(
      questionOptions({ type: 'single_choice', options: ['Career growth', 'Work–life balance!', { value: 'other', label: 'Something else' }] }),
    ).toEqual([
      { value: 'career-growth', label: 'Career growth' },
      { value: 'work-life-balance', label: 'Work–life balance!' },
      { value: 'other', label: 'Something else' },
    ]);
    expect(questionOptions({ type: 'multiple_choice', options: ['Café culture'] })).toEqual([
      { value: 'cafe-culture', label: 'Café culture' },
    ]);
  });

  it('gives yes/no for yes_no and nothing for other types', () => {
    expect(questionOptions({ type: 'yes_no' })).toEqual([
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ]);
    expect(questionOptions({ type: 'text' })).toEqual([]);
  });
});

describe('errors', () => {
  const checkins = (body: string) =>
    `${MINIMAL}checkins:\n${body}  questions:\n    - { id: how, type: scale, prompt: How is it going? }\n`;

  it('names the allowed values of an enum', () => {
    expect(issuesOf(checkins('  cadence: sometimes\n'))).toEqual([
      'checkins.cadence: expected "weekly" | "biweekly" | "monthly", got "sometimes"',
    ]);
  });

  it('reports each unknown field with its path', () => {
    expect(issuesOf(checkins('  cadence: weekly\n  frequency: 2\n  often: true\n'))).toEqual([
      'checkins.frequency: unknown field',
      'checkins.often: unknown field',
    ]);
  });

  it('reports a missing field as required', () => {
    expect(issuesOf(MINIMAL.replace('name: Test programme\n', ''))).toEqual(['name: required']);
  });

  it('reports a wrong type with the value found', () => {
    expect(issuesOf(MINIMAL.replace('"2026-01"', '3'))).toEqual(['consent.version: expected a string, got 3']);
    expect(issuesOf(MINIMAL.replace('"2026-01"', '[1, 2]'))).toEqual(['consent.version: expected a string, got a list']);
    expect(issuesOf(`${MINIMAL}contact: Priya\n`)).toEqual(['contact: expected an object, got "Priya"']);
    expect(issuesOf(`${MINIMAL}matching: { mentorCapacity: 1.5 }\n`)).toEqual([
      'matching.mentorCapacity: expected a whole number, got 1.5',
    ]);
  });

  it('formats the message with the source and one issue a line', () => {
    try {
      parseProgramDefinition(checkins('  cadence: sometimes\n  frequency: 2\n'), 'examples/bad.yaml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ProgramDefinitionError);
      const e = err as ProgramDefinitionError;
      expect(e.source).toBe('examples/bad.yaml');
      expect(e.message).toBe(
        'examples/bad.yaml: invalid program definition:\n' +
          '  - checkins.cadence: expected "weekly" | "biweekly" | "monthly", got "sometimes"\n' +
          '  - checkins.frequency: unknown field',
      );
    }
  });

  it('reports an eligibility rule on a question that does not exist', () => {
    const yaml = `${MINIMAL}intake:
  mentee:
    - { id: commitment, type: yes_no, prompt: Can you commit? }
eligibility:
  - { id: old_enough, role: mentee, question: age, rule: { gte: 13 }, reason: Too young. }
  - { id: committed, question: commitment, rule: { equals: maybe }, reason: Please commit. }
`;
    expect(issuesOf(yaml)).toEqual([
      'eligibility.0.question: no intake question "age" for role mentee',
      'eligibility.1.rule.equals: "maybe" is not an option of "commitment" (yes, no)',
    ]);
  });

  it('checks questions against their type', () => {
    const yaml = `${MINIMAL}intake:
  mentee:
    - { id: goal, type: single_choice, prompt: Goal?, options: [Growth] }
    - { id: picks, type: multiple_choice, prompt: Picks?, options: [A, B, a], maxChoices: 3 }
    - { id: mood, type: scale, prompt: Mood?, min: 0, max: 20 }
    - { id: name, type: text, prompt: Name?, options: [x, y] }
    - { id: agree, type: consent, prompt: Agree? }
    - { id: name, type: number, prompt: Age?, min: 10, max: 5 }
`;
    expect(issuesOf(yaml)).toEqual([
      'intake.mentee.0.options: a single_choice question needs 2 to 25 options, got 1',
      'intake.mentee.1.options: duplicate option value "a"',
      'intake.mentee.2.max: a scale has at most 11 points, 0 to 20 has 21',
      'intake.mentee.3.options: only single_choice and multiple_choice questions have options, not text',
      'intake.mentee.4.text: a consent question needs the text being agreed to',
      'intake.mentee.5.max: must not be less than min (10), got 5',
      'intake.mentee.5.id: duplicate id "name" (also question 3)',
    ]);
  });

  it('reports duplicate orientation topics', () => {
    const yaml = `${MINIMAL}orientation:
  - { topic: overview, title: One, text: First. }
  - { topic: overview, title: Two, text: Again. }
`;
    expect(issuesOf(yaml)).toEqual(['orientation.1.topic: duplicate topic "overview" (also orientation 0)']);
  });

  it('names the age question of a youth program, checked at load', () => {
    const youth = MINIMAL.replace('audience: workplace', 'audience: youth');
    expect(issuesOf(`${youth}youth: { minimumAge: 13, staffRole: Staff }\n${AGE_INTAKE}`)).toEqual(['youth.ageQuestion: required']);
    expect(issuesOf(`${youth}youth: { minimumAge: 13, staffRole: Staff, ageQuestion: years }\n${AGE_INTAKE}`)).toEqual([
      'youth.ageQuestion: no intake question "years" for role mentor: every applicant\'s age is needed',
      'youth.ageQuestion: no intake question "years" for role mentee: every applicant\'s age is needed',
    ]);
    const textAge = AGE_INTAKE.replace('mentee: [{ id: age, type: number', 'mentee: [{ id: age, type: text');
    expect(issuesOf(`${youth}youth: { minimumAge: 13, staffRole: Staff, ageQuestion: age }\n${textAge}`)).toEqual([
      'youth.ageQuestion: question "age" of role mentee must be a number question, not text',
    ]);
  });

  it('rejects a youth program without a staff role, or without youth settings', () => {
    const youth = MINIMAL.replace('audience: workplace', 'audience: youth');
    expect(issuesOf(`${youth}youth: { minimumAge: 13, ageQuestion: age }\n${AGE_INTAKE}`)).toEqual(['youth.staffRole: required']);
    expect(issuesOf(youth)).toEqual(['youth: required when audience is "youth"']);
    expect(issuesOf(`${MINIMAL}youth: { minimumAge: 13, staffRole: Staff, ageQuestion: age }\n${AGE_INTAKE}`)).toEqual([
      'youth: only allowed when audience is "youth", not "workplace"',
    ]);
    expect(issuesOf(`${youth}youth: { minimumAge: 16, ageOfMajority: 16, staffRole: Staff, ageQuestion: age }\n${AGE_INTAKE}`)).toEqual([
      'youth.ageOfMajority: must be greater than minimumAge (16), got 16',
    ]);
  });

  it('rejects an inter-organisational program without work plans', () => {
    const yaml = MINIMAL.replace('audience: workplace', 'audience: inter-organisational');
    expect(issuesOf(yaml)).toEqual(['workplans: required when audience is "inter-organisational"']);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(issuesOf(MINIMAL.replace('name: Test programme', 'name: Test: programme'))).toEqual([
      'line 3, column 7: Nested mappings are not allowed in compact mappings',
    ]);
    expect(issuesOf(`${MINIMAL}name: Again\n`)).toEqual(['line 8, column 1: Map keys must be unique']);
  });

  it('reports an empty file and a document that is not a mapping', () => {
    expect(issuesOf('')).toEqual(['(top level): the file is empty']);
    expect(issuesOf('- one\n- two\n')).toEqual(['(top level): expected an object, got a list']);
  });
});

describe('loading files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mentorbot-programs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the path of a missing file', async () => {
    const path = join(dir, 'missing.yaml');
    await expect(loadProgramFile(path)).rejects.toThrow(`${path}: cannot read program definition:\n  - no such file`);
  });

  it('rejects two files with the same slug', async () => {
    const first = join(dir, 'first.yaml');
    const second = join(dir, 'second.yaml');
    await writeFile(first, MINIMAL);
    await writeFile(second, MINIMAL.replace('name: Test programme', 'name: Copy'));
    const error = await loadPrograms([first, second]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ProgramDefinitionError);
    expect((error as ProgramDefinitionError).source).toBe(second);
    expect((error as ProgramDefinitionError).issues).toEqual([`slug: "test" is already used by ${first}`]);
  });

  it('reports the file a problem is in', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, MINIMAL.replace('slug: test', 'slug: Not A Slug'));
    await expect(loadPrograms([bad])).rejects.toThrow(
      `${bad}: invalid program definition:\n  - slug: expected a lowercase-kebab slug such as "workplace-2026", got "Not A Slug"`,
    );
  });
});
