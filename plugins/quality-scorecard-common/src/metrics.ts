/**
 * The metric ids and the shape of a definition. The catalogue itself is in
 * metricDefinitions.ts, the DORA bands in doraBands.ts.
 */
import type { MetricBands } from './doraBands';

/** @public */
export const METRIC_IDS = [
  'deployment_frequency',
  'lead_time_for_changes',
  'change_failure_rate',
  'time_to_restore',
  'pr_throughput',
  'pr_merge_rate',
  'pr_cycle_time',
  'incidents_per_pr',
  'bugs_per_developer',
  'revert_rate',
  'review_coverage',
  'ai_assisted_share',
  'ai_policy_compliance',
  'dpmo',
  'sigma_level',
  'failed_deployment_recovery_time',
  'deployment_rework_rate',
  'pr_coding_time',
  'pr_pickup_time',
  'pr_review_time',
  'pr_deploy_time',
] as const;

/**
 * The PR flow breakdown: where a merged PR's time goes, in the order of a
 * PR's life (coding, pickup, review, deploy).
 * @public
 */
export const PR_FLOW_METRIC_IDS = [
  'pr_coding_time',
  'pr_pickup_time',
  'pr_review_time',
  'pr_deploy_time',
] as const;

/** @public */
export type PrFlowMetricId = (typeof PR_FLOW_METRIC_IDS)[number];

/** @public */
export type MetricId = (typeof METRIC_IDS)[number];

/** @public */
export type MetricUnit =
  | 'days-per-week'
  | 'seconds'
  | 'ratio'
  | 'prs-per-author-per-week'
  | 'incidents-per-pr'
  | 'bugs-per-developer'
  | 'defects-per-million'
  | 'sigma';

/** @public */
export type MetricDirection = 'higher-is-better' | 'lower-is-better';

/** @public */
export type MetricPerspective = 'speed' | 'stability' | 'quality' | 'ai';

/** @public */
export type ControlChartKind = 'u' | 'p' | 'xmr';

/** @public */
export interface MetricDefinition {
  id: MetricId;
  title: string;
  description: string;
  unit: MetricUnit;
  direction: MetricDirection;
  perspective: MetricPerspective;
  /** DORA's bands for the metric, with their edition; absent where no edition gives any. */
  bands?: MetricBands;
  /**
   * DORA's group for its five software delivery metrics (2024 on): throughput
   * (lead time, deployment frequency, failed deployment recovery time) or
   * instability (change failure rate, rework rate).
   */
  dora?: 'throughput' | 'instability';
  /**
   * A speed metric's counterweight: the metric that shows what the speed
   * costs. Tiles, tables and checks show and hold the two together.
   */
  counterweight?: MetricId;
  /** The Shewhart chart that suits the metric's weekly series. */
  chart: ControlChartKind;
  /** Whether the value is a ratio of counts (numerator / denominator). */
  isRatio: boolean;
  definitionUrl: string;
}

/** @public */
export function isMetricId(value: string): value is MetricId {
  return (METRIC_IDS as ReadonlyArray<string>).includes(value);
}
