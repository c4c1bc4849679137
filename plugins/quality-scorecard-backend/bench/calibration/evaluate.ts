/**
 * Runs a simulated history through the real engine as the plugin would see
 * it week by week: at each evaluation (Wednesday noon, so the current week is
 * partial) the events known by then become weekly statistics
 * (computeWeeklyStats), and the 26-week series becomes scorecard metrics and
 * control charts (scorecardMetrics). An alarm is what an owner would be told:
 * a signal whose episode reaches the latest complete week and was not already
 * firing at the evaluation before; a signal on the partial week is counted
 * apart.
 */
import type { MetricId } from '@shewhart/plugin-quality-scorecard-common';
import type { EntityEvents } from '../../src/database/types';
import { computeWeeklyStats } from '../../src/engine/weeklyStats';
import { AggregateOptions, scorecardMetrics } from '../../src/engine/aggregate';
import { DAY_MS, WEEK_MS } from '../../src/engine/time';
import { eventsAsOf } from './simulate';

export interface Alarm {
  metric: MetricId;
  rule: string;
  side: 'above' | 'below';
  /** The evaluation week (index from the history's first week). */
  week: number;
}

export interface Evaluation {
  alarms: Alarm[];
  partialWeekSignals: Alarm[];
  /** Signals on the last evaluation's whole chart (what the tab lists). */
  finalChartSignals: number;
}

export function evaluateOnline(options: {
  events: EntityEvents;
  firstWeek: number;
  /** Evaluate at weeks from..to−1 (indices from firstWeek). */
  from: number;
  to: number;
  seriesWeeks: number;
  /** Weeks before the series that the first baseline also takes. */
  historyWeeks: number;
  aggregate: AggregateOptions;
}): Evaluation {
  const { events, firstWeek, seriesWeeks, aggregate } = options;
  const alarms: Alarm[] = [];
  const partialWeekSignals: Alarm[] = [];
  let previous = new Set<string>();
  let finalChartSignals = 0;
  for (let t = options.from; t < options.to; t++) {
    const weekStart = firstWeek + t * WEEK_MS;
    const now = weekStart + 2.5 * DAY_MS;
    const seriesStart = weekStart - (seriesWeeks - 1) * WEEK_MS;
    // Four weeks of context before the series: deployments ship earlier PRs.
    const historyStart = seriesStart - options.historyWeeks * WEEK_MS;
    const known = eventsAsOf(events, now, historyStart - 4 * WEEK_MS);
    const pooled = computeWeeklyStats(known, {
      productionEnvironments: ['production'],
    });
    const series = Array.from(
      { length: seriesWeeks },
      (_, i) => seriesStart + i * WEEK_MS,
    );
    const metrics = scorecardMetrics({
      pooled,
      windowWeeks: series.slice(-4),
      previousWeeks: [],
      seriesWeeks: series,
      aggregate,
      demo: false,
      completeBefore: now,
      historyWeeks: Array.from(
        { length: options.historyWeeks },
        (_, i) => historyStart + i * WEEK_MS,
      ),
    });
    const latestComplete = weekStart - WEEK_MS;
    const firing = new Set<string>();
    let onChart = 0;
    for (const m of metrics) {
      for (const s of m.control?.signals ?? []) {
        onChart++;
        const end = Date.parse(s.end);
        const alarm = { metric: m.id, rule: s.rule, side: s.side, week: t };
        const key = `${m.id}|${s.rule}|${s.side}`;
        if (end === weekStart) partialWeekSignals.push(alarm);
        else if (end === latestComplete) {
          firing.add(key);
          if (!previous.has(key)) alarms.push(alarm);
        }
      }
    }
    previous = firing;
    finalChartSignals = onChart;
  }
  return { alarms, partialWeekSignals, finalChartSignals };
}
