import type { ProgramDefinition } from '../programs/definition.js';
import type { AnswerValue } from '../questionnaires/validate-answer.js';

export type CapacitySource = 'coordinator' | 'answer' | 'program';

/**
 * How many mentees a mentor may take in a round, and where that number came from. Precedence:
 * a coordinator's override, then the mentor's own answer to `matching.capacityQuestion`, then
 * the program's `matching.mentorCapacity`. The coordinator knows the latest (a mentor who said 3
 * but now has room for 1); the mentor's answer is more specific than the program's default.
 * A fractional answer rounds down (2.5 mentees is 2) and a negative one counts as 0: 0 is a
 * valid capacity and means "no new mentee this round". An unusable answer falls through.
 */
export function mentorCapacity(
  matching: Pick<ProgramDefinition['matching'], 'mentorCapacity' | 'capacityQuestion'>,
  override: number | undefined,
  answer: AnswerValue | undefined,
): { capacity: number; source: CapacitySource } {
  if (override !== undefined && Number.isFinite(override)) return { capacity: wholeCapacity(override), source: 'coordinator' };
  if (matching.capacityQuestion !== undefined && typeof answer === 'number' && Number.isFinite(answer)) {
    return { capacity: wholeCapacity(answer), source: 'answer' };
  }
  return { capacity: matching.mentorCapacity, source: 'program' };
}

function wholeCapacity(n: number): number {
  return Math.max(0, Math.floor(n));
}
