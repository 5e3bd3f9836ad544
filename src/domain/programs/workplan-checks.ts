import type { ProgramObject } from './definition.js';

type Problem = (path: (string | number)[], message: string) => void;
type Survey = ProgramObject['surveys'][number];

/** The survey that reviews a program's work plans: the one named, else its `every_quarter` survey. */
export function reviewSurveyOf(program: Pick<ProgramObject, 'workplans' | 'surveys'>): Survey | undefined {
  const named = program.workplans?.review.survey;
  return named ? program.surveys.find((s) => s.id === named) : program.surveys.find((s) => s.when.event === 'every_quarter');
}

/** The review survey exists, repeats every quarter, and asks the two questions plans read. */
export function checkWorkplans(program: ProgramObject, problem: Problem): void {
  const plans = program.workplans;
  if (!plans) return;
  const survey = reviewSurveyOf(program);
  const path = ['workplans', 'review'];
  if (!survey) {
    problem([...path, 'survey'], plans.review.survey ? `no survey "${plans.review.survey}"` : 'no survey with `when: { event: every_quarter }` to review the plans with');
    return;
  }
  const fits = survey.questions.find((q) => q.id === plans.review.fitsQuestion);
  if (!fits) problem([...path, 'fitsQuestion'], `survey "${survey.id}" has no question "${plans.review.fitsQuestion}"`);
  else if (fits.type !== 'yes_no') problem([...path, 'fitsQuestion'], `question "${fits.id}" must be a yes_no question, not ${fits.type}`);
  const doing = survey.questions.find((q) => q.id === plans.review.doingQuestion);
  if (!doing) problem([...path, 'doingQuestion'], `survey "${survey.id}" has no question "${plans.review.doingQuestion}"`);
  else if (doing.type !== 'scale') problem([...path, 'doingQuestion'], `question "${doing.id}" must be a scale question, not ${doing.type}`);
}
