/**
 * One calibration job: a simulated service through the engine, stable or with
 * a shift, in one design. Scenarios and targets are those of issue 16 and
 * docs/spc.md.
 */
import type { MetricId } from '@shewhart/plugin-quality-scorecard-common';
import type { AggregateOptions } from '../../src/engine/aggregate';
import { DEFAULT_SIGNAL_SETTINGS } from '../../src/engine/spc/designs';
import { WEEK_MS, weekStartOf } from '../../src/engine/time';
import { evaluateOnline } from './evaluate';
import { ProcessParams, STABLE, simulateEvents } from './simulate';

export const TARGETS = { alarmsPerServiceYear: 1 };

const SERIES_WEEKS = 26;
/** metrics.baselineHistoryWeeks' default. */
const HISTORY_WEEKS = 26;
/** Weeks before the first evaluation, so its series is whole. */
const WARM_UP = SERIES_WEEKS + HISTORY_WEEKS;
const STABLE_YEARS = 1;
/** Stable weeks evaluated before a shift (the chart has settled), and weeks after it. */
const BEFORE_SHIFT = 14;
const AFTER_SHIFT = 26;

const FIRST_WEEK = weekStartOf(Date.parse('2024-01-03T00:00:00Z'));

export interface Scenario {
  id: string;
  description: string;
  shifted: (p: ProcessParams) => ProcessParams;
  /** The charts whose adverse signals count as detecting it. */
  metrics: MetricId[];
}

const STABILITY: MetricId[] = [
  'change_failure_rate',
  'deployment_rework_rate',
  'incidents_per_pr',
  'revert_rate',
  'dpmo',
  'sigma_level',
];

const joint = (k: number): Scenario => ({
  id: `joint-${k}x`,
  description: `deployments fail and PRs are reverted ${k} times as often (incidents follow the failed deployments)`,
  shifted: p => ({
    ...p,
    failureProbability: p.failureProbability * k,
    revertProbability: p.revertProbability * k,
  }),
  metrics: STABILITY,
});

export const SCENARIOS: Scenario[] = [
  joint(3),
  joint(2),
  ...[2, 3].map(k => ({
    id: `change-failure-${k}x`,
    description: `deployments fail ${k} times as often; reverts unchanged`,
    shifted: (p: ProcessParams) => ({
      ...p,
      failureProbability: p.failureProbability * k,
    }),
    metrics: STABILITY,
  })),
  ...[2, 3].map(k => ({
    id: `incidents-per-pr-${k}x`,
    description: `each failed deployment raises ${k} incidents instead of 1`,
    shifted: (p: ProcessParams) => ({
      ...p,
      incidentsPerFailure: p.incidentsPerFailure * k,
    }),
    metrics: ['incidents_per_pr', 'dpmo', 'sigma_level'] as MetricId[],
  })),
  ...[2, 3].map(k => ({
    id: `revert-${k}x`,
    description: `merged PRs are reverted ${k} times as often`,
    shifted: (p: ProcessParams) => ({
      ...p,
      revertProbability: p.revertProbability * k,
    }),
    metrics: ['revert_rate', 'dpmo', 'sigma_level'] as MetricId[],
  })),
  ...[2, 3].map(k => ({
    id: `bugs-${k}x`,
    description: `${k} times as many bugs`,
    shifted: (p: ProcessParams) => ({ ...p, bugsPerWeek: p.bugsPerWeek * k }),
    metrics: ['bugs_per_developer', 'dpmo', 'sigma_level'] as MetricId[],
  })),
  ...[2, 3].map(f => ({
    id: `recovery-${f}x`,
    description: `incidents take ${f} times as long to resolve (failed deployments recover ${f} times as slowly)`,
    shifted: (p: ProcessParams) => ({ ...p, restoreHours: p.restoreHours * f }),
    metrics: ['failed_deployment_recovery_time', 'time_to_restore'] as MetricId[],
  })),
  ...[1.5, 2].map(f => ({
    id: `lead-time-${f}x`,
    description: `coding and review take ${f} times as long (lead and cycle time rise)`,
    shifted: (p: ProcessParams) => ({
      ...p,
      codingHours: p.codingHours * f,
      reviewHours: p.reviewHours * f,
    }),
    metrics: ['lead_time_for_changes', 'pr_cycle_time'] as MetricId[],
  })),
];

/**
 * Stable variants: `stable` (the process above with its 26 weeks of history),
 * `overdispersed` (its rates vary 25% from week to week), `young` (a service
 * whose data begins with the series: no history before it).
 */
export type StableVariant = 'stable' | 'overdispersed' | 'young';

export type Job =
  | {
      kind: 'stable';
      design: 'calibrated' | 'classic';
      seed: number;
      variant: StableVariant;
    }
  | {
      kind: 'shift';
      design: 'calibrated' | 'classic';
      scenario: string;
      seed: number;
    };

export type JobResult =
  | {
      kind: 'stable';
      design: string;
      variant: StableVariant;
      years: number;
      alarms: number;
      alarmsByMetric: Partial<Record<MetricId, number>>;
      alarmsByRule: Record<string, number>;
      firstAlarmWeek: number | null;
      partialWeekSignals: number;
      finalChartSignals: number;
    }
  | {
      kind: 'shift';
      design: string;
      scenario: string;
      horizon: number;
      detectionWeeks: number | null;
    };

export function aggregateOptions(
  design: 'calibrated' | 'classic',
): AggregateOptions {
  return {
    minSampleSize: 5,
    timeToRestoreAggregation: 'median',
    baselineWeeks: 12,
    signals: { ...DEFAULT_SIGNAL_SETTINGS, design },
  };
}

const isAdverse = (side: string, metric: MetricId) => {
  const worseAbove = ![
    'deployment_frequency',
    'pr_throughput',
    'pr_merge_rate',
    'review_coverage',
    'ai_policy_compliance',
    'sigma_level',
  ].includes(metric);
  return (side === 'above') === worseAbove;
};

export function runJob(job: Job): JobResult {
  const aggregate = aggregateOptions(job.design);
  if (job.kind === 'stable') {
    const weeks = WARM_UP + 52 * STABLE_YEARS;
    const params =
      job.variant === 'overdispersed' ? { ...STABLE, rateCv: 0.25 } : STABLE;
    // A young service's events begin with its first evaluation's series.
    const begins = job.variant === 'young' ? HISTORY_WEEKS + 1 : 0;
    const events = simulateEvents({
      seed: job.seed,
      firstWeek: FIRST_WEEK + begins * WEEK_MS,
      weeks: weeks - begins,
      paramsAt: () => params,
    });
    const e = evaluateOnline({
      events,
      firstWeek: FIRST_WEEK,
      from: WARM_UP,
      to: weeks,
      seriesWeeks: SERIES_WEEKS,
      historyWeeks: HISTORY_WEEKS,
      aggregate,
    });
    const alarmsByMetric: Partial<Record<MetricId, number>> = {};
    const alarmsByRule: Record<string, number> = {};
    for (const a of e.alarms) {
      alarmsByMetric[a.metric] = (alarmsByMetric[a.metric] ?? 0) + 1;
      alarmsByRule[a.rule] = (alarmsByRule[a.rule] ?? 0) + 1;
      alarmsByRule[`${a.metric}:${a.rule}`] =
        (alarmsByRule[`${a.metric}:${a.rule}`] ?? 0) + 1;
    }
    return {
      kind: 'stable',
      design: job.design,
      variant: job.variant,
      years: STABLE_YEARS,
      alarms: e.alarms.length,
      alarmsByMetric,
      alarmsByRule,
      firstAlarmWeek: e.alarms.length ? e.alarms[0].week - WARM_UP : null,
      partialWeekSignals: e.partialWeekSignals.length,
      finalChartSignals: e.finalChartSignals,
    };
  }
  const scenario = SCENARIOS.find(s => s.id === job.scenario)!;
  const shiftWeek = WARM_UP + BEFORE_SHIFT;
  const weeks = shiftWeek + AFTER_SHIFT + 1;
  const shifted = scenario.shifted(STABLE);
  const events = simulateEvents({
    seed: job.seed,
    firstWeek: FIRST_WEEK,
    weeks,
    paramsAt: w => (w >= shiftWeek ? shifted : STABLE),
  });
  const e = evaluateOnline({
    events,
    firstWeek: FIRST_WEEK,
    // From the shift's own (partial) week, so episodes already open then are not news.
    from: shiftWeek,
    to: weeks,
    seriesWeeks: SERIES_WEEKS,
    historyWeeks: HISTORY_WEEKS,
    aggregate,
  });
  const first = e.alarms.find(
    a =>
      a.week > shiftWeek &&
      scenario.metrics.includes(a.metric) &&
      isAdverse(a.side, a.metric),
  );
  return {
    kind: 'shift',
    design: job.design,
    scenario: scenario.id,
    horizon: AFTER_SHIFT,
    detectionWeeks: first ? first.week - shiftWeek : null,
  };
}

export const WEEK = WEEK_MS;
