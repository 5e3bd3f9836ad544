import type { CommandDef } from '../../core/bot.js';
import type { ProgramDefinition } from '../programs/definition.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import { requireProgram } from '../programs/require-program.js';
import { formatMean } from '../surveys/survey-scores.js';
import { compareArms } from './compare-arms.js';
import { requireExperiment, type ExperimentRow } from './experiment-store.js';
import { mentorOutcomes, type MentorOutcome } from './outcomes.js';
import { comparisonFigures, verdictWords, type OutcomeWords } from './verdict-words.js';

interface Outcome {
  key: keyof Omit<MentorOutcome, 'armId'>;
  kind: 'numeric' | 'binary';
  words: OutcomeWords;
}

const round1 = (x: number) => String(Math.round(x * 10) / 10);
const OUTCOMES: Outcome[] = [
  { key: 'lengthDays', kind: 'numeric', words: { name: 'match length', format: (x) => `${round1(x)} days` } },
  { key: 'closedEarly', kind: 'binary', words: { name: 'early closure', format: (x) => `${Math.round(x * 100)}%`, formatDifference: (x) => `${Math.round(x * 100)} percentage points` } },
  { key: 'quality', kind: 'numeric', words: { name: 'relationship quality', format: (x) => `${formatMean(x)} of 5`, formatDifference: (x) => `${formatMean(x)} points` } },
  { key: 'efficacyChange', kind: 'numeric', words: { name: 'change in mentor self-efficacy', format: (x) => `${formatMean(x)} points` } },
];

/**
 * The scale a survey outcome is read from: the one the coordinator named, else the first of the
 * program's survey scales whose id contains the word (the shipped instruments' `relationship_quality`
 * and `mentor_self_efficacy`), else none (the outcome is left out, saying why).
 */
export function detectScale(program: ProgramDefinition, given: string | undefined, word: string): string | null {
  if (given) return given.toLowerCase();
  for (const survey of program.surveys) for (const scale of survey.scales) if (scale.id.includes(word)) return scale.id;
  return null;
}

/** The report's text: each arm against the first (the reference arm), outcome by outcome. */
export function reportText(experiment: ExperimentRow, outcomes: readonly MentorOutcome[], scales: { quality: string | null; efficacy: string | null }): string {
  const [reference, ...others] = experiment.arms;
  const lines = [
    `Training experiment “${experiment.name}”: ${outcomes.length} mentors randomised (${experiment.arms.map((a) => `${a.label} ${outcomes.filter((o) => o.armId === a.id).length}`).join(', ')}). ` +
      `Each arm is compared with “${reference!.label}”. p: two-sided permutation test; effect: Hedges’ g (Cohen’s h for early closure) with a bootstrap 95% interval; ` +
      `smallest detectable effect: at 80% power, α = 0.05, in the same units.`,
  ];
  for (const outcome of OUTCOMES) {
    const scale = outcome.key === 'quality' ? scales.quality : outcome.key === 'efficacyChange' ? scales.efficacy : undefined;
    lines.push('', `${outcome.words.name[0]!.toUpperCase()}${outcome.words.name.slice(1)}${scale ? ` (scale ${scale})` : ''}:`);
    if (scale === null) {
      lines.push(`  Left out: no survey scale for it was found; name one with \`${outcome.key === 'quality' ? 'quality' : 'efficacy'} <scale>\`.`);
      continue;
    }
    const values = (armId: string) => outcomes.filter((o) => o.armId === armId && o[outcome.key] !== null).map((o) => o[outcome.key] as number);
    for (const arm of others) {
      const labels: [string, string] = [`“${arm.label}”`, `“${reference!.label}”`];
      const c = compareArms(values(arm.id), values(reference!.id), { kind: outcome.kind, seed: experiment.seed, label: `${outcome.key}:${arm.id}` });
      lines.push(`  ${comparisonFigures(c, outcome.words, labels)}.`, `  ${verdictWords(c, outcome.words, labels)}`);
    }
  }
  return lines.join('\n');
}

/** `/mentor training experiment-report [quality <scale>] [efficacy <scale>]` (also typed `training experiment report`). */
export function experimentReportCommand(catalog: ProgramCatalog): CommandDef {
  return {
    path: ['training', 'experiment-report'],
    aliases: [['training', 'experiment', 'report']],
    summary: 'Compare the arms: match length, early closure, relationship quality, self-efficacy change',
    access: 'coordinator',
    args: [
      { name: 'quality', type: 'word', keyword: 'quality', optional: true, description: 'relationship-quality scale id (default: found in the program’s surveys)' },
      { name: 'efficacy', type: 'word', keyword: 'efficacy', optional: true, description: 'mentor self-efficacy scale id (default: found in the program’s surveys)' },
    ],
    async run(ctx, args) {
      const { program, programId } = requireProgram(ctx, catalog);
      const experiment = await requireExperiment(ctx.db, programId);
      const scales = {
        quality: detectScale(program, args.quality as string | undefined, 'relationship'),
        efficacy: detectScale(program, args.efficacy as string | undefined, 'efficacy'),
      };
      const outcomes = await mentorOutcomes(ctx.db, { experimentId: experiment.id, scales, now: ctx.clock.now() });
      ctx.reply(reportText(experiment, outcomes, scales));
    },
  };
}
