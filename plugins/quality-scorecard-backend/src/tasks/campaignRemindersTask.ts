import type { ScheduledTask } from './attributionTask';

/**
 * Sends the campaign reminders that are due, hourly (a reminder's day starts
 * at midnight UTC; each is sent once whichever instance runs the task).
 */
export function campaignRemindersTask(reminders: {
  run(): Promise<unknown>;
}): ScheduledTask {
  return {
    id: 'quality-scorecard-campaign-reminders',
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      await reminders.run();
    },
  };
}
