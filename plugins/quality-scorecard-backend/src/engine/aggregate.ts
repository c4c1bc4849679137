import {
  METRIC_DEFINITIONS,
  MetricFlag,
  MetricId,
  MetricUnit,
  MetricValue,
  bandOf,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import type { WeekStats } from './weeklyStats';
import { totalOver } from './pooling';
import { controlChart } from './spc/classic';
import { BaselineStart, calibratedChart } from './spc/calibrated';
import { CHART_DESIGNS, SignalSettings } from './spc/designs';
import { ObservedWeek } from './spc/models';
import { isoWeek, mean, median } from './time';
import { dpmo, sigmaLevel } from './sixSigma';

export interface AggregateOptions {
  minSampleSize: number;
  timeToRestoreAggregation: 'median' | 'mean';
  baselineWeeks: number;
  signals: SignalSettings;
}

export interface RawMetric {
  value: number | null;
  n: number;
  numerator?: number;
  denominator?: number;
}

const ratio = (
  numerator: number,
  denominator: number,
  n = denominator,
): RawMetric => ({
  value: denominator > 0 ? numerator / denominator : null,
  n,
  numerator,
  denominator,
});

const medianOf = (samples: number[]): RawMetric => ({
  value: median(samples),
  n: samples.length,
});

/**
 * Every metric over a set of weeks, pooled: ratios are Σnumerators /
 * Σdenominators and medians are over the pooled samples.
 */
/** Defects: incidents created, merged PRs later reverted, bugs created; opportunities: merged PRs. */
function sixSigmaMetrics(
  total: WeekStats,
): Pick<Record<MetricId, RawMetric>, 'dpmo' | 'sigma_level'> {
  const defects = total.incidents + total.reverted + total.bugs;
  return {
    dpmo: {
      value: dpmo(defects, total.merged),
      n: total.merged,
      numerator: defects,
      denominator: total.merged,
    },
    sigma_level: { value: sigmaLevel(defects, total.merged), n: total.merged },
  };
}

export function metricsOverWeeks(
  pooled: Map<number, WeekStats>,
  weeks: number[],
  options: Pick<AggregateOptions, 'timeToRestoreAggregation'>,
): Record<MetricId, RawMetric> {
  const total = totalOver(pooled, weeks);
  const daysPerWeek = weeks.map(w => pooled.get(w)?.deployDays.length ?? 0);
  const authors = total.authors.length;
  const restore =
    options.timeToRestoreAggregation === 'mean'
      ? mean(total.restoreTimes)
      : median(total.restoreTimes);
  return {
    deployment_frequency: { value: median(daysPerWeek), n: total.deployments },
    lead_time_for_changes: medianOf(total.leadTimes),
    change_failure_rate: ratio(total.failedDeployments, total.deployments),
    time_to_restore: { value: restore, n: total.restoreTimes.length },
    failed_deployment_recovery_time: medianOf(total.recoveryTimes),
    deployment_rework_rate: ratio(total.reworkDeployments, total.deployments),
    pr_throughput: {
      value:
        authors > 0 && weeks.length > 0
          ? total.merged / authors / weeks.length
          : null,
      n: total.merged,
      numerator: total.merged,
      denominator: authors * weeks.length,
    },
    pr_merge_rate: ratio(total.merged, total.closed),
    pr_cycle_time: medianOf(total.cycleTimes),
    pr_coding_time: medianOf(total.codingTimes),
    pr_pickup_time: medianOf(total.pickupTimes),
    pr_review_time: medianOf(total.reviewTimes),
    pr_deploy_time: medianOf(total.deployTimes),
    incidents_per_pr: ratio(total.incidents, total.merged),
    bugs_per_developer: ratio(total.bugs, authors),
    revert_rate: ratio(total.reverted, total.merged),
    review_coverage: ratio(total.reviewed, total.merged),
    ai_assisted_share: ratio(total.aiAssisted, total.merged),
    ai_policy_compliance: ratio(total.aiCompliant, total.aiApplicable),
    ...sixSigmaMetrics(total),
  };
}

/**
 * The DORA band of a window value, by -common's definition alone. Where the
 * bands compare `medium` with the weekly mean, that is the mean of the
 * window's weekly deployment days (deployment frequency's weekly value).
 */
export function band(
  id: MetricId,
  raw: RawMetric,
  pooled: Map<number, WeekStats>,
  weeks: number[],
) {
  const definition = METRIC_DEFINITIONS.find(d => d.id === id)!;
  const weeklyMean =
    id === 'deployment_frequency'
      ? mean(weeks.map(w => pooled.get(w)?.deployDays.length ?? 0))
      : null;
  return bandOf(definition, raw.value, weeklyMean);
}

/** Units whose values cannot be negative: an XmR lower limit below 0 is floored there. */
const NON_NEGATIVE_UNITS: ReadonlySet<MetricUnit> = new Set<MetricUnit>([
  'seconds',
  'days-per-week',
  'prs-per-author-per-week',
  'defects-per-million',
  'sigma',
  'ratio',
  'incidents-per-pr',
  'bugs-per-developer',
]);

export function flagsOf(
  raw: RawMetric,
  minSampleSize: number,
  demo: boolean,
): MetricFlag[] {
  const flags: MetricFlag[] = [];
  if (raw.n === 0) flags.push('no-data');
  else if (raw.n < minSampleSize) flags.push('small-sample');
  if (demo) flags.push('demo-data');
  return flags;
}

/** The samples of a duration metric in one week's statistics. */
const DURATION_SAMPLES: Partial<Record<MetricId, (s: WeekStats) => number[]>> =
  {
    lead_time_for_changes: s => s.leadTimes,
    pr_cycle_time: s => s.cycleTimes,
    time_to_restore: s => s.restoreTimes,
    failed_deployment_recovery_time: s => s.recoveryTimes,
    pr_coding_time: s => s.codingTimes,
    pr_pickup_time: s => s.pickupTimes,
    pr_review_time: s => s.reviewTimes,
    pr_deploy_time: s => s.deployTimes,
  };

/**
 * What a chart needs of one week: the value drawn, its counts and samples.
 * Every week has all five fields (undefined where a metric has none): one
 * object shape for every metric keeps the chart code optimized, where five
 * shapes had V8 deoptimize and recompile it again and again.
 */
function observedWeek(
  id: MetricId,
  start: number,
  raw: RawMetric,
  stats: WeekStats | undefined,
): ObservedWeek {
  if (id === 'deployment_frequency') {
    // A week without any event (before the service's data begins) is no
    // week of zero deployments.
    if (!stats)
      return { start, value: null, count: 0, exposure: 0, samples: undefined };
    const days = stats.deployDays.length;
    return { start, value: days, count: days, exposure: 7, samples: undefined };
  }
  const samples = stats ? DURATION_SAMPLES[id]?.(stats) : undefined;
  const counted = raw.numerator !== undefined;
  return {
    start,
    value: raw.value,
    count: counted ? raw.numerator : undefined,
    exposure: counted ? raw.denominator : undefined,
    samples: samples || undefined,
  };
}

/** The control chart of one metric's weekly points, by the configured design. */
function chartOf(
  definition: (typeof METRIC_DEFINITIONS)[number],
  weeks: ObservedWeek[],
  options: {
    aggregate: AggregateOptions;
    completeBefore: number;
    baselines: BaselineStart[];
    /** Every metric's weekly points, for CUSUMs that pool another metric's evidence. */
    allPoints: Map<MetricId, ObservedWeek[]>;
    /** Every metric's points of the weeks before the series, for the first baseline. */
    allHistory: Map<MetricId, ObservedWeek[]>;
  },
) {
  const { aggregate } = options;
  if (aggregate.signals.design === 'classic') {
    const points = weeks.map(w => ({
      start: w.start,
      value: w.value,
      numerator: w.count,
      denominator: w.exposure,
    }));
    return controlChart(definition.chart, points, aggregate.baselineWeeks, {
      nonNegative: NON_NEGATIVE_UNITS.has(definition.unit),
    });
  }
  let design = CHART_DESIGNS[definition.id];
  // A mean restore time is not the median the log-median chart models.
  if (
    definition.id === 'time_to_restore' &&
    aggregate.timeToRestoreAggregation === 'mean'
  ) {
    design = {
      ...design,
      model: { kind: 'individuals' },
      cusumShift: undefined,
    };
  }
  return calibratedChart(design, weeks, {
    metric: definition.id,
    history: options.allHistory.get(definition.id),
    ...(design.pooledWith
      ? {
          companion: options.allPoints.get(design.pooledWith),
          companionHistory: options.allHistory.get(design.pooledWith),
        }
      : {}),
    baselineWeeks: aggregate.baselineWeeks,
    completeBefore: options.completeBefore,
    baselines: options.baselines,
    settings: aggregate.signals,
  });
}

/** A metric's value over a window beside the window before: the fields every form of a scorecard shows. */
export function windowValue(
  id: MetricId,
  raw: RawMetric,
  prev: number | null,
  pooled: Map<number, WeekStats>,
  windowWeeks: number[],
) {
  return {
    id,
    value: raw.value,
    n: raw.n,
    ...(raw.numerator !== undefined
      ? { numerator: raw.numerator, denominator: raw.denominator }
      : {}),
    previous: prev,
    delta: raw.value !== null && prev !== null ? raw.value - prev : null,
    ...bandFields(id, band(id, raw, pooled, windowWeeks)),
  };
}

/** The band of a value with the edition it comes from; nothing without a band. */
function bandFields(id: MetricId, b: ReturnType<typeof band>) {
  return b
    ? { band: b, bandEdition: getMetricDefinition(id).bands!.edition }
    : {};
}

/** The full scorecard metrics for a window, with previous window, series and control charts. */
export function scorecardMetrics(options: {
  pooled: Map<number, WeekStats>;
  windowWeeks: number[];
  previousWeeks: number[];
  seriesWeeks: number[];
  aggregate: AggregateOptions;
  demo: boolean;
  /** Weeks that end after this time are partial and never signal (default: none is). */
  completeBefore?: number;
  /** Baselines started by people (or recorded by rule) for this entity. */
  baselines?: BaselineStart[];
  /** Complete weeks before the series whose data the first baseline also takes. */
  historyWeeks?: number[];
}): MetricValue[] {
  const { pooled, windowWeeks, previousWeeks, seriesWeeks, aggregate } =
    options;
  const current = metricsOverWeeks(pooled, windowWeeks, aggregate);
  const previous = metricsOverWeeks(pooled, previousWeeks, aggregate);
  const perWeek = seriesWeeks.map(w => ({
    start: w,
    metrics: metricsOverWeeks(pooled, [w], aggregate),
    stats: pooled.get(w),
  }));
  const allPoints = new Map(
    METRIC_DEFINITIONS.map(d => [
      d.id,
      perWeek.map(p => observedWeek(d.id, p.start, p.metrics[d.id], p.stats)),
    ]),
  );
  const pointsOf = (weeks: number[]) => {
    const each = weeks.map(w => ({
      start: w,
      metrics: metricsOverWeeks(pooled, [w], aggregate),
      stats: pooled.get(w),
    }));
    return new Map(
      METRIC_DEFINITIONS.map(d => [
        d.id,
        each.map(p => observedWeek(d.id, p.start, p.metrics[d.id], p.stats)),
      ]),
    );
  };
  const chartOptions = {
    aggregate,
    allHistory: pointsOf(options.historyWeeks ?? []),
    completeBefore: options.completeBefore ?? Infinity,
    baselines: options.baselines ?? [],
    allPoints,
  };
  return METRIC_DEFINITIONS.map(definition => {
    const id = definition.id;
    const raw = current[id];
    const prev = previous[id].value;
    const flags = flagsOf(raw, aggregate.minSampleSize, options.demo);
    const points = allPoints.get(id)!;
    const value: MetricValue = {
      ...windowValue(id, raw, prev, pooled, windowWeeks),
      flags,
      series: perWeek.map((p, i) => ({
        start: isoWeek(p.start),
        value: points[i].value,
        n: p.metrics[id].n,
      })),
      control: chartOf(definition, points, chartOptions),
    };
    if (value.control === undefined) delete value.control;
    return value;
  });
}
