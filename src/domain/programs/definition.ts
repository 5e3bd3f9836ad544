import { z } from 'zod';
import { checkProgram } from './definition-checks.js';
import { applicantRole, expected, identifier, questionList, text, timeOfDay } from './questions.js';
import { surveySchema } from './survey-schema.js';

export {
  APPLICANT_ROLES,
  QUESTION_TYPES,
  questionOptions,
  slugifyOption,
  type ApplicantRole,
  type Question,
  type QuestionOption,
  type QuestionType,
} from './questions.js';
export { SURVEY_EVENTS, type SurveyEvent, type SurveyQuestion, type SurveyScale } from './survey-schema.js';

export const AUDIENCES = ['workplace', 'youth', 'inter-organisational'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** What mentee (and mentor) orientation covers, after the mentee orientation checklist of seed 002. */
export const ORIENTATION_TOPICS = [
  'overview',
  'screening',
  'commitment',
  'matching',
  'meetings',
  'signposting',
  'concerns',
  'contact',
  'boundaries',
  'personal-information',
  'records',
  'evaluation',
  'follow-up',
] as const;
export type OrientationTopic = (typeof ORIENTATION_TOPICS)[number];

export const CADENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const MATCH_KINDS = ['overlap', 'equal', 'different', 'timezone_distance', 'scale_distance', 'number_distance'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];
export const RULE_KINDS = ['equals', 'notEquals', 'in', 'gte', 'lte', 'includes', 'answered'] as const;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const roleList = () => z.array(applicantRole()).min(1);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const youthSchema = z
  .strictObject({
    minimumAge: z.number().int().min(13),
    ageOfMajority: z.number().int().default(18),
    guardianConsent: z.boolean().default(true),
    staffRole: text(),
    /** The intake question (a number, asked of every role) whose answer is the applicant's age. */
    ageQuestion: identifier(),
  })
  .superRefine((y, ctx) => {
    if (y.ageOfMajority <= y.minimumAge) {
      ctx.addIssue({
        code: 'custom',
        path: ['ageOfMajority'],
        message: `must be greater than minimumAge (${y.minimumAge}), got ${y.ageOfMajority}`,
      });
    }
  });

const orientationSectionSchema = z.strictObject({
  topic: z.enum(ORIENTATION_TOPICS),
  title: text(),
  text: text(),
  roles: roleList().optional(),
});

const eligibilityRuleSchema = z
  .strictObject({
    equals: scalar.optional(),
    notEquals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    gte: z.number().optional(),
    lte: z.number().optional(),
    includes: z.string().optional(),
    answered: z.literal(true).optional(),
  })
  .superRefine((rule, ctx) => {
    const given = RULE_KINDS.filter((k) => rule[k] !== undefined);
    if (given.length !== 1) {
      const got = given.length === 0 ? 'none' : given.join(' and ');
      ctx.addIssue({ code: 'custom', path: [], message: `give exactly one of ${RULE_KINDS.join(', ')}; got ${got}` });
    }
  });

const eligibilitySchema = z.strictObject({
  id: identifier(),
  role: applicantRole().optional(),
  question: identifier(),
  rule: eligibilityRuleSchema,
  reason: text(),
});

/**
 * Eligibility is a list of rules, or `{ rules, reapplyAfterDays }` when the program lets an
 * ineligible (or rejected) person apply again for the same role after some days.
 */
const eligibilitySectionSchema = z.union([
  z.array(eligibilitySchema).transform((rules) => ({ rules, reapplyAfterDays: undefined as number | undefined, listed: true })),
  z.strictObject({ rules: z.array(eligibilitySchema).default([]), reapplyAfterDays: z.number().int().min(0).optional() }).transform((e) => ({ ...e, listed: false })),
]);

const screeningSchema = z.strictObject({
  checklist: z
    .array(
      z.strictObject({
        id: identifier(),
        label: text(),
        roles: roleList().optional(),
        /** Ticked by `/mentor guardian` (one record, one step); asked only of those who need it. */
        guardianConsent: z.boolean().optional(),
      }),
    )
    .default([]),
});

const trainingSchema = z.strictObject({
  modules: z
    .array(
      z.strictObject({
        id: identifier(),
        title: text(),
        hours: z.number().positive(),
        required: z.boolean().default(true),
      }),
    )
    .default([]),
});

const matchingSchema = z.strictObject({
  mentorCapacity: z.number().int().min(1).default(1),
  /** A mentor's intake question (a number) whose answer is how many mentees they will take. */
  capacityQuestion: identifier().optional(),
  requireCoordinatorReview: z.boolean().default(true),
  /** A pair scoring under this is never proposed. */
  minScore: z.number().min(0).default(0),
  /** Each member sees the other's shareable answers and accepts before the match starts. */
  participantsAccept: z.boolean().default(false),
  acceptWithinDays: z.number().int().min(1).default(7),
  durationMonths: z.number().int().min(1).max(60).default(12),
  criteria: z
    .array(
      z.strictObject({
        id: identifier(),
        /** How the criterion is named in explanations ("shared goals"); defaults to its id. */
        label: text().optional(),
        mentorQuestion: identifier(),
        menteeQuestion: identifier(),
        kind: z.enum(MATCH_KINDS),
        weight: z.number().min(0).max(10),
        /** A hard constraint: a pair that fails it is never proposed. */
        required: z.boolean().default(false),
        /** Distance kinds: the distance at which the score reaches 0 (hours, scale points, units). */
        maxDistance: z.number().positive().optional(),
      }),
    )
    .default([]),
});

/** What a new pair is told in their channel: icebreakers and the match agreement (seed 002). */
const introductionSchema = z.strictObject({
  welcome: text().optional(),
  icebreakers: z.array(text()).default([]),
  agreement: z
    .strictObject({
      meetingFrequency: text(),
      meetingLength: text(),
      boundaries: text(),
      confidentiality: text(),
      contact: text(),
    })
    .optional(),
  /** Days before an unacknowledged agreement brings a reminder; as many again, the coordinator. */
  acknowledgeWithinDays: z.number().int().min(1).default(3),
});

const checkinsSchema = z.strictObject({
  cadence: z.enum(CADENCES),
  day: z.enum(WEEKDAYS).default('monday'),
  time: timeOfDay().default('10:00'),
  contactOverdueDays: z.number().int().min(1).default(21),
  /** Where members are asked: each in a DM (default), or in the pair's channel. */
  where: z.enum(['dm', 'channel']).default('dm'),
  /** One reminder this many days after a check-in was asked, if it is still unanswered. */
  remindAfterDays: z.number().int().min(1).default(2),
  questions: questionList().min(1),
});

/** A period after the match start: `{ days: 2 }`, `{ months: 1 }`. */
const period = z
  .strictObject({ days: z.number().int().min(0).optional(), weeks: z.number().int().min(0).optional(), months: z.number().int().min(0).optional() })
  .refine((p) => p.days !== undefined || p.weeks !== undefined || p.months !== undefined, expected('a period such as { days: 2 } or { months: 1 }'));

/**
 * When a coordinator should have been in touch with each member, after MENTOR's Elements:
 * within 2 days of the start, twice in the first month, monthly to month 12, then quarterly.
 * Each step: contacts `times` over the span up to `until`, spaced evenly.
 */
const contactStep = z.strictObject({ until: period, times: z.number().int().min(1).default(1) });
export const DEFAULT_CONTACT_SCHEDULE = [
  { until: { days: 2 }, times: 1 },
  { until: { months: 1 }, times: 2 },
  { until: { months: 12 }, times: 11 },
];

/** When a match needs a coordinator's attention (seed 002: early intervention). */
const supportSchema = z.strictObject({
  alerts: z
    .strictObject({
      /** A scale answer (check-in or survey) at or below this (on a 1–5 scale; scaled to others) raises an alert. */
      lowScoreAtOrBelow: z.number().min(0).default(2),
      /** This many check-ins in a row left unanswered raise an alert. */
      missedCheckinsInARow: z.number().int().min(1).default(2),
      /** A survey scale mean this much lower (on a 1–5 scale) than the member's previous one raises an alert. */
      scoreDropBy: z.number().min(0).default(1),
      /** Mentor and mentee answering the same scale question this far apart (on a 1–5 scale). */
      ratingGapAtLeast: z.number().min(0).default(2),
      /** An answer, to a choice or yes/no question with this id, that says the match is not working. */
      notWorking: z
        .strictObject({ question: identifier(), answers: z.array(text()).min(1) })
        .optional(),
      /** Youth programs: words in a free-text answer that a coordinator must see at once (safeguarding). */
      safeguardingWords: z.array(text()).default([]),
      /** An alert nobody acknowledged in this many days goes to every coordinator. */
      escalateAfterDays: z.number().int().min(1).default(2),
    })
    .prefault({}),
  /** After the last step, a contact every `thenEvery` (default every three months). */
  contactSchedule: z.array(contactStep).min(1).default(DEFAULT_CONTACT_SCHEDULE),
  thenEvery: period.default({ months: 3 }),
});

const workplansSchema = z.strictObject({
  /** Both representatives agree a plan within this many weeks of the start (a reminder a week before, then the coordinator). */
  draftWithinWeeks: z.number().int().min(1).max(52).default(8),
  updateCadence: z.enum(CADENCES),
  /** The update's day and time in each representative's zone: by default not a check-in's day, so the two do not meet in one DM. */
  day: z.enum(WEEKDAYS).default('thursday'),
  time: timeOfDay().default('10:00'),
  remindAfterDays: z.number().int().min(1).default(3),
  reviewEvery: z.enum(['quarter', 'month']),
  /**
   * The review questionnaire is the program's survey with this id (default: its `every_quarter`
   * survey); a "no" to `fitsQuestion` puts the plan in revision; `doingQuestion` is the scale of
   * "how much did the mentor do" (high = the mentor did it) that the indicator reads.
   */
  review: z
    .strictObject({ survey: text().optional(), fitsQuestion: text().default('plan_still_fits'), doingQuestion: text().default('doing_vs_facilitating') })
    .prefault({}),
  /** The expert organisation doing most of the work this many review periods running raises an alert. */
  expertLedPeriodsForAlert: z.number().int().min(1).default(2),
  /** The monthly update's own questions; each open activity's status is asked after them. */
  fields: questionList().min(1),
});

export const DEFAULT_CLOSURE_REASONS = ['moved', 'schedules', 'not a good fit', 'safety concern', 'program ended', 'other'];

/**
 * Ending a match well (MENTOR's Elements: planned and unplanned closure, exit interviews, a
 * rematching policy, a statement on contact after the match). Defaults hold for any program.
 */
const closureSchema = z.strictObject({
  /** The exit interview, asked of each member by DM when their match closes. */
  questions: questionList().default([]),
  /** Why a match may end; a coordinator's `/mentor match close` must name one. */
  reasons: z.array(text()).min(1).default(DEFAULT_CLOSURE_REASONS),
  /** Sent to both members four weeks and one week before the planned end. */
  endingGuidance: text().default(
    'Endings matter. Over your next meetings, look back together at what you set out to do and what changed, say what you valued in each other, and agree how you will say goodbye: a last meeting planned as one is better than a relationship that fades out.',
  ),
  /** Posted in the pair's channel when the match closes. */
  closingMessage: text().default('This mentoring match has now closed. Thank you both for the time and care you gave it.'),
  /** The program's rule on contact after the match, posted with the closing message. */
  contactAfter: text().default('Any contact after the match is up to both of you; the program no longer supports or supervises it.'),
  /** After an early closure, the mentee (and the mentor, if this is true) may be matched again, if a coordinator agrees. */
  rematchMentors: z.boolean().default(false),
  rematchAfterDays: z.number().int().min(0).default(14),
});

/** The program definition's shape, before the checks that span several sections. */
export const programObjectSchema = z.strictObject({
  slug: z.string().regex(SLUG, expected('a lowercase-kebab slug such as "workplace-2026"')),
  name: text(),
  audience: z.enum(AUDIENCES),
  description: text().optional(),
  timezone: z
    .string()
    .refine(isTimeZone, expected('an IANA time zone such as "Europe/London"'))
    .optional(),
  roles: roleList().default(['mentor', 'mentee']),
  /** No scheduled message reaches a person in this local window (it may cross midnight). */
  quietHours: z
    .strictObject({ start: timeOfDay(), end: timeOfDay() })
    .refine((q) => q.start !== q.end, { message: 'end must differ from start', path: ['end'] })
    .default({ start: '21:00', end: '08:00' }),
  youth: youthSchema.optional(),
  contact: z.strictObject({ coordinatorName: text(), how: text() }).optional(),
  orientation: z.array(orientationSectionSchema).default([]),
  consent: z.strictObject({ version: text(), text: text() }),
  intake: z
    .strictObject({ mentor: questionList().default([]), mentee: questionList().default([]) })
    .prefault({}),
  eligibility: eligibilitySectionSchema.prefault([]),
  screening: screeningSchema.prefault({}),
  training: trainingSchema.prefault({}),
  matching: matchingSchema.prefault({}),
  introduction: introductionSchema.prefault({}),
  checkins: checkinsSchema.optional(),
  surveys: z.array(surveySchema).default([]),
  workplans: workplansSchema.optional(),
  closure: closureSchema.prefault({}),
  support: supportSchema.prefault({}),
  /**
   * How long personal data is kept once a person's matches have closed. Past it the scheduler
   * deletes it, keeping only what the evaluation export holds. Absent: kept until erased.
   */
  retention: z.strictObject({ yearsAfterClose: z.number().int().min(1).max(50) }).optional(),
});

export type ProgramObject = z.output<typeof programObjectSchema>;

/** The whole program definition: shape, defaults and cross-section checks. */
export const programDefinitionSchema = programObjectSchema.superRefine(checkProgram);

export type ProgramDefinition = z.output<typeof programDefinitionSchema>;
export type OrientationSection = ProgramDefinition['orientation'][number];
export type EligibilityRule = ProgramDefinition['eligibility']['rules'][number];
export type MatchCriterion = ProgramDefinition['matching']['criteria'][number];
export type Survey = ProgramDefinition['surveys'][number];
export type YouthSettings = NonNullable<ProgramDefinition['youth']>;

/** A program definition that could not be read or is not valid; each issue names its path. */
export class ProgramDefinitionError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
    headline = 'invalid program definition',
  ) {
    super(`${source}: ${headline}:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ProgramDefinitionError';
  }
}
