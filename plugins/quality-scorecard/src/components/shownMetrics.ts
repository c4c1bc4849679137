import {
  MetricSummary,
  MetricValue,
  ScorecardSummaryResponse,
  summarizeMetric,
  summaryWeekStarts,
} from '@shewhart/plugin-quality-scorecard-common';

/**
 * A metric as the Quality tab first shows it: the summary view's metric
 * (no series, no control chart), with the start of the week of each of its
 * weekly values.
 */
export interface ShownMetric extends MetricSummary {
  weeks: string[];
}

/** A metric of the summary view or of the full view: tiles and signal lists take either. */
export type TileMetric = ShownMetric | MetricValue;

/** The summary's metrics, each with its weeks. */
export function shownMetrics(summary: ScorecardSummaryResponse): ShownMetric[] {
  const count = summary.metrics[0]?.weekly.length ?? 0;
  const weeks = summaryWeekStarts(summary.window, count);
  return summary.metrics.map(m => ({ ...m, weeks }));
}

/** A full metric as the tab's first paint shows it. */
export function shownMetric(metric: MetricValue): ShownMetric {
  return {
    ...summarizeMetric(metric),
    weeks: metric.series.map(p => p.start),
  };
}

/** The weekly points of a metric (the summary's values are rounded: for drawing). */
export function weeklyPoints(
  metric: TileMetric,
): Array<{ start: string; value: number | null }> {
  if ('series' in metric) return metric.series;
  return metric.weeks.map((start, i) => ({
    start,
    value: metric.weekly[i] ?? null,
  }));
}
