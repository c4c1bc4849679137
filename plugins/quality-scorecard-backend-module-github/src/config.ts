import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** A GitHub Actions workflow whose successful runs are deployments. */
export interface DeploymentWorkflow {
  workflow: string;
  environment: string;
  branch?: string;
}

/** `qualityScorecard.github.sync.*`, with defaults applied. */
export interface GithubSyncConfig {
  enabled: boolean;
  historyDays: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
  concurrency: number;
  maxRateLimitWaitMs: number;
  deploymentsEnabled: boolean;
  deploymentWorkflows: DeploymentWorkflow[];
  incidentLabels: string[];
  bugLabels: string[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { hours: 3 },
  initialDelay: { minutes: 2 },
};

function positiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
) {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `qualityScorecard.github.sync.${key} must be a positive integer, got ${value}`,
    );
  }
  return value;
}

export function readGithubSyncConfig(root: Config): GithubSyncConfig {
  const c = root.getOptionalConfig('qualityScorecard.github.sync');
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    historyDays: positiveInteger(c, 'historyDays', 180),
    schedule: c?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          c.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    concurrency: positiveInteger(c, 'concurrency', 4),
    maxRateLimitWaitMs:
      positiveInteger(c, 'maxRateLimitWaitMinutes', 60) * 60_000,
    deploymentsEnabled: c?.getOptionalBoolean('deployments.enabled') ?? true,
    deploymentWorkflows: (
      c?.getOptionalConfigArray('deploymentWorkflows') ?? []
    ).map(w => ({
      workflow: w.getString('workflow'),
      environment: w.getOptionalString('environment') ?? 'production',
      branch: w.getOptionalString('branch'),
    })),
    // `qualityScorecard.github.issues.*` serves the webhook route too; the
    // sync's own keys, older, still count.
    incidentLabels: root.getOptionalStringArray(
      'qualityScorecard.github.issues.incidentLabels',
    ) ??
      c?.getOptionalStringArray('issues.incidentLabels') ?? ['Incident'],
    bugLabels: root.getOptionalStringArray(
      'qualityScorecard.github.issues.bugLabels',
    ) ??
      c?.getOptionalStringArray('issues.bugLabels') ?? ['bug'],
  };
}
