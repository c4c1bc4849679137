/**
 * Which chart each metric gets in the calibrated design, and how the
 * service's alarm budget is shared between the charts. The choices and the
 * figures behind them are in docs/spc.md.
 */
import type {
  MetricId,
  WesternElectricRule,
} from '@shewhart/plugin-quality-scorecard-common';
import type { ChartModel } from './models';

export interface ChartDesign {
  model: ChartModel;
  /** The metric's worse direction: the side a CUSUM watches. */
  adverse: 'above' | 'below';
  /** Tune a CUSUM to find the level multiplied by this factor; absent: no CUSUM. */
  cusumShift?: number;
  /**
   * The CUSUM's decision interval as a share of Lorden's bound ln(ARL₀),
   * chosen by calibration: the bound is conservative, by how much depends on
   * the statistic (docs/spc.md).
   */
  cusumThresholdShare?: number;
  /**
   * Another metric whose log-likelihood ratio the CUSUM adds to its own each
   * week: real shifts move related rates together (failing deployments and
   * reverted PRs), and pooled evidence finds them sooner for the same false
   * alarms.
   */
  pooledWith?: MetricId;
  /** Why the chart raises no signal of its own. */
  signalsOff?: string;
}

const DERIVED =
  'derived from incidents per PR, revert rate and bugs, whose charts signal their changes';
const FLOW_PART =
  'a part of lead time and PR cycle time, whose charts signal their changes';
/** A part of the PR flow breakdown: charted, but its changes signal on lead time and cycle time. */
const flowPart: ChartDesign = {
  model: { kind: 'log-median', minWeekSample: 3 },
  adverse: 'above',
  signalsOff: FLOW_PART,
};

export const CHART_DESIGNS: Record<MetricId, ChartDesign> = {
  deployment_frequency: {
    model: { kind: 'binomial', trialsPerWeek: 7 },
    adverse: 'below',
  },
  lead_time_for_changes: {
    model: { kind: 'log-median', minWeekSample: 3 },
    adverse: 'above',
    cusumShift: 1.5,
    cusumThresholdShare: 0.9,
  },
  change_failure_rate: {
    model: { kind: 'binomial' },
    adverse: 'above',
    cusumShift: 3,
    cusumThresholdShare: 0.55,
    pooledWith: 'revert_rate',
  },
  time_to_restore: {
    model: { kind: 'log-median', minWeekSample: 1 },
    adverse: 'above',
    cusumShift: 2,
    cusumThresholdShare: 0.8,
  },
  failed_deployment_recovery_time: {
    model: { kind: 'log-median', minWeekSample: 1 },
    adverse: 'above',
    cusumShift: 2,
    cusumThresholdShare: 0.8,
  },
  deployment_rework_rate: {
    model: { kind: 'binomial' },
    adverse: 'above',
    cusumShift: 3,
    cusumThresholdShare: 0.8,
  },
  pr_throughput: { model: { kind: 'individuals' }, adverse: 'below' },
  pr_merge_rate: { model: { kind: 'binomial' }, adverse: 'below' },
  pr_cycle_time: {
    model: { kind: 'log-median', minWeekSample: 3 },
    adverse: 'above',
    cusumShift: 1.5,
    cusumThresholdShare: 0.9,
  },
  pr_coding_time: flowPart,
  pr_pickup_time: flowPart,
  pr_review_time: flowPart,
  pr_deploy_time: flowPart,
  incidents_per_pr: {
    model: { kind: 'poisson' },
    adverse: 'above',
    cusumShift: 2,
    cusumThresholdShare: 0.7,
  },
  bugs_per_developer: {
    model: { kind: 'poisson', perWeek: true },
    adverse: 'above',
    cusumShift: 2,
    cusumThresholdShare: 0.8,
  },
  // Its evidence also goes into change failure rate's pooled CUSUM.
  revert_rate: {
    model: { kind: 'binomial' },
    adverse: 'above',
    cusumShift: 3,
    cusumThresholdShare: 0.8,
  },
  review_coverage: { model: { kind: 'binomial' }, adverse: 'below' },
  ai_assisted_share: { model: { kind: 'binomial' }, adverse: 'above' },
  ai_policy_compliance: { model: { kind: 'binomial' }, adverse: 'below' },
  dpmo: {
    model: { kind: 'individuals' },
    adverse: 'above',
    signalsOff: DERIVED,
  },
  sigma_level: {
    model: { kind: 'individuals' },
    adverse: 'below',
    signalsOff: DERIVED,
  },
};

/** How signals are raised: `qualityScorecard.signals` in app-config. */
export interface SignalSettings {
  /** `calibrated` (docs/spc.md) or `classic`: textbook 3σ limits and all four Western Electric rules. */
  design: 'calibrated' | 'classic';
  /** The false signals a stable service may raise in a year, all charts together. */
  falseAlarmsPerServiceYear: number;
  /** Western Electric run rules added to the calibrated charts (outside the budget). */
  westernElectricRules: WesternElectricRule[];
  /** The fewest baseline weeks with data before a period has limits. */
  minBaselineWeeks: number;
  /**
   * Start a new baseline by rule once a signal episode has lasted this many
   * weeks (the shift is confirmed); 0: only people start baselines.
   */
  rebaselineAfterWeeks: number;
}

export const DEFAULT_SIGNAL_SETTINGS: SignalSettings = {
  design: 'calibrated',
  falseAlarmsPerServiceYear: 1,
  westernElectricRules: [],
  minBaselineWeeks: 6,
  rebaselineAfterWeeks: 0,
};

/** The alarm components of a design: one for its limits, one for its CUSUM. */
export const componentsOf = (design: ChartDesign) =>
  design.signalsOff ? 0 : 1 + (design.cusumShift ? 1 : 0);

const TOTAL_COMPONENTS = Object.values(CHART_DESIGNS).reduce(
  (a, d) => a + componentsOf(d),
  0,
);

/**
 * Single-week limits find little of the shifts these charts watch (a 3× rise
 * in change failures with 5 deployments a week crosses them in about 6% of
 * weeks): they are given a quarter of a component's share, and the CUSUMs
 * that do find shifts the rest (measured, docs/spc.md).
 */
const LIMITS_SHARE = 0.25;

/**
 * The budget shared by the alarm components of a service's charts (one for
 * each chart's limits, one for each CUSUM): a component's share is budget /
 * components false alarms a year. A week's false-alarm probability beyond
 * each limit is a quarter of that share over 52, split over the two sides; a
 * CUSUM's decision interval is ln(ARL₀) with ARL₀ = 52 / share weeks, times
 * the design's `cusumThresholdShare` (for a CUSUM of the log-likelihood ratio
 * the in-control average run length is at least e^h, Lorden 1971, Montgomery
 * §9.1.7, a bound that holds with room to spare for these small counts).
 */
export function budgetOf(settings: SignalSettings) {
  const perComponentYear =
    settings.falseAlarmsPerServiceYear / TOTAL_COMPONENTS;
  const perWeek = perComponentYear / 52;
  return {
    perComponentYear,
    alphaPerSide: (LIMITS_SHARE * perWeek) / 2,
    cusumThreshold: Math.log(1 / perWeek),
  };
}

/**
 * The recorded calibration (`yarn calibrate`, docs/spc.md): false alarms per
 * chart-year and per service-year of the calibrated design on the simulated
 * stable process, at the default budget. The chart's false-alarm sentence
 * quotes them; update them with docs/spc.md when the design changes.
 */
export const CALIBRATION: {
  serviceYears: number;
  perServiceYear: number;
  perChartYear: Partial<Record<MetricId, number>>;
} = {
  // yarn calibrate of 2026-12-04 (300 service-years; docs/spc.md)
  serviceYears: 300,
  perServiceYear: 0.813,
  perChartYear: {
    lead_time_for_changes: 0.167,
    change_failure_rate: 0.277,
    time_to_restore: 0.007,
    failed_deployment_recovery_time: 0.003,
    deployment_rework_rate: 0.07,
    pr_throughput: 0.033,
    pr_merge_rate: 0.007,
    pr_cycle_time: 0.017,
    incidents_per_pr: 0.06,
    bugs_per_developer: 0.097,
    revert_rate: 0.063,
    review_coverage: 0.003,
    ai_assisted_share: 0.007,
    ai_policy_compliance: 0.003,
  },
};
