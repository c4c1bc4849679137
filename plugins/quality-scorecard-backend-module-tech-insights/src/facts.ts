import {
  getMetricDefinition,
  MetricId,
  QualityFacts,
} from '@shewhart/plugin-quality-scorecard-common';

/*
 * The tech-insights facts of one entity, from the scorecard's bulk read.
 * Names carry their unit where the metric's id does not (lead_time_seconds),
 * so that a check's threshold reads right in app-config.
 */

/** A fact schema entry, as tech-insights declares them. */
export interface FactSchemaEntry {
  type:
    | 'integer'
    | 'float'
    | 'string'
    | 'boolean'
    | 'datetime'
    | 'set'
    | 'object';
  description: string;
}

/**
 * Metric values as facts: fact name → metric id. Every metric has exactly one
 * (facts.test.ts holds it to METRIC_IDS), so a tech-insights check can use any.
 */
export const METRIC_FACTS: ReadonlyArray<[string, MetricId]> = [
  ['deployment_frequency_days_per_week', 'deployment_frequency'],
  ['lead_time_seconds', 'lead_time_for_changes'],
  ['change_failure_rate', 'change_failure_rate'],
  ['time_to_restore_seconds', 'time_to_restore'],
  ['pr_throughput_per_author_per_week', 'pr_throughput'],
  ['pr_merge_rate', 'pr_merge_rate'],
  ['bugs_per_developer', 'bugs_per_developer'],
  [
    'failed_deployment_recovery_time_seconds',
    'failed_deployment_recovery_time',
  ],
  ['deployment_rework_rate', 'deployment_rework_rate'],
  ['pr_cycle_time_seconds', 'pr_cycle_time'],
  ['pr_coding_time_seconds', 'pr_coding_time'],
  ['pr_pickup_time_seconds', 'pr_pickup_time'],
  ['pr_review_time_seconds', 'pr_review_time'],
  ['pr_deploy_time_seconds', 'pr_deploy_time'],
  ['incidents_per_pr', 'incidents_per_pr'],
  ['review_coverage', 'review_coverage'],
  ['revert_rate', 'revert_rate'],
  ['ai_assisted_share', 'ai_assisted_share'],
  ['ai_policy_compliance', 'ai_policy_compliance'],
  ['dpmo', 'dpmo'],
  ['sigma_level', 'sigma_level'],
];

/** DORA bands as facts (elite, high, medium, low). */
const BAND_FACTS: ReadonlyArray<[string, MetricId]> = [
  ['deployment_frequency_band', 'deployment_frequency'],
  ['lead_time_band', 'lead_time_for_changes'],
  ['change_failure_rate_band', 'change_failure_rate'],
  ['time_to_restore_band', 'time_to_restore'],
  ['failed_deployment_recovery_time_band', 'failed_deployment_recovery_time'],
];

/** Sample sizes, so that checks can demand enough data as the scorecard's own checks do. */
const SAMPLE_FACTS: ReadonlyArray<[string, MetricId, string]> = [
  [
    'deployments',
    'change_failure_rate',
    'Successful production deployments in the window',
  ],
  ['merged_prs', 'review_coverage', 'Pull requests merged in the window'],
  [
    'ai_policy_prs',
    'ai_policy_compliance',
    'Merged pull requests in the window that an AI-code review policy applies to',
  ],
];

function metricDescription(id: MetricId): string {
  const d = getMetricDefinition(id);
  return `${d.title} (${d.unit}) over the window: ${d.description}`;
}

/** The fact schema: every fact the retriever may emit, with its type and meaning. */
export const QUALITY_SCORECARD_FACT_SCHEMA: Record<string, FactSchemaEntry> = {
  ...Object.fromEntries(
    METRIC_FACTS.map(([fact, id]) => [
      fact,
      { type: 'float', description: metricDescription(id) },
    ]),
  ),
  ...Object.fromEntries(
    BAND_FACTS.map(([fact, id]) => [
      fact,
      {
        type: 'string',
        description: `DORA band of ${getMetricDefinition(
          id,
        ).title.toLowerCase()} (${
          getMetricDefinition(id).bands!.edition
        }): ${getMetricDefinition(id)
          .bands!.ranges.map(r => r.band)
          .join(', ')}; absent where the edition publishes none`,
      },
    ]),
  ),
  ...Object.fromEntries(
    SAMPLE_FACTS.map(([fact, , description]) => [
      fact,
      { type: 'integer', description },
    ]),
  ),
  level: {
    type: 'string',
    description:
      'Highest quality-scorecard level the entity holds (e.g. bronze, silver, gold), or "none"',
  },
  checks_failing: {
    type: 'integer',
    description:
      'Quality-scorecard checks that fail (approved exemptions excluded)',
  },
  checks_passing: {
    type: 'integer',
    description: 'Quality-scorecard checks that pass',
  },
  failing_checks: {
    type: 'set',
    description: 'Ids of the quality-scorecard checks that fail',
  },
};

/**
 * Facts of one entity. A metric without a value in the window emits no fact,
 * so tech-insights skips the checks that need it rather than failing them;
 * an entity without any data emits only its level and check counts.
 */
export function factsOf(
  item: QualityFacts,
): Record<string, number | string | string[]> {
  const facts: Record<string, number | string | string[]> = {};
  if (item.computedAt !== null) {
    for (const [fact, id] of METRIC_FACTS) {
      const value = item.metrics[id]?.value;
      if (value !== null && value !== undefined) facts[fact] = value;
    }
    for (const [fact, id] of BAND_FACTS) {
      const band = item.metrics[id]?.band;
      if (band) facts[fact] = band;
    }
    for (const [fact, id] of SAMPLE_FACTS)
      facts[fact] = item.metrics[id]?.n ?? 0;
  }
  facts.level = item.level ?? 'none';
  facts.checks_failing = item.checks.fail;
  facts.checks_passing = item.checks.pass;
  facts.failing_checks = item.failing;
  return facts;
}
