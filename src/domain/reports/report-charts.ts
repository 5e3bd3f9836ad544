import type { Period, ReportFigures } from './report-figures.js';

/** A chart to draw: its file name and its vega-lite spec (plain JSON, queued as it is). */
export interface ChartSpec {
  name: string;
  chart: Record<string, unknown>;
}

/**
 * The report's charts: the funnel, how matches ended, and each survey scale's mean by
 * month when there are answers. Bars carry their numbers, so a chart reads without the text.
 */
export function reportCharts(period: Period, f: ReportFigures): ChartSpec[] {
  const suffix = `${period.from}-to-${period.to}`;
  const bars = (title: string, values: { label: string; n: number }[], axis: string) => ({
    title,
    data: { values },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' } },
      { mark: { type: 'text', dy: -6 }, encoding: { text: { field: 'n', type: 'quantitative' } } },
    ],
    encoding: {
      x: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelAngle: 0 } },
      y: { field: 'n', type: 'quantitative', title: axis, axis: { tickMinStep: 1 } },
    },
  });
  const charts: ChartSpec[] = [
    {
      name: `funnel-${suffix}.png`,
      chart: bars('From application to a full match', [
        { label: 'applied', n: f.funnel.applied },
        { label: 'approved', n: f.funnel.approved },
        { label: 'matched', n: f.funnel.matched },
        { label: 'reached planned end', n: f.funnel.reachedPlannedEnd },
      ], 'people'),
    },
    {
      name: `matches-${suffix}.png`,
      chart: bars('Matches: running, and how those closed ended', [
        { label: 'active', n: f.matches.active },
        { label: 'closed as planned', n: f.matches.closedPlanned },
        { label: 'closed early', n: f.matches.closedEarly },
      ], 'matches'),
    },
  ];
  if (f.scales.length > 0) {
    charts.push({
      name: `survey-scales-${suffix}.png`,
      chart: {
        title: 'Survey scales: mean by month',
        data: { values: f.scales },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'month', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
          y: { field: 'mean', type: 'quantitative', title: 'mean (scale points)', scale: { zero: false } },
          color: { field: 'scale', type: 'nominal', title: 'scale' },
        },
      },
    });
  }
  return charts;
}
