import type { z } from 'zod';
import type { ProgramObject } from './definition.js';
import { checkSupport } from './support-checks.js';
import { checkWorkplans } from './workplan-checks.js';
import { APPLICANT_ROLES, CHOICE_TYPES, questionOptions, type ApplicantRole, type Question } from './questions.js';

type Ctx = z.RefinementCtx<ProgramObject>;
type Path = (string | number)[];

/** Checks that span sections: references between them, uniqueness and audience-specific parts. */
export function checkProgram(program: ProgramObject, ctx: Ctx): void {
  const problem = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
  const offered = new Set<ApplicantRole>(program.roles);
  const notOffered = (role: ApplicantRole) =>
    `role ${role} is not offered by this program (roles: ${program.roles.join(', ')})`;
  const checkRoles = (roles: ApplicantRole[] | undefined, path: Path) => {
    for (const role of roles ?? []) if (!offered.has(role)) problem(path, notOffered(role));
  };

  unique(program.roles, (r) => r, (i, r) => problem(['roles', i], `"${r}" is listed twice`));

  if (program.audience === 'youth' && !program.youth) problem(['youth'], 'required when audience is "youth"');
  if (program.audience !== 'youth' && program.youth) {
    problem(['youth'], `only allowed when audience is "youth", not "${program.audience}"`);
  }
  if (program.youth) {
    const id = program.youth.ageQuestion;
    for (const role of program.roles) {
      const q = program.intake[role].find((x) => x.id === id);
      if (!q) problem(['youth', 'ageQuestion'], `no intake question "${id}" for role ${role}: every applicant's age is needed`);
      else if (q.type !== 'number') problem(['youth', 'ageQuestion'], `question "${id}" of role ${role} must be a number question, not ${q.type}`);
      else if (!q.required) problem(['youth', 'ageQuestion'], `question "${id}" of role ${role} must be required`);
    }
  }
  checkSupport(program, problem);

  if (program.audience === 'inter-organisational' && !program.workplans) {
    problem(['workplans'], 'required when audience is "inter-organisational"');
  }
  if (program.workplans && program.audience !== 'inter-organisational') {
    problem(['workplans'], `only allowed when audience is "inter-organisational", not "${program.audience}"`);
  }
  checkWorkplans(program, problem);

  unique(program.orientation, (s) => s.topic, (i, topic, first) =>
    problem(['orientation', i, 'topic'], `duplicate topic "${topic}" (also orientation ${first})`),
  );
  program.orientation.forEach((s, i) => checkRoles(s.roles, ['orientation', i, 'roles']));

  for (const role of APPLICANT_ROLES) {
    if (!offered.has(role) && program.intake[role].length > 0) problem(['intake', role], notOffered(role));
  }

  const rulesPath: Path = program.eligibility.listed ? ['eligibility'] : ['eligibility', 'rules'];
  program.eligibility.rules.forEach((rule, i) => {
    const path: Path = [...rulesPath, i];
    if (rule.role && !offered.has(rule.role)) problem([...path, 'role'], notOffered(rule.role));
    const found = APPLICANT_ROLES.filter((r) => rule.role === undefined || rule.role === r)
      .map((r) => program.intake[r].find((q) => q.id === rule.question))
      .filter((q): q is Question => q !== undefined);
    if (found.length === 0) {
      problem([...path, 'question'], `no intake question "${rule.question}" for ${rule.role ? `role ${rule.role}` : 'any role'}`);
    }
    for (const question of found) checkRule(rule.rule, question, [...path, 'rule'], problem);
  });
  unique(program.eligibility.rules, (e) => e.id, duplicateId(problem, ...(rulesPath as [string, ...string[]])));

  unique(program.screening.checklist, (c) => c.id, duplicateId(problem, 'screening', 'checklist'));
  program.screening.checklist.forEach((c, i) => checkRoles(c.roles, ['screening', 'checklist', i, 'roles']));
  unique(program.training.modules, (m) => m.id, duplicateId(problem, 'training', 'modules'));

  unique(program.matching.criteria, (c) => c.id, duplicateId(problem, 'matching', 'criteria'));
  program.matching.criteria.forEach((c, i) => {
    const path: Path = ['matching', 'criteria', i];
    const mentorQ = program.intake.mentor.find((q) => q.id === c.mentorQuestion);
    const menteeQ = program.intake.mentee.find((q) => q.id === c.menteeQuestion);
    if (!mentorQ) problem([...path, 'mentorQuestion'], `no intake question "${c.mentorQuestion}" for role mentor`);
    if (!menteeQ) problem([...path, 'menteeQuestion'], `no intake question "${c.menteeQuestion}" for role mentee`);
    if (mentorQ && menteeQ) checkCriterion(c, mentorQ, menteeQ, path, problem);
  });
  const capacityId = program.matching.capacityQuestion;
  if (capacityId !== undefined) {
    const q = program.intake.mentor.find((x) => x.id === capacityId);
    const path: Path = ['matching', 'capacityQuestion'];
    if (!q) problem(path, `no intake question "${capacityId}" for role mentor`);
    else if (q.type !== 'number') problem(path, `question "${capacityId}" must be a number question (how many mentees), not ${q.type}`);
  }

  unique(program.surveys, (s) => s.id, duplicateId(problem, 'surveys'));
  program.surveys.forEach((s, i) => checkRoles(s.roles, ['surveys', i, 'roles']));
}

type Problem = (path: Path, message: string) => void;

/** Calls `onDuplicate` for every item whose key was already seen. */
function unique<T>(items: T[], key: (item: T) => string, onDuplicate: (i: number, key: string, first: number) => void): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const earlier = first.get(k);
    if (earlier === undefined) first.set(k, i);
    else onDuplicate(i, k, earlier);
  });
}

function duplicateId(problem: Problem, ...prefix: Path) {
  return (i: number, id: string, first: number) =>
    problem([...prefix, i, 'id'], `duplicate id "${id}" (also ${prefix.join('.')}.${first})`);
}

type Rule = ProgramObject['eligibility']['rules'][number]['rule'];

function checkRule(rule: Rule, q: Question, path: Path, problem: Problem): void {
  const numeric = q.type === 'number' || q.type === 'scale';
  const values = questionOptions(q).map((o) => o.value);
  const kind = `"${q.id}" is a ${q.type} question`;
  if ((rule.gte !== undefined || rule.lte !== undefined) && !numeric) {
    problem([...path, rule.gte !== undefined ? 'gte' : 'lte'], `needs a number or scale question; ${kind}`);
  }
  if (rule.includes !== undefined) {
    if (q.type !== 'multiple_choice') problem([...path, 'includes'], `needs a multiple_choice question; ${kind}`);
    else if (!values.includes(rule.includes)) {
      problem([...path, 'includes'], `"${rule.includes}" is not an option of "${q.id}" (${values.join(', ')})`);
    }
  }
  const compared = [
    ...(rule.equals !== undefined ? [{ key: 'equals', value: rule.equals }] : []),
    ...(rule.notEquals !== undefined ? [{ key: 'notEquals', value: rule.notEquals }] : []),
    ...(rule.in ?? []).map((value, i) => ({ key: `in.${i}`, value })),
  ];
  for (const { key, value } of compared) {
    const at = [...path, ...key.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
    if (q.type === 'multiple_choice') {
      problem(at, `a multiple_choice answer is a list: use includes; ${kind}`);
    } else if (values.length > 0 && !values.includes(String(value))) {
      problem(at, `${JSON.stringify(value)} is not an option of "${q.id}" (${values.join(', ')})`);
    } else if (numeric && typeof value !== 'number') {
      problem(at, `expected a number to compare with; ${kind}`);
    }
  }
}

type Criterion = ProgramObject['matching']['criteria'][number];
const DISTANCE_KINDS = ['timezone_distance', 'scale_distance', 'number_distance'];
const bounded = (q: Question) => q.type === 'scale' || (q.min !== undefined && q.max !== undefined);

function checkCriterion(c: Criterion, mentorQ: Question, menteeQ: Question, path: Path, problem: Problem): void {
  const kind = c.kind;
  const at: Path = [...path, 'kind'];
  const pair = `"${mentorQ.id}" is ${mentorQ.type} and "${menteeQ.id}" is ${menteeQ.type}`;
  const both = (types: readonly string[]) => types.includes(mentorQ.type) && types.includes(menteeQ.type);
  if (kind === 'overlap') {
    if (!both(CHOICE_TYPES)) problem(at, `overlap needs two choice questions; ${pair}`);
    else {
      const mentorValues = new Set(questionOptions(mentorQ).map((o) => o.value));
      if (!questionOptions(menteeQ).some((o) => mentorValues.has(o.value))) {
        problem(at, `"${mentorQ.id}" and "${menteeQ.id}" share no option values, so they can never overlap`);
      }
    }
  } else if ((kind === 'equal' || kind === 'different') && mentorQ.type !== menteeQ.type) {
    problem(at, `${kind} needs two questions of the same type; ${pair}`);
  } else if (kind === 'scale_distance') {
    if (!both(['scale', 'number'])) problem(at, `scale_distance needs scale or number questions; ${pair}`);
    else if (c.maxDistance === undefined && !bounded(mentorQ) && !bounded(menteeQ)) {
      problem([...path, 'maxDistance'], `needed: "${mentorQ.id}" and "${menteeQ.id}" have no min and max to take the range from`);
    }
  } else if (kind === 'number_distance') {
    if (!both(['number'])) problem(at, `number_distance needs two number questions; ${pair}`);
    if (c.maxDistance === undefined) problem([...path, 'maxDistance'], 'required for number_distance: the difference at which the score reaches 0');
  } else if (kind === 'timezone_distance') {
    if (!both(['timezone'])) problem(at, `timezone_distance needs two timezone questions; ${pair}`);
    if (c.maxDistance !== undefined && c.maxDistance > 12) {
      problem([...path, 'maxDistance'], `time zones are at most 12 hours apart round the clock, got ${c.maxDistance}`);
    }
  }
  if (!DISTANCE_KINDS.includes(kind) && c.maxDistance !== undefined) {
    problem([...path, 'maxDistance'], `only distance kinds (${DISTANCE_KINDS.join(', ')}) have maxDistance, not ${kind}`);
  }
  if (c.required && DISTANCE_KINDS.includes(kind) && kind !== 'number_distance' && c.maxDistance === undefined) {
    problem([...path, 'maxDistance'], `needed when a ${kind} criterion is required: without it every pair is within the default`);
  }
}
