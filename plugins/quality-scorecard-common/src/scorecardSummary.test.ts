import type { MetricValue, ScorecardResponse } from './api';
import {
  metricChartOf,
  metricWithChart,
  summarizeMetric,
  summarizeScorecard,
  summaryWeekStarts,
  weeklyValue,
} from './scorecardSummary';

const signal = {
  rule: 'beyond-limit' as const,
  start: '2026-08-10T00:00:00.000Z',
  end: '2026-08-17T00:00:00.000Z',
  side: 'above' as const,
  description: '1 week above the upper limit',
  strength: 1.4,
};

/** Three weeks ending Monday 2026-08-24 (window.to), and a chart with one signal. */
const lead: MetricValue = {
  id: 'lead_time_for_changes',
  value: 268044.515,
  n: 48,
  previous: 221595.8455,
  delta: 46448.66950000002,
  band: 'high',
  bandEdition: 'DORA 2024',
  flags: ['demo-data'],
  series: [
    { start: '2026-08-03T00:00:00.000Z', value: 192919.639, n: 12 },
    { start: '2026-08-10T00:00:00.000Z', value: null, n: 0 },
    { start: '2026-08-17T00:00:00.000Z', value: 0.000123456, n: 3 },
  ],
  control: {
    chart: 'median',
    center: 200000,
    ucl: 400000,
    lcl: 100000,
    limits: [null, null, null],
    baselineWeeks: 12,
    signals: [signal],
  },
};
const noChart: MetricValue = {
  id: 'dpmo',
  value: null,
  n: 0,
  flags: ['no-data'],
  series: [{ start: '2026-08-17T00:00:00.000Z', value: null, n: 0 }],
};
const scorecard = {
  entityRef: 'component:default/a',
  window: { from: '2026-07-27T00:00:00.000Z', to: '2026-08-24T00:00:00.000Z' },
  demo: true,
  computedAt: null,
  metrics: [lead, noChart],
  aiPolicy: { applicable: 0, compliant: 0, rate: null, violations: [] },
  aiComparison: {} as ScorecardResponse['aiComparison'],
} satisfies ScorecardResponse;

describe('the summary view', () => {
  it.each([
    [192919.639, 192900],
    [268044.515, 268000],
    [0.000123456, 0.0001235],
    [0.3333333333333333, 0.3333],
    [-1.23456, -1.235],
    [7, 7],
    [0, 0],
    [null, null],
  ])('rounds the weekly value %p to %p', (value, rounded) => {
    expect(weeklyValue(value)).toBe(rounded);
  });

  it('keeps every field of a metric but series and control, with the weekly values and signals', () => {
    expect(summarizeMetric(lead)).toEqual({
      id: 'lead_time_for_changes',
      value: 268044.515,
      n: 48,
      previous: 221595.8455,
      delta: 46448.66950000002,
      band: 'high',
      bandEdition: 'DORA 2024',
      flags: ['demo-data'],
      weekly: [192900, null, 0.0001235],
      signals: [signal],
    });
    expect(summarizeMetric(noChart)).toEqual({
      id: 'dpmo',
      value: null,
      n: 0,
      flags: ['no-data'],
      weekly: [null],
    });
  });

  it('keeps the top-level fields of the scorecard', () => {
    const summary = summarizeScorecard(scorecard);
    expect(Object.keys(summary)).toEqual(Object.keys(scorecard));
    expect(summary.metrics.map(m => 'series' in m || 'control' in m)).toEqual([
      false,
      false,
    ]);
  });

  it("names the weeks of the weekly values from the window's end", () => {
    expect(summaryWeekStarts(scorecard.window, 3)).toEqual(
      lead.series.map(p => p.start),
    );
    expect(summaryWeekStarts(scorecard.window, 0)).toEqual([]);
  });

  it("answers a metric's chart as the full view holds it, and none for a metric it lacks", () => {
    expect(metricChartOf(scorecard, 'lead_time_for_changes')).toEqual({
      entityRef: 'component:default/a',
      window: scorecard.window,
      metric: 'lead_time_for_changes',
      series: lead.series,
      control: lead.control,
    });
    expect(metricChartOf(scorecard, 'dpmo')).toEqual({
      entityRef: 'component:default/a',
      window: scorecard.window,
      metric: 'dpmo',
      series: noChart.series,
    });
    expect(metricChartOf(scorecard, 'sigma_level')).toBeUndefined();
  });

  it.each([lead, noChart])(
    'makes the full metric again from the summary and the chart (%#)',
    metric => {
      const chart = metricChartOf(scorecard, metric.id)!;
      expect(metricWithChart(summarizeMetric(metric), chart)).toEqual(metric);
    },
  );
});
