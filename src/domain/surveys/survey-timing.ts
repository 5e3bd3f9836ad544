import { DateTime } from 'luxon';
import { outsideQuietHours } from '../../jobs/quiet-hours.js';
import type { ProgramCatalog } from '../programs/catalog.js';
import type { ProgramDefinition } from '../programs/definition.js';

/** An asked survey stays open this long (or until its next occurrence is due, if sooner). */
export const SURVEY_OPEN_DAYS = 14;
/** The check-in time of day, for programs without check-ins. */
export const DEFAULT_SURVEY_TIME = '10:00';
const DEFAULT_REMIND_AFTER_DAYS = 2;

export const remindAfterDays = (program: ProgramDefinition): number => program.checkins?.remindAfterDays ?? DEFAULT_REMIND_AFTER_DAYS;

/**
 * The local time of day surveys arrive at: the program's check-in time, moved out of its quiet
 * hours as `outsideQuietHours` moves it (07:00 in a 21:00–08:00 window is 08:00 the same day;
 * 22:00 is 08:00 the next). Quiet hours are local wall time, so one reference day gives the
 * answer for every day and zone.
 */
export function surveyTimeOfDay(program: ProgramDefinition): { time: string; at: string; dayShift: number } {
  const time = program.checkins?.time ?? DEFAULT_SURVEY_TIME;
  const reference = DateTime.fromISO(`2001-01-01T${time}`, { zone: 'UTC' });
  const moved = DateTime.fromJSDate(outsideQuietHours(reference.toJSDate(), 'UTC', program.quietHours), { zone: 'UTC' });
  return { time, at: moved.toFormat('HH:mm'), dayShift: Math.round(moved.startOf('day').diff(reference.startOf('day'), 'days').days) };
}

/** How the occurrence planner reads one survey: one row of its `jsonb_to_recordset`. */
export interface SurveyPlanRow {
  slug: string;
  survey: string;
  /** `recurring` for `every_quarter` and `every: { days }`. */
  event: 'intake_approved' | 'match_start' | 'match_close' | 'recurring';
  off: number;
  every_days: number | null;
  every_months: number | null;
  roles: string[];
  /** The program's check-in time (`t`), and when it lands outside quiet hours (`eff`, `shift` days later). */
  t: string;
  eff: string;
  shift: number;
  /** The program's time zone: the one used when a person has none. */
  zone: string | null;
}

/** Every survey of every loaded program, as the planner's statement reads them. */
export function surveyPlan(catalog: ProgramCatalog): SurveyPlanRow[] {
  return catalog.all().flatMap(({ definition: program }) => {
    const timing = surveyTimeOfDay(program);
    return program.surveys.map((s) => ({
      slug: program.slug,
      survey: s.id,
      event: s.when.every || s.when.event === 'every_quarter' ? ('recurring' as const) : s.when.event!,
      off: s.when.offsetDays,
      every_days: s.when.every?.days ?? null,
      every_months: s.when.event === 'every_quarter' ? 3 : null,
      roles: s.roles,
      t: timing.time,
      eff: timing.at,
      shift: timing.dayShift,
      zone: program.timezone ?? null,
    }));
  });
}
