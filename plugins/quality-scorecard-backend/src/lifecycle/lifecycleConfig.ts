import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readRetentionConfig } from '../config/retention';

/** How long an entity's data outlives its entity, and how often the catalog is asked. */
export interface EntityLifecycleConfig {
  /** `qualityScorecard.retention.deletedEntities` in milliseconds (default 30 days). */
  graceMs: number;
  /** `qualityScorecard.entityLifecycle.schedule`. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 30 },
  initialDelay: { minutes: 5 },
};

/** The grace period is read where every retention period is, so the key has one meaning. */
export function readEntityLifecycleConfig(
  config: Config,
): EntityLifecycleConfig {
  const scheduleKey = 'qualityScorecard.entityLifecycle.schedule';
  return {
    graceMs: readRetentionConfig(config).deletedEntitiesMs,
    schedule: config.has(scheduleKey)
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig(scheduleKey),
        )
      : DEFAULT_SCHEDULE,
  };
}
