/*
 * The short forms of a scorecard: headline metrics of a ranking row (the
 * overview, an owner's breakdown) and the AI-assisted against other PRs
 * comparison.
 */
import {
  AiComparison,
  AiComparisonSide,
  ROW_METRIC_IDS,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import type { WeekStats } from './weeklyStats';
import {
  AggregateOptions,
  flagsOf,
  metricsOverWeeks,
  windowValue,
} from './aggregate';
import { totalOver } from './pooling';
import { isoWeek, median } from './time';

/**
 * Headline metrics of a ranking row (no series or chart), except that
 * `ai_policy_compliance` keeps its weekly series when `complianceSeriesWeeks`
 * is given, for the compliance heat map.
 */
export function headlineMetrics(options: {
  pooled: Map<number, WeekStats>;
  windowWeeks: number[];
  previousWeeks: number[];
  complianceSeriesWeeks?: number[];
  aggregate: AggregateOptions;
  demo: boolean;
}): MetricValue[] {
  const { pooled, windowWeeks, previousWeeks, aggregate } = options;
  const current = metricsOverWeeks(pooled, windowWeeks, aggregate);
  const previous = metricsOverWeeks(pooled, previousWeeks, aggregate);
  return ROW_METRIC_IDS.map(id => {
    const raw = current[id];
    const prev = previous[id].value;
    const series =
      id === 'ai_policy_compliance' && options.complianceSeriesWeeks
        ? options.complianceSeriesWeeks.map(w => {
            const s = pooled.get(w);
            return {
              start: isoWeek(w),
              value:
                s && s.aiApplicable > 0 ? s.aiCompliant / s.aiApplicable : null,
              n: s?.aiApplicable ?? 0,
            };
          })
        : [];
    const value: MetricValue = {
      ...windowValue(id, raw, prev, pooled, windowWeeks),
      flags: flagsOf(raw, aggregate.minSampleSize, options.demo),
      series,
    };
    return value;
  });
}

function side(
  pullRequests: number,
  incidents: number,
  reverted: number,
  reviewed: number,
  cycleTimes: number[],
): AiComparisonSide {
  const rate = (x: number) => (pullRequests > 0 ? x / pullRequests : null);
  return {
    pullRequests,
    incidents,
    reverted,
    reviewed,
    incidentsPerPr: rate(incidents),
    revertRate: rate(reverted),
    reviewCoverage: rate(reviewed),
    cycleTime: median(cycleTimes),
  };
}

/**
 * AI-assisted vs other merged PRs of the given weeks: incidents attributed
 * to the PRs (through causedBy or the deployment that shipped them) per PR,
 * revert rate, review coverage and median cycle time, each with its PR count.
 */
export function aiComparison(
  pooled: Map<number, WeekStats>,
  weeks: number[],
): AiComparison {
  const t = totalOver(pooled, weeks);
  return {
    ai: side(
      t.aiMerged,
      t.aiIncidents,
      t.aiReverted,
      t.aiReviewed,
      t.aiCycleTimes,
    ),
    nonAi: side(
      t.merged - t.aiMerged,
      t.nonAiIncidents,
      t.reverted - t.aiReverted,
      t.reviewed - t.aiReviewed,
      t.nonAiCycleTimes,
    ),
  };
}
