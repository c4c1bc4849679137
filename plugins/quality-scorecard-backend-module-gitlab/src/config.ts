import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** How GitLab issues become incidents and bugs (webhooks and sync alike). */
export interface GitlabIssueRules {
  /** Issues of type `incident` are incidents; so are issues with one of these labels. */
  incidentLabels: string[];
  /** Issues with one of these labels (and not incidents) are bugs. */
  bugLabels: string[];
}

/** `qualityScorecard.gitlab.*`, with defaults applied. */
export interface GitlabModuleConfig {
  /** Accepted `X-Gitlab-Token` values; several while a secret rotates. */
  webhookSecrets: string[];
  issues: GitlabIssueRules;
  sync: {
    enabled: boolean;
    historyDays: number;
    schedule: SchedulerServiceTaskScheduleDefinition;
    /** Longest wait for a rate limit or Retry-After before the run stops (resumed next run). */
    maxRateLimitWaitMs: number;
  };
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
      `qualityScorecard.gitlab.sync.${key} must be a positive integer, got ${value}`,
    );
  }
  return value;
}

export function readGitlabConfig(root: Config): GitlabModuleConfig {
  const c = root.getOptionalConfig('qualityScorecard.gitlab');
  const sync = c?.getOptionalConfig('sync');
  const webhookSecrets = c?.getOptionalStringArray('webhookSecrets') ?? [];
  webhookSecrets.forEach((secret, i) => {
    if (secret.length === 0) {
      throw new Error(`qualityScorecard.gitlab.webhookSecrets[${i}] is empty`);
    }
  });
  return {
    webhookSecrets,
    issues: {
      incidentLabels: c?.getOptionalStringArray('issues.incidentLabels') ?? [
        'incident',
      ],
      bugLabels: c?.getOptionalStringArray('issues.bugLabels') ?? ['bug'],
    },
    sync: {
      enabled: sync?.getOptionalBoolean('enabled') ?? true,
      historyDays: positiveInteger(sync, 'historyDays', 180),
      schedule: sync?.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            sync.getConfig('schedule'),
          )
        : DEFAULT_SCHEDULE,
      maxRateLimitWaitMs:
        positiveInteger(sync, 'maxRateLimitWaitMinutes', 60) * 60_000,
    },
  };
}
