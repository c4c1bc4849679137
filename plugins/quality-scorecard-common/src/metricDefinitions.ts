/**
 * The metric catalogue: one definition per metric, used by the engine, the
 * API, the UI and docs/metrics.md (which gives each exact definition and the
 * source it follows).
 */
import type { MetricDefinition, MetricId } from './metrics';
import {
  CHANGE_FAILURE_RATE_BANDS,
  DEPLOYMENT_FREQUENCY_BANDS,
  FAILED_DEPLOYMENT_RECOVERY_BANDS,
  LEAD_TIME_BANDS,
  TIME_TO_RESTORE_BANDS,
} from './doraBands';

const DOCS = 'docs/metrics.md';

function def(d: Omit<MetricDefinition, 'definitionUrl'>): MetricDefinition {
  return { ...d, definitionUrl: `${DOCS}#${d.id}` };
}

/** A part of the PR flow breakdown: a duration, a median over merged PRs. */
function flowPart(
  d: Pick<MetricDefinition, 'id' | 'title' | 'description' | 'counterweight'>,
): MetricDefinition {
  return def({
    ...d,
    unit: 'seconds',
    direction: 'lower-is-better',
    perspective: 'speed',
    chart: 'xmr',
    isRatio: false,
  });
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
    bands: DEPLOYMENT_FREQUENCY_BANDS,
    dora: 'throughput',
    counterweight: 'change_failure_rate',
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
    bands: LEAD_TIME_BANDS,
    dora: 'throughput',
    counterweight: 'deployment_rework_rate',
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
    bands: CHANGE_FAILURE_RATE_BANDS,
    dora: 'instability',
    chart: 'p',
    isRatio: true,
  }),
  def({
    id: 'failed_deployment_recovery_time',
    title: 'Failed deployment recovery time',
    description:
      'Median, over failed deployments recovered in the window, of the time from the deployment finishing to the resolution of the last incident linked to it.',
    unit: 'seconds',
    direction: 'lower-is-better',
    perspective: 'stability',
    bands: FAILED_DEPLOYMENT_RECOVERY_BANDS,
    dora: 'throughput',
    chart: 'xmr',
    isRatio: false,
  }),
  def({
    id: 'deployment_rework_rate',
    title: 'Deployment rework rate',
    description:
      'Share of successful production deployments in the window that were unplanned, made because of a problem in production: marked unplanned by their source, or shipping a PR that reverts a change, carries a rework label or branch, or names an incident that was open.',
    unit: 'ratio',
    direction: 'lower-is-better',
    perspective: 'stability',
    dora: 'instability',
    chart: 'p',
    isRatio: true,
  }),
  def({
    id: 'time_to_restore',
    title: 'Time to restore service (all incidents)',
    description:
      'Median (or mean, by configuration) of resolved − created over every incident resolved in the window, whether or not a deployment caused it.',
    unit: 'seconds',
    direction: 'lower-is-better',
    perspective: 'stability',
    bands: TIME_TO_RESTORE_BANDS,
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
    counterweight: 'incidents_per_pr',
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
    counterweight: 'review_coverage',
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
    counterweight: 'revert_rate',
    chart: 'xmr',
    isRatio: false,
  }),
  flowPart({
    id: 'pr_coding_time',
    title: 'Coding time',
    description:
      'Median, over PRs merged in the window, of first commit authored → PR opened; a PR whose first commit is later than its opening has none.',
    counterweight: 'bugs_per_developer',
  }),
  flowPart({
    id: 'pr_pickup_time',
    title: 'Pickup time',
    description:
      'Median, over PRs merged in the window, of ready for review (the opening, for a PR that was never a draft) → the first review by someone other than the author, the agent\'s starter or a bot; a PR without such a review before its merge has none.',
    counterweight: 'review_coverage',
  }),
  flowPart({
    id: 'pr_review_time',
    title: 'Review time',
    description:
      'Median, over PRs merged in the window, of the first review by someone else → merge; a PR without such a review before its merge has none.',
    counterweight: 'revert_rate',
  }),
  flowPart({
    id: 'pr_deploy_time',
    title: 'Deploy time',
    description:
      'Median, over merged PRs whose deployment finished in the window (as lead time), of merge → the finish of the first successful production deployment that shipped it.',
    counterweight: 'change_failure_rate',
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

/**
 * The balanced pairs: each speed metric with its counterweight, in catalogue
 * order.
 * @public
 */
export function balancedPairs(): Array<[MetricId, MetricId]> {
  return METRIC_DEFINITIONS.filter(d => d.counterweight).map(d => [
    d.id,
    d.counterweight!,
  ]);
}
