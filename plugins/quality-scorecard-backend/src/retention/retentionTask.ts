import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { ScheduledTask } from '../tasks/attributionTask';
import type { RetentionService } from './RetentionService';

/**
 * Deletes data older than its retention period (docs/retention.md), once a
 * day by default. The scheduler runs it on one backend instance at a time;
 * at its timeout the run stops between batches and the next one goes on.
 */
export function retentionTask(options: {
  retention: Pick<RetentionService, 'run'>;
  schedule: SchedulerServiceTaskScheduleDefinition;
  now?: () => number;
}): ScheduledTask {
  const now = options.now ?? Date.now;
  return {
    id: 'quality-scorecard-retention',
    ...options.schedule,
    fn: async signal => {
      await options.retention.run(now(), signal);
    },
  };
}
