import type {
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/** A task as the scheduler takes it: when it runs and what it does. */
export type ScheduledTask = SchedulerServiceTaskScheduleDefinition &
  SchedulerServiceTaskInvocationDefinition;

/**
 * Picks up stored deliveries that were not processed (after a crash, or a
 * failure whose retry is due) and attributes stored events that the catalog
 * now matches, as often as the annotation index refreshes.
 */
export function attributionTask(options: {
  webhooks: { resumeUnprocessed(): Promise<number> };
  ingestion: { reattribute(): Promise<number> };
  refreshIntervalMs: number;
}): ScheduledTask {
  return {
    id: 'quality-scorecard-attribution',
    frequency: { seconds: Math.max(10, options.refreshIntervalMs / 1000) },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 15 },
    fn: async () => {
      await options.webhooks.resumeUnprocessed();
      await options.ingestion.reattribute();
    },
  };
}
