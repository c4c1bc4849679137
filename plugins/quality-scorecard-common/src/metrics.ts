/**
 * The metric catalogue: one definition per metric, used by the engine, the
 * API, the UI and docs/metrics.md.
 */

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
] as const;

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
export type Band = 'elite' | 'high' | 'medium' | 'low';

/**
 * DORA 2023 performance bands. For lower-is-better metrics a value belongs to
 * the first band whose bound it does not exceed (`inclusive`) or stays under;
 * for higher-is-better ones, the first band whose bound it reaches.
 * @public
 */
export interface MetricBands {
  source: string;
  elite: number;
  high: number;
  medium: number;
  /** Whether a value equal to a bound belongs to that band. */
  inclusive: boolean;
  /**
   * Whether `medium` is compared with the mean of the window's weekly values
   * instead of the value (their median). A monthly cadence leaves most weeks
   * empty, so its median week is 0 whatever the rate.
   */
  mediumOnWeeklyMean?: boolean;
}

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
  bands?: MetricBands;
  /** The Shewhart chart that suits the metric's weekly series. */
  chart: ControlChartKind;
  /** Whether the value is a ratio of counts (numerator / denominator). */
  isRatio: boolean;
  definitionUrl: string;
}

const DOCS = 'docs/metrics.md';
const HOUR = 3600;
const DAY = 24 * HOUR;

function def(d: Omit<MetricDefinition, 'definitionUrl'>): MetricDefinition {
  return { ...d, definitionUrl: `${DOCS}#${d.id}` };
}

/** @public */
export const METRIC_DEFINITIONS: ReadonlyArray<MetricDefinition> = [
  def({
    id: 'deployment_frequency',
    title: 'Deployment frequency',
    description:
      'Median, over the weeks of the window, of the number of distinct days with at least one successful production deployment.',
    unit: 'days-per-week',
    direction: 'higher-is-better',
    perspective: 'speed',
    // Elite and high compare the median week (≥ 5, ≥ 1 deployment days).
    // Medium is DORA 2023's "at least once a month": 12 months in 52 weeks,
    // so a mean of at least 12 / 52 deployment days a week.
    bands: {
      source: 'DORA 2023',
      elite: 5,
      high: 1,
      medium: 12 / 52,
      inclusive: true,
      mediumOnWeeklyMean: true,
    },
    chart: 'xmr',
    isRatio: false,
  }),
  def({
    id: 'lead_time_for_changes',
    title: 'Lead time for changes',
    description:
      'Median, over merged pull requests whose deployment finished in the window, of coding time + PR open time + merge-to-deploy time.',
    unit: 'seconds',
    direction: 'lower-is-better',
    perspective: 'speed',
    bands: {
      source: 'DORA 2023',
      elite: DAY,
      high: 7 * DAY,
      medium: 30 * DAY,
      inclusive: false,
    },
    chart: 'xmr',
    isRatio: false,
  }),
  def({
    id: 'change_failure_rate',
    title: 'Change failure rate',
    description:
      'Share of successful production deployments in the window with at least one linked incident.',
    unit: 'ratio',
    direction: 'lower-is-better',
    perspective: 'stability',
    bands: {
      source: 'DORA 2023',
      elite: 0.05,
      high: 0.1,
      medium: 0.15,
      inclusive: true,
    },
    chart: 'p',
    isRatio: true,
  }),
  def({
    id: 'time_to_restore',
    title: 'Time to restore service',
    description:
      'Median (or mean, by configuration) of resolved − created over incidents resolved in the window.',
    unit: 'seconds',
    direction: 'lower-is-better',
    perspective: 'stability',
    bands: {
      source: 'DORA 2023',
      elite: HOUR,
      high: DAY,
      medium: 7 * DAY,
      inclusive: false,
    },
    chart: 'xmr',
    isRatio: false,
  }),
  def({
    id: 'pr_throughput',
    title: 'PR throughput',
    description:
      'Pull requests merged in the window per active author (an author with at least one merged PR in the window), per week.',
    unit: 'prs-per-author-per-week',
    direction: 'higher-is-better',
    perspective: 'speed',
    chart: 'xmr',
    isRatio: false,
  }),
  def({
    id: 'pr_merge_rate',
    title: 'PR merge rate',
    description:
      'Pull requests merged / pull requests closed (merged or not) in the window.',
    unit: 'ratio',
    direction: 'higher-is-better',
    perspective: 'speed',
    chart: 'p',
    isRatio: true,
  }),
  def({
    id: 'pr_cycle_time',
    title: 'PR cycle time',
    description:
      'Median time from PR creation to merge, over PRs merged in the window.',
    unit: 'seconds',
    direction: 'lower-is-better',
    perspective: 'speed',
    chart: 'xmr',
    isRatio: false,
  }),
  def({
    id: 'incidents_per_pr',
    title: 'Incidents per PR',
    description:
      'Incidents created in the window / pull requests merged in the window.',
    unit: 'incidents-per-pr',
    direction: 'lower-is-better',
    perspective: 'stability',
    chart: 'u',
    isRatio: true,
  }),
  def({
    id: 'bugs_per_developer',
    title: 'Bugs per developer',
    description:
      'Bugs created in the window / active authors (authors with a merged PR in the window).',
    unit: 'bugs-per-developer',
    direction: 'lower-is-better',
    perspective: 'quality',
    chart: 'u',
    isRatio: true,
  }),
  def({
    id: 'revert_rate',
    title: 'Revert rate',
    description:
      'Share of PRs merged in the window that were later reverted (a `reverts` link or a "This reverts commit <sha>" message).',
    unit: 'ratio',
    direction: 'lower-is-better',
    perspective: 'quality',
    chart: 'p',
    isRatio: true,
  }),
  def({
    id: 'review_coverage',
    title: 'Review coverage',
    description:
      'Share of PRs merged in the window with an APPROVED review by someone who is neither the author nor a bot.',
    unit: 'ratio',
    direction: 'higher-is-better',
    perspective: 'quality',
    chart: 'p',
    isRatio: true,
  }),
  def({
    id: 'dpmo',
    title: 'Defects per million opportunities',
    description:
      'Defects (incidents created + merged PRs later reverted + bugs created in the window) per merged PR, times one million.',
    unit: 'defects-per-million',
    direction: 'lower-is-better',
    perspective: 'quality',
    chart: 'xmr',
    isRatio: false,
  }),
  def({
    id: 'sigma_level',
    title: 'Sigma level',
    description:
      'Six Sigma process level from DPMO: the standard normal quantile of the yield (1 − DPMO/10⁶) plus the conventional 1.5σ shift; 0 when defects reach or exceed opportunities.',
    unit: 'sigma',
    direction: 'higher-is-better',
    perspective: 'quality',
    chart: 'xmr',
    isRatio: false,
  }),
  def({
    id: 'ai_assisted_share',
    title: 'AI-assisted share',
    description: 'Share of PRs merged in the window detected as AI-assisted.',
    unit: 'ratio',
    direction: 'higher-is-better',
    perspective: 'ai',
    chart: 'p',
    isRatio: true,
  }),
  def({
    id: 'ai_policy_compliance',
    title: 'AI review policy compliance',
    description:
      'Share of merged PRs to which an AI-code review policy applies that pass every rule of it.',
    unit: 'ratio',
    direction: 'higher-is-better',
    perspective: 'ai',
    chart: 'p',
    isRatio: true,
  }),
];

/** @public */
export function getMetricDefinition(id: MetricId): MetricDefinition {
  const found = METRIC_DEFINITIONS.find(d => d.id === id);
  if (!found) {
    throw new Error(`Unknown metric id '${id}'`);
  }
  return found;
}

/** @public */
export function isMetricId(value: string): value is MetricId {
  return (METRIC_IDS as ReadonlyArray<string>).includes(value);
}

/**
 * The DORA band of a value, or undefined when the metric has no bands or the
 * value is undefined. `weeklyMean`, the mean of the window's weekly values, is
 * what `medium` is compared with when the bands say `mediumOnWeeklyMean`;
 * without it the value is.
 * @public
 */
export function bandOf(
  definition: MetricDefinition,
  value: number | null,
  weeklyMean?: number | null,
): Band | undefined {
  const bands = definition.bands;
  if (!bands || value === null) {
    return undefined;
  }
  const within = (x: number, bound: number) => {
    if (definition.direction === 'higher-is-better') {
      return x >= bound;
    }
    return bands.inclusive ? x <= bound : x < bound;
  };
  if (within(value, bands.elite)) {
    return 'elite';
  }
  if (within(value, bands.high)) {
    return 'high';
  }
  const forMedium =
    bands.mediumOnWeeklyMean && weeklyMean !== undefined && weeklyMean !== null
      ? weeklyMean
      : value;
  return within(forMedium, bands.medium) ? 'medium' : 'low';
}
