import type {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { ScheduledTask } from '../tasks/attributionTask';
import type { LifecycleRunResult } from './EntityLifecycleService';

/**
 * Asks the catalog which entities with stored data still exist, on one
 * backend instance at a time. A run whose catalog questions fail changes
 * nothing (the scheduler logs the error) and the next one asks again.
 */
export function entityLifecycleTask(options: {
  lifecycle: { run(now: number): Promise<LifecycleRunResult> };
  schedule: SchedulerServiceTaskScheduleDefinition;
  logger: LoggerService;
}): ScheduledTask {
  return {
    id: 'quality-scorecard-entity-lifecycle',
    ...options.schedule,
    fn: async () => {
      const r = await options.lifecycle.run(Date.now());
      if (
        r.newlyMissing.length +
          r.returned.length +
          r.renamed.length +
          r.deleted.length >
        0
      ) {
        options.logger.info(
          `Entity lifecycle: ${r.newlyMissing.length} left the catalog, ${r.returned.length} came back, ${r.renamed.length} renamed, ${r.deleted.length} deleted after the grace period`,
        );
      }
    },
  };
}
