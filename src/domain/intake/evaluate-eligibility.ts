import type { ProgramDefinition } from '../programs/definition.js';

type Rule = ProgramDefinition['eligibility']['rules'][number];

function holds(rule: Rule['rule'], value: unknown): boolean {
  const given = value !== undefined && value !== null && value !== '';
  if (rule.answered !== undefined) return given;
  if (!given) return false;
  if (rule.equals !== undefined) return String(value) === String(rule.equals);
  if (rule.notEquals !== undefined) return String(value) !== String(rule.notEquals);
  if (rule.in !== undefined) return rule.in.map(String).includes(String(value));
  if (rule.gte !== undefined) return Number(value) >= rule.gte;
  if (rule.lte !== undefined) return Number(value) <= rule.lte;
  if (rule.includes !== undefined) return Array.isArray(value) ? value.map(String).includes(rule.includes) : String(value) === rule.includes;
  return false;
}

/** The program's eligibility rules this applicant does not meet, with the reason to tell them. */
export function unmetRules(program: ProgramDefinition, role: string, answers: ReadonlyMap<string, unknown>): Rule[] {
  return program.eligibility.rules.filter((r) => (!r.role || r.role === role) && !holds(r.rule, answers.get(r.question)));
}
