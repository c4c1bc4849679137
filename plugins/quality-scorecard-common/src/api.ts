import type { MetricDefinition, MetricId } from './metrics';
import type { Band } from './doraBands';
import type { ControlChart, ControlSignal } from './controlChart';

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
export interface MetricValue {
  id: MetricId;
  value: number | null;
  n: number;
  numerator?: number;
  denominator?: number;
  previous?: number | null;
  delta?: number | null;
  /** The DORA band of the value, in the edition `bandEdition` names. */
  band?: Band;
  /** The report edition the band comes from, e.g. "DORA 2024". */
  bandEdition?: string;
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
  /** The policy whose rules failed. */
  policy?: string;
  /** Why the PR counts as AI-assisted, e.g. "trailer Co-authored-by: Claude <noreply@anthropic.com>". */
  signals?: string[];
  /** Detection confidence in [0, 1]. */
  confidence?: number;
  rules: Array<{ id: string; reason: string }>;
}

/** @public */
export interface AiPolicySummary {
  applicable: number;
  compliant: number;
  rate: number | null;
  violations: AiPolicyViolation[];
}

/**
 * Outcomes of one side (AI-assisted or not) of the merged PRs of a window.
 * @public
 */
export interface AiComparisonSide {
  /** Merged PRs on this side: the sample size of every ratio below. */
  pullRequests: number;
  incidents: number;
  reverted: number;
  reviewed: number;
  incidentsPerPr: number | null;
  revertRate: number | null;
  reviewCoverage: number | null;
  /** Median created → merged, seconds. */
  cycleTime: number | null;
}

/**
 * "Did AI make us faster and worse?": AI-assisted vs other merged PRs.
 * @public
 */
export interface AiComparison {
  ai: AiComparisonSide;
  nonAi: AiComparisonSide;
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
  aiComparison: AiComparison;
}

/**
 * The `view` of a scorecard read: `full` (the default) is
 * {@link ScorecardResponse}; `summary` is {@link ScorecardSummaryResponse}.
 * @public
 */
export type ScorecardView = 'summary' | 'full';

/**
 * A metric of the summary view: every field of {@link MetricValue} (value, n,
 * numerator, denominator, previous, delta, band, bandEdition, flags) but
 * `series` and `control`, which the metric's chart read answers.
 * @public
 */
export interface MetricSummary extends Omit<MetricValue, 'series' | 'control'> {
  /**
   * The weekly values of `series`, oldest first, rounded to 4 significant
   * digits and without the weeks' n: the i-th of k values is the week that
   * starts k − i weeks before the response's `window.to`
   * (`summaryWeekStarts`). For sparklines and the PR flow chart; the chart
   * read has the exact points.
   */
  weekly: Array<number | null>;
  /** The control chart's signals (`control.signals`); absent when the metric has no chart. */
  signals?: ControlSignal[];
}

/**
 * `GET /scorecards/{entity|owner}/{kind}/{namespace}/{name}?view=summary`:
 * what the Quality tab shows first. The same top-level fields as
 * {@link ScorecardResponse}; each metric is a {@link MetricSummary}, i.e.
 * omits the weekly `series` (start, value and n of each week; `weekly` keeps
 * the values) and the `control` chart (its chart kind, method, transform,
 * centre line, limits and per-week limits, baselines and baseline periods,
 * rules, signalsOff, falseAlarms, partialFrom and cusum; `signals` keeps its
 * signals). `GET …/metrics/{metricId}/chart` answers one metric's `series`
 * and `control` as the full view holds them.
 * @public
 */
export interface ScorecardSummaryResponse
  extends Omit<ScorecardResponse, 'metrics'> {
  metrics: MetricSummary[];
}

/**
 * `GET /scorecards/{entity|owner}/{kind}/{namespace}/{name}/metrics/{metricId}/chart`:
 * one metric's weekly series and control chart, equal to that metric's
 * `series` and `control` in the full view of the same window.
 * @public
 */
export interface MetricChartResponse {
  entityRef: string;
  window: { from: string; to: string };
  metric: MetricId;
  series: SeriesPoint[];
  /** Absent when the metric has too few weeks for limits (as in the full view). */
  control?: ControlChart;
}

/**
 * One row of a ranking: a group (overview, sub-groups) or an entity (the
 * services of an owner). Metrics are the headline metrics; their `series` is
 * empty except for `ai_policy_compliance`, whose weekly values feed the
 * compliance heat map.
 * @public
 */
export interface OverviewRow {
  entityRef: string;
  /** Lower-case entity kind, e.g. "component" or "group". */
  kind?: string;
  title?: string;
  /** For groups: the parent group, if any. */
  parent?: string;
  /** For groups: how many entities it owns directly or through sub-groups. */
  entities: number;
  metrics: MetricValue[];
  aiPolicy: { applicable: number; compliant: number; rate: number | null };
}

/** @public */
export interface OverviewResponse {
  window: { from: string; to: string };
  /** Whether any of the numbers come from demo data. */
  demo: boolean;
  groups: OverviewRow[];
}

/**
 * The breakdown of an owner's scorecard: its services and direct sub-groups.
 * @public
 */
export interface OwnerBreakdownResponse {
  entityRef: string;
  window: { from: string; to: string };
  /** Whether any of the numbers come from demo data. */
  demo: boolean;
  entities: OverviewRow[];
  subGroups: OverviewRow[];
}

/**
 * Metric ids shown in rankings and summary cards: each speed metric next to
 * its counterweight (deployment frequency and change failure rate, lead time
 * and rework rate, throughput and incidents per PR), then DORA's recovery
 * time, review coverage and the AI metrics.
 * @public
 */
export const HEADLINE_METRIC_IDS = [
  'deployment_frequency',
  'change_failure_rate',
  'lead_time_for_changes',
  'deployment_rework_rate',
  'pr_throughput',
  'incidents_per_pr',
  'failed_deployment_recovery_time',
  'review_coverage',
  'ai_assisted_share',
  'ai_policy_compliance',
] as const;

/**
 * The metrics of a row of the overview and of an owner's breakdown: the
 * headline metrics, then the PR flow breakdown (the team page draws it per
 * sub-group).
 * @public
 */
export const ROW_METRIC_IDS = [
  ...HEADLINE_METRIC_IDS,
  'pr_coding_time',
  'pr_pickup_time',
  'pr_review_time',
  'pr_deploy_time',
] as const;

/** @public */
export interface MetricsResponse {
  metrics: MetricDefinition[];
}

/**
 * The state of one check for one entity. `exempt`: failing or short of data,
 * but covered by an approved, unexpired exemption.
 * @public
 */
export type CheckStatus = 'pass' | 'fail' | 'exempt' | 'insufficient-data';

/** @public */
export interface CheckDefinitionInfo {
  id: string;
  title: string;
  metric: string;
  /** e.g. "≤ 0.15" or "band ≥ high". */
  threshold: string;
  minSampleSize: number;
}

/** @public */
export interface LevelInfo {
  id: string;
  title: string;
  /** Checks of this level alone; holding it needs the lower levels' too. */
  checks: string[];
}

/** @public */
export interface CheckResult {
  checkId: string;
  title: string;
  metric: string;
  threshold: string;
  status: CheckStatus;
  /** The status before exemptions. */
  rawStatus: Exclude<CheckStatus, 'exempt'>;
  value: number | null;
  n: number;
  reason: string;
  exemption?: { id: number; expiresAt: string; reason: string };
  evaluatedAt: string;
}

/** @public */
export interface EntityChecksResponse {
  entityRef: string;
  /** The highest level held, or null. */
  level: string | null;
  /** The next level and its checks that do not pass. */
  next?: { level: string; failing: string[] };
  results: CheckResult[];
  levels: LevelInfo[];
}

/** @public */
export interface GateResponse {
  entityRef: string;
  level: string;
  pass: boolean;
  heldLevel: string | null;
  /** Checks of the level and below that neither pass nor are exempt. */
  failing: CheckResult[];
}

/** @public */
export interface LevelDistribution {
  entityRef: string;
  title?: string;
  entities: number;
  /** level id (or "none") → entities holding it as their highest level. */
  levels: Record<string, number>;
}

/** @public */
export interface OwnerChecksResponse extends LevelDistribution {
  rows: Array<{ entityRef: string; level: string | null; failing: string[] }>;
}

/** @public */
export type ExemptionStatus = 'pending' | 'approved' | 'denied' | 'revoked';

/** @public */
export interface Exemption {
  id: number;
  entityRef: string;
  checkId: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  status: ExemptionStatus;
  /** True once an approved exemption's expiry has passed. */
  expired: boolean;
  decidedBy?: string;
  decidedAt?: string;
  decisionNote?: string;
  audit: Array<{ action: string; actor: string; at: string; note?: string }>;
}

/**
 * Window values, level and check counts of one entity, as the bulk facts
 * read (POST /facts/by-refs) answers them for integrations such as
 * tech-insights.
 * @public
 */
export interface QualityFacts {
  entityRef: string;
  /** When the window's snapshots were computed; null without data. */
  computedAt: string | null;
  /** Every metric over the window: value (null without data), sample size and DORA band. */
  metrics: Record<MetricId, { value: number | null; n: number; band?: Band }>;
  /** The highest level held, or null. */
  level: string | null;
  /** How many checks are in each status (after exemptions). */
  checks: Record<CheckStatus, number>;
  /** Ids of the checks that fail (exempt ones are not listed). */
  failing: string[];
}

/** @public */
export interface QualityFactsResponse {
  window: { from: string; to: string };
  items: QualityFacts[];
}

/** One check of one entity in a bulk read: its status after exemptions, without texts. @public */
export interface CheckStatusSummary {
  checkId: string;
  status: CheckStatus;
  value: number | null;
  n: number;
  /** The approved exemption that covers a failing or short check. */
  exemptionId?: number;
}

/**
 * Check results of many entities (POST /checks/by-refs): the definitions
 * once, then per entity its level and each check's status and value.
 * @public
 */
export interface EntitiesChecksResponse {
  checks: CheckDefinitionInfo[];
  levels: LevelInfo[];
  items: Array<{
    entityRef: string;
    level: string | null;
    next?: { level: string; failing: string[] };
    /** When its checks were last evaluated; null when never. */
    evaluatedAt: string | null;
    results: CheckStatusSummary[];
  }>;
}
