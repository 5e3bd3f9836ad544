import { CHOICE_TYPES, questionOptions, type Question } from './questions.js';
import type { ProgramObject } from './definition.js';

type Problem = (path: (string | number)[], message: string) => void;

/** The contact schedule's steps, and the alert rules against the questions they read. */
export function checkSupport(program: ProgramObject, problem: Problem): void {
  // Steps must move forward in time, or a contact would be due before the one before it.
  const days = (p: { days?: number; weeks?: number; months?: number }) => (p.days ?? 0) + (p.weeks ?? 0) * 7 + (p.months ?? 0) * 30.44;
  program.support.contactSchedule.forEach((step, i) => {
    const before = i === 0 ? 0 : days(program.support.contactSchedule[i - 1]!.until);
    if (days(step.until) <= before) problem(['support', 'contactSchedule', i, 'until'], i === 0 ? 'must be after the match start' : 'must be later than the step before');
  });

  const rule = program.support.alerts.notWorking;
  if (rule) {
    const path = ['support', 'alerts', 'notWorking'];
    const asked: Question[] = [...(program.checkins?.questions ?? []), ...program.surveys.flatMap((s) => s.questions)].filter((q) => q.id === rule.question);
    if (asked.length === 0) problem([...path, 'question'], `no check-in or survey question "${rule.question}"`);
    for (const q of asked) {
      if (!CHOICE_TYPES.includes(q.type) && q.type !== 'yes_no') {
        problem([...path, 'question'], `question "${q.id}" must be a choice or yes/no question, not ${q.type}`);
        continue;
      }
      const options = questionOptions(q);
      rule.answers.forEach((a, i) => {
        if (!options.some((o) => sameAnswer(a, o))) problem([...path, 'answers', i], `"${a}" is not a choice of question "${q.id}" (${options.map((o) => o.label).join(', ')})`);
      });
    }
  }
}

/** A rule's answer names a choice by its value or its label, in any case. */
export function sameAnswer(given: string, option: { value: string; label: string }): boolean {
  const g = given.trim().toLowerCase();
  return g === option.value.toLowerCase() || g === option.label.toLowerCase();
}
