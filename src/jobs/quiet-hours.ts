import { DateTime } from 'luxon';

export interface QuietHours {
  /** `HH:mm`, local. */
  start: string;
  end: string;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when the local time of `at` in `zone` falls in the window (which may cross midnight). */
export function inQuietHours(at: Date, zone: string, quiet: QuietHours): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const now = local.hour * 60 + local.minute;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * `at`, or, when it falls in the person's quiet hours, the end of that window: a check-in
 * delayed past 21:00 waits for 08:00 rather than waking someone.
 */
export function outsideQuietHours(at: Date, zone: string, quiet: QuietHours): Date {
  if (!inQuietHours(at, zone, quiet)) return at;
  const local = DateTime.fromJSDate(at, { zone });
  const end = minutes(quiet.end);
  let wake = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (wake <= local) wake = wake.plus({ days: 1 }).set({ hour: Math.floor(end / 60), minute: end % 60 });
  return wake.toJSDate();
}
