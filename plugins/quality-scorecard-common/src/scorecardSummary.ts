import type {
  MetricChartResponse,
  MetricSummary,
  MetricValue,
  ScorecardResponse,
  ScorecardSummaryResponse,
} from './api';
import type { MetricId } from './metrics';

const WEEK_MS = 7 * 86_400_000;

/**
 * Significant digits of a summary's weekly values: enough to draw, not to export.
 * @public
 */
export const SUMMARY_WEEKLY_DIGITS = 4;

/**
 * A weekly value as the summary view has it: rounded to
 * `SUMMARY_WEEKLY_DIGITS` significant digits (null stays null).
 * @public
 */
export function weeklyValue(value: number | null): number | null {
  return value === null
    ? null
    : Number(value.toPrecision(SUMMARY_WEEKLY_DIGITS));
}

/**
 * A metric of the summary view: the full view's metric without its series
 * and control chart, with the series' values (rounded, `weeklyValue`) and
 * the chart's signals.
 * @public
 */
export function summarizeMetric(metric: MetricValue): MetricSummary {
  const { series, control, ...rest } = metric;
  return {
    ...rest,
    weekly: series.map(p => weeklyValue(p.value)),
    ...(control ? { signals: control.signals } : {}),
  };
}

/**
 * The summary view of a full scorecard (`?view=summary`): the same top-level
 * fields, each metric summarized.
 * @public
 */
export function summarizeScorecard(
  scorecard: ScorecardResponse,
): ScorecardSummaryResponse {
  return { ...scorecard, metrics: scorecard.metrics.map(summarizeMetric) };
}

/**
 * One metric's series and control chart, as the full view holds them;
 * undefined when the scorecard has no such metric.
 * @public
 */
export function metricChartOf(
  scorecard: ScorecardResponse,
  metricId: MetricId,
): MetricChartResponse | undefined {
  const metric = scorecard.metrics.find(m => m.id === metricId);
  if (!metric) return undefined;
  return {
    entityRef: scorecard.entityRef,
    window: scorecard.window,
    metric: metric.id,
    series: metric.series,
    ...(metric.control ? { control: metric.control } : {}),
  };
}

/**
 * The start (ISO time, as `SeriesPoint.start` has it) of each of `count`
 * weeks ending at a summary's `window.to`: the weeks of `MetricSummary.weekly`.
 * @public
 */
export function summaryWeekStarts(
  window: { to: string },
  count: number,
): string[] {
  const end = Date.parse(window.to);
  return Array.from({ length: count }, (_, i) =>
    new Date(end - (count - i) * WEEK_MS).toISOString(),
  );
}

/**
 * A summary metric and its chart back as the full view's metric: equal to
 * the full view's metric of the same read.
 * @public
 */
export function metricWithChart(
  metric: MetricSummary,
  chart: Pick<MetricChartResponse, 'series' | 'control'>,
): MetricValue {
  const { weekly, signals, ...rest } = metric;
  return {
    ...rest,
    series: chart.series,
    ...(chart.control ? { control: chart.control } : {}),
  };
}
