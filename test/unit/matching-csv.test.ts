import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExclusions } from '../../src/domain/matching/csv-exclusions.js';
import { readPeople } from '../../src/domain/matching/csv-people.js';
import { CsvInputError, columnLetter, readCsv } from '../../src/domain/matching/csv-read.js';
import type { ProgramDefinition } from '../../src/domain/programs/definition.js';
import { loadProgramFile } from '../../src/domain/programs/load-program.js';
import { main } from '../../scripts/match.js';

let program: ProgramDefinition;
beforeAll(async () => {
  program = await loadProgramFile('examples/workplace.yaml');
});

/** The issues a failing read reports; fails the test if it does not fail. */
function issuesOf(read: () => unknown): string[] {
  try {
    read();
  } catch (err) {
    if (err instanceof CsvInputError) return err.issues;
    throw err;
  }
  throw new Error('expected a CsvInputError');
}

const HEADER = 'id,department,expertise,timezone,meeting_style';
const mentors = (text: string) => readPeople(readCsv(text, 'mentors.csv'), program, 'mentor');

describe('reading CSV', () => {
  it('keeps quoted commas, quotes and line breaks, drops a byte order mark and skips blank rows', () => {
    const table = readCsv('\ufeffId,note\n"a,1","say ""hi""\nthere"\n\n,\nb,x\n', 'f.csv');
    expect(table.header).toEqual(['id', 'note']);
    expect(table.rows).toEqual([
      { row: 2, cells: ['a,1', 'say "hi"\nthere'] },
      { row: 5, cells: ['b', 'x'] },
    ]);
  });

  it('reads Windows line endings as a spreadsheet writes them', () => {
    expect(readCsv('id,note\r\na,x\r\nb,y\r\n', 'f.csv').rows).toEqual([
      { row: 2, cells: ['a', 'x'] },
      { row: 3, cells: ['b', 'y'] },
    ]);
  });

  it('names the row whose cell count differs from the header, and an unclosed quote', () => {
    expect(issuesOf(() => readCsv('id,a\n1,2\n3\n', 'f.csv'))).toEqual(['f.csv, row 3: 1 cells, but the header has 2 columns']);
    expect(issuesOf(() => readCsv('id,a\n1,"2\n', 'f.csv'))[0]).toMatch(/^f\.csv: not readable as CSV: Quote Not Closed/);
    expect(issuesOf(() => readCsv('', 'f.csv'))).toEqual(['f.csv, row 1: no header row (the file is empty)']);
  });

  it('names columns as a spreadsheet does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('reading people', () => {
  it('turns cells into stored answers: labels or values in any case, cities as zones, numbers', () => {
    const [ana] = mentors(`${HEADER},capacity\nana,finance,LEADERSHIP; technical-skills ;,Kolkata,4,3\n`);
    expect(ana).toMatchObject({ id: 'ana', row: 2, capacity: 3 });
    expect(Object.fromEntries(ana!.answers)).toEqual({ department: 'finance', expertise: ['leadership', 'technical-skills'], timezone: 'Asia/Kolkata', meeting_style: 4 });
  });

  it('reports every bad cell with its row and column', () => {
    const text = `${HEADER},capacity\nana,Finance,Leadershp,Europe/London,4,\n,Finance,Leadership,Atlantis,9,two\nana,Finance;Sales and marketing,Leadership,UTC,,-1\n`;
    expect(issuesOf(() => mentors(text))).toEqual([
      'mentors.csv, row 2, column C (expertise): "Leadershp" is not one of the options: Career growth, Leadership, Technical skills, Confidence at work, Communication, Returning to work, Work-life balance',
      'mentors.csv, row 3, column A (id): empty; every person needs an id',
      expect.stringMatching(/^mentors\.csv, row 3, column D \(timezone\): I don’t know the time zone “Atlantis”\..* Got "Atlantis"\.$/),
      'mentors.csv, row 3, column E (meeting_style): Please answer with a number between 1 and 5. Got "9".',
      'mentors.csv, row 3, column F (capacity): expected a whole number of mentees, 0 or more; got "two"',
      'mentors.csv, row 4, column A (id): "ana" is already the id on row 2',
      'mentors.csv, row 4, column B (department): "Finance;Sales and marketing" is not one of the options (only one choice here): Engineering, Finance, Operations, People and HR, Sales and marketing, Customer support',
      'mentors.csv, row 4, column E (meeting_style): empty, but the question is required',
      'mentors.csv, row 4, column F (capacity): expected a whole number of mentees, 0 or more; got "-1"',
    ]);
  });

  it('refuses unknown, repeated and missing columns, naming what is allowed', () => {
    const issues = issuesOf(() => mentors('name,department,expertise,expertise,meeting_style\nx,Finance,Leadership,Leadership,3\n'));
    expect(issues[0]).toBe('mentors.csv, row 1, column A (name): not a question of the mentor intake (columns can be: id, capacity, current_role, department, years_experience, expertise, meeting_style, timezone, mentoring_before, willing_training, code_of_practice)');
    expect(issues.slice(1)).toEqual([
      'mentors.csv, row 1, column D (expertise): repeats column C',
      'mentors.csv, row 1: no "id" column; the header needs id, then question ids of the mentor intake',
      'mentors.csv, row 1: no "timezone" column, which matching compares',
    ]);
  });

  it('has no capacity column for mentees, and enforces maxChoices', () => {
    const mentees = (text: string) => readPeople(readCsv(text, 'mentees.csv'), program, 'mentee');
    expect(issuesOf(() => mentees('id,department,goals,timezone,meeting_style,capacity\nbo,Finance,Leadership,UTC,3,1\n'))[0]).toMatch(/^mentees\.csv, row 1, column F \(capacity\): not a question of the mentee intake/);
    expect(issuesOf(() => mentees('id,department,goals,timezone,meeting_style\nbo,Finance,Leadership;Communication;Career growth;Confidence at work,UTC,3\n'))).toEqual([
      'mentees.csv, row 2, column C (goals): at most 3 choices, got 4',
    ]);
  });

  it('leaves an optional question unanswered when its cell is empty', () => {
    const [bo] = readPeople(readCsv('id,department,goals,timezone,meeting_style,about_you\nbo,Finance,Leadership,UTC,3,\n', 'mentees.csv'), program, 'mentee');
    expect(bo!.answers.has('about_you')).toBe(false);
  });
});

describe('reading exclusions', () => {
  const known = { mentors: new Set(['ana']), mentees: new Set(['bo']), mentorsFile: 'mentors.csv', menteesFile: 'mentees.csv' };
  it('reads pairs, ignoring extra columns such as a note', () => {
    expect(readExclusions(readCsv('mentee_id,mentor_id,note\nbo,ana,"cousins, as it happens"\n', 'x.csv'), known)).toEqual([{ mentorId: 'ana', menteeId: 'bo', row: 2 }]);
  });
  it('names unknown ids and missing columns', () => {
    expect(issuesOf(() => readExclusions(readCsv('mentor_id,mentee_id\nana,bob\nann,\n', 'x.csv'), known))).toEqual([
      'x.csv, row 2, column B (mentee_id): no mentee with id "bob" in mentees.csv',
      'x.csv, row 3, column A (mentor_id): no mentor with id "ann" in mentors.csv',
      'x.csv, row 3, column B (mentee_id): empty; name the mentee by their id',
    ]);
    expect(issuesOf(() => readExclusions(readCsv('mentor,mentee_id\nana,bo\n', 'x.csv'), known))).toEqual(['x.csv, row 1: no "mentor_id" column; the header needs mentor_id,mentee_id']);
  });
});

describe('npm run match, end to end on the shipped examples', () => {
  let dir: string;
  const io = { out: '', err: '' };
  const capture = { stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  const examples = ['--program', 'examples/workplace.yaml', '--mentors', 'examples/csv/mentors.csv', '--mentees', 'examples/csv/mentees.csv'];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mentorbot-match-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const rows = async (file: string) => parse(await readFile(file, 'utf8')) as string[][];

  it('proposes pairs within capacity, never excluded or same-department, and writes the matrix it solved', async () => {
    const [out, scores] = [join(dir, 'proposals.csv'), join(dir, 'scores.csv')];
    const code = await main([...examples, '--exclude', 'examples/csv/exclusions.csv', '--out', out, '--scores', scores, '--at', '2026-03-02T12:00:00Z'], capture);
    expect(code).toBe(0);
    const [header, ...lines] = await rows(out);
    expect(header).toEqual(['mentor_id', 'mentee_id', 'score', 'why']);
    const [mentorRows, menteeRows, exclusions] = await Promise.all(['mentors', 'mentees', 'exclusions'].map((f) => rows(`examples/csv/${f}.csv`)));
    const departments = new Map([...mentorRows!.slice(1), ...menteeRows!.slice(1)].map((r) => [r[0]!, r[2]!]));
    const pairs = lines.filter((l) => l[0] !== '' && l[1] !== '');
    expect(pairs.length).toBeGreaterThan(0);

    // Every mentee once at most (paired or listed as unmatched), every mentor within capacity.
    const menteeIds = lines.filter((l) => l[1] !== '').map((l) => l[1]);
    expect(new Set(menteeIds).size).toBe(menteeIds.length);
    expect(menteeIds.sort()).toEqual(menteeRows!.slice(1).map((r) => r[0]).sort());
    for (const m of mentorRows!.slice(1)) {
      const capacity = m[6] === '' ? program.matching.mentorCapacity : Number(m[6]);
      expect(pairs.filter((p) => p[0] === m[0]).length).toBeLessThanOrEqual(capacity);
    }
    for (const [m, e] of pairs) {
      expect(departments.get(m!)).not.toBe(departments.get(e!));
      expect(exclusions!.some((x) => x[0] === m && x[1] === e)).toBe(false);
    }
    expect(pairs.every((p) => /^you both named .*: \+\d+\.\d; different department \(mentor: .*; mentee: .*\): \+0\.0; .* \+\d\.\d; .*: \+\d\.\d$/.test(p[3]!))).toBe(true);
    expect(lines.filter((l) => l[0] === '').every((l) => l[3]!.startsWith('unmatched: '))).toBe(true);

    const [matrixHeader, ...matrix] = await rows(scores);
    expect(matrixHeader).toEqual(['mentor_id', ...menteeRows!.slice(1).map((r) => r[0])]);
    expect(matrix.map((r) => r[0])).toEqual(mentorRows!.slice(1).map((r) => r[0]));
    const cell = (m: string, e: string) => matrix.find((r) => r[0] === m)![matrixHeader!.indexOf(e)]!;
    expect(cell('dara-nolan', 'lina-haddad')).toBe(''); // excluded
    expect(cell('amara-osei', 'ivan-petrov')).toBe(''); // same department
    for (const [m, e, score] of pairs) expect(Number(cell(m!, e!))).toBeCloseTo(Number(score), 1);
    expect(io.err).toMatch(/^7 mentors, 14 mentees: \d+ pairs proposed, \d+ mentees unmatched, \d+ mentors with room left\.\n/);
    expect(io.err).toContain('mentee uma-tanaka unmatched: no suitable mentor: 2 mentors fail the required criterion "department"');
  });

  it('refuses a bad file with its row and column, and bad usage', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'id,department,goals,timezone,meeting_style\nbo,Finance,Leadership,UTC,eleven\n');
    io.err = '';
    expect(await main(['--program', 'examples/workplace.yaml', '--mentors', 'examples/csv/mentors.csv', '--mentees', bad], capture)).toBe(1);
    expect(io.err).toBe(`${bad}, row 2, column E (meeting_style): Please answer with a number between 1 and 5. Got "eleven".\n`);
    io.err = '';
    expect(await main(['--program', 'examples/workplace.yaml'], capture)).toBe(2);
    expect(io.err).toMatch(/^missing --mentors, --mentees\nusage: npm run match/);
    io.err = '';
    expect(await main([...examples.slice(0, 4), '--mentees', join(dir, 'nope.csv')], capture)).toBe(1);
    expect(io.err).toBe(`${join(dir, 'nope.csv')}: no such file or folder\n`);
  });

  it('runs as a script, writing the proposals to standard output', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/match.ts', ...examples, '--at', '2026-03-02T12:00:00Z'], { encoding: 'utf8' });
    expect(stdout.split('\n')[0]).toBe('mentor_id,mentee_id,score,why');
  }, 60_000);
});
