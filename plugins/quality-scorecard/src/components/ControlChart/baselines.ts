import type {
  BaselinePeriod,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { formatWeek } from '../format';

/** Whether a week (its start) lies in a baseline period. */
export function inPeriod(period: BaselinePeriod, weekStart: string) {
  const at = Date.parse(weekStart);
  return (
    at >= Date.parse(period.from) &&
    (period.to === null || at < Date.parse(period.to))
  );
}

/** "baseline from 2026-09-07 (by ada: new deploy pipeline)". */
export function baselinePeriodLabel(period: BaselinePeriod): string {
  const from = `baseline from ${formatWeek(period.from)}`;
  if (period.source === 'default') return from;
  const by =
    period.startedBy ??
    (period.source === 'rule' ? 'the configured rule' : 'someone');
  return period.reason
    ? `${from} (by ${by}: ${period.reason})`
    : `${from} (by ${by})`;
}

/** A baseline period as drawn: where it starts and which weeks gave its limits. */
export interface BaselineMark {
  period: BaselinePeriod;
  label: string;
  /** The period's first week on the chart; undefined when it starts before the series. */
  firstWeek?: string;
  /** The first and last week whose data gave the limits, when on the chart. */
  baselineWeeks?: [string, string];
}

/** The baseline periods of a chart, placed on its weeks (oldest first). */
export function baselineMarks(
  metric: Pick<MetricValue, 'control' | 'series'>,
): BaselineMark[] {
  const series = metric.series;
  return (metric.control?.baselines ?? []).map(period => {
    const weeks = series.filter(p => inPeriod(period, p.start));
    const startsOnChart =
      weeks.length > 0 &&
      Date.parse(period.from) >= Date.parse(series[0].start);
    const gave = weeks.slice(0, period.baselineWeeks);
    return {
      period,
      label: baselinePeriodLabel(period),
      firstWeek: startsOnChart ? formatWeek(weeks[0].start) : undefined,
      baselineWeeks:
        startsOnChart && gave.length > 0
          ? [formatWeek(gave[0].start), formatWeek(gave[gave.length - 1].start)]
          : undefined,
    };
  });
}
