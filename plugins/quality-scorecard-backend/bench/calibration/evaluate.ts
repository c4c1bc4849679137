/**
 * Runs a simulated history through the real engine as the plugin would see
 * it week by week: at each evaluation (Wednesday noon, so the current week is
 * partial) the events known by then become weekly statistics
 * (computeWeeklyStats), and the 26-week series becomes scorecard metrics and
 * control charts (scorecardMetrics). An alarm is what an owner would be told:
 * a new episode as the notifier finds it (notify/episodes.ts: currentSignals
 * with its two-week lookback, then reconcile with the episodes still open),
 * for every metric and rule, improvements too; a signal on the partial week
 * is counted apart.
 */
import {
  METRIC_IDS,
  MetricId,
} from '@shewhart/plugin-quality-scorecard-common';
import { CONTROL_RULES } from '../../src/config/notifications';
import {
  OpenEpisode,
  currentSignals,
  reconcile,
} from '../../src/notify/episodes';
import type { EntityEvents } from '../../src/engine/model';
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
  let open: OpenEpisode[] = [];
  let ids = 0;
  let finalChartSignals = 0;
  const rules = Object.fromEntries(
    CONTROL_RULES.map(r => [r, { enabled: true, severity: 'normal' as const }]),
  ) as Parameters<typeof currentSignals>[1]['rules'];
  for (let t = options.from; t < options.to; t++) {
    const weekStart = firstWeek + t * WEEK_MS;
    const now = weekStart + 2.5 * DAY_MS;
    const seriesStart = weekStart - (seriesWeeks - 1) * WEEK_MS;
    const historyStart = seriesStart - options.historyWeeks * WEEK_MS;
    // Four weeks of context before the history: deployments ship earlier PRs.
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
    let onChart = 0;
    for (const m of metrics) {
      for (const s of m.control?.signals ?? []) {
        onChart++;
        if (Date.parse(s.end) === weekStart) {
          partialWeekSignals.push({
            metric: m.id,
            rule: s.rule,
            side: s.side,
            week: t,
          });
        }
      }
    }
    const current = currentSignals(
      {
        entityRef: 'component:default/simulated',
        window: { from: '', to: '' },
        demo: false,
        computedAt: null,
        metrics,
        aiPolicy: { applicable: 0, compliant: 0, rate: null, violations: [] },
        aiComparison: {} as any,
      },
      {
        now,
        lookbackWeeks: 2,
        minSampleSize: 0,
        improvements: true,
        metrics: [...METRIC_IDS],
        rules,
      },
    );
    const { continued, fresh } = reconcile(open, current);
    for (const f of fresh) {
      alarms.push({
        metric: f.subject as MetricId,
        rule: f.rule,
        side: f.side as 'above' | 'below',
        week: t,
      });
    }
    const opened: OpenEpisode[] = [];
    for (const f of fresh) {
      opened.push({
        id: ids++,
        subject: f.subject,
        rule: f.rule,
        side: f.side,
        start: f.start,
        end: f.end,
      });
    }
    open = [
      ...continued.map(c => ({
        ...c.stored,
        start: c.facts.start,
        end: c.facts.end,
      })),
      ...opened,
    ];
    finalChartSignals = onChart;
  }
  return { alarms, partialWeekSignals, finalChartSignals };
}
