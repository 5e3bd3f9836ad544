import type { ProgramDefinition } from '../programs/definition.js';
import type { AnswerValue } from '../questionnaires/validate-answer.js';

/** A mentor's capacity: a coordinator's override, else their answer to the capacity question, else the program default. */
export function capacityOf(program: ProgramDefinition, input: { override?: number | undefined; answers: ReadonlyMap<string, AnswerValue> }): number {
  if (input.override !== undefined) return input.override;
  const question = program.matching.capacityQuestion;
  const answer = question ? input.answers.get(question) : undefined;
  if (typeof answer === 'number' && Number.isInteger(answer) && answer >= 0) return answer;
  return program.matching.mentorCapacity;
}
