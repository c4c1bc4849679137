import type { Band, MetricDefinition, MetricId } from './metrics';

/** @public */
export type MetricFlag = 'small-sample' | 'no-data' | 'demo-data';

/** @public */
export interface SeriesPoint {
  /** Start of the ISO week (Monday 00:00 UTC). */
  start: string;
  value: number | null;
  n: number;
}

/** @public */
export type WesternElectricRule =
  | 'beyond-3-sigma'
  | 'two-of-three-beyond-2-sigma'
  | 'four-of-five-beyond-1-sigma'
  | 'eight-on-one-side';

/** @public */
export interface ControlSignal {
  rule: WesternElectricRule;
  /** Start of the week at which the rule's run begins. */
  start: string;
  /** Start of the week at which the rule fired. */
  end: string;
  side: 'above' | 'below';
  description: string;
}

/** @public */
export interface ControlChart {
  chart: 'u' | 'p' | 'xmr';
  center: number;
  /** Upper limit; for u- and p-charts the limit of the latest week. */
  ucl: number;
  lcl: number;
  /** Per-point limits (u- and p-charts vary with each week's sample size). */
  limits: Array<{ start: string; ucl: number; lcl: number } | null>;
  baselineWeeks: number;
  signals: ControlSignal[];
}

/** @public */
export interface MetricValue {
  id: MetricId;
  value: number | null;
  n: number;
  numerator?: number;
  denominator?: number;
  previous?: number | null;
  delta?: number | null;
  band?: Band;
  flags: MetricFlag[];
  series: SeriesPoint[];
  control?: ControlChart;
}

/** @public */
export interface AiPolicyViolation {
  pullRequest: number;
  entityRef: string;
  url: string;
  author: string;
  title: string;
  mergedAt: string;
  rules: Array<{ id: string; reason: string }>;
}

/** @public */
export interface AiPolicySummary {
  applicable: number;
  compliant: number;
  rate: number | null;
  violations: AiPolicyViolation[];
}

/** @public */
export interface ScorecardResponse {
  entityRef: string;
  window: { from: string; to: string };
  entities?: string[];
  demo: boolean;
  computedAt: string | null;
  metrics: MetricValue[];
  aiPolicy: AiPolicySummary;
}

/** @public */
export interface OverviewRow {
  entityRef: string;
  title?: string;
  entities: number;
  metrics: MetricValue[];
}

/** @public */
export interface OverviewResponse {
  window: { from: string; to: string };
  groups: OverviewRow[];
}

/** @public */
export interface MetricsResponse {
  metrics: MetricDefinition[];
}
