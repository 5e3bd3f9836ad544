/**
 * The capacity-building indicator of a plan's quarter: how much of the work the community
 * organisation did, alone or together with its mentor (seed 000: "mentoring, not managing").
 * Two readings, each 0 to 1, averaged when both are there:
 * - the share of the activities done that quarter done by the community organisation or
 *   together (not by the expert organisation alone);
 * - the review's "how much did the mentor do" scale, read the other way round (the mentee
 *   did it = 1).
 * Null when neither is known (nothing done, no review answered).
 */
export function capacityIndicator(q: {
  done: number;
  doneCommunity: number;
  doneTogether: number;
  doingMean: number | null;
  doingScale: { min: number; max: number };
}): number | null {
  const readings: number[] = [];
  if (q.done > 0) readings.push((q.doneCommunity + q.doneTogether) / q.done);
  if (q.doingMean !== null && q.doingScale.max > q.doingScale.min) {
    readings.push(1 - (q.doingMean - q.doingScale.min) / (q.doingScale.max - q.doingScale.min));
  }
  return readings.length === 0 ? null : readings.reduce((a, b) => a + b, 0) / readings.length;
}

/** Below this, the expert organisation did most of the work. */
export const EXPERT_LED_BELOW = 0.5;
/** A change of at least this much is a trend, not noise. */
const TREND_STEP = 0.1;

export type Trend = 'up' | 'down' | 'steady' | 'first';

export function trendOf(current: number | null, previous: number | null | undefined): Trend {
  if (current === null || previous === null || previous === undefined) return 'first';
  if (current - previous >= TREND_STEP) return 'up';
  if (previous - current >= TREND_STEP) return 'down';
  return 'steady';
}

/** "60% ↑ (was 40%)": the indicator as coordinators read it. */
export function describeIndicator(current: number | null, previous: number | null | undefined): string {
  if (current === null) return 'not known yet';
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const trend = trendOf(current, previous);
  const arrow = { up: ' ↑', down: ' ↓', steady: ' →', first: '' }[trend];
  return `${pct(current)}${arrow}${trend === 'first' ? '' : ` (was ${pct(previous!)})`}`;
}

/** Whether each of the last `n` quarters (oldest first) was led by the expert organisation. */
export function expertLedRun(indicators: readonly (number | null)[], n: number): boolean {
  const last = indicators.slice(-n);
  return last.length === n && last.every((v) => v !== null && v < EXPERT_LED_BELOW);
}
