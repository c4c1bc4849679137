import type { ScheduledTask } from './attributionTask';

/** Delivers the owners' pending notifications (signal, check and level episodes) on the notifier's schedule. */
export function notificationsTask(notifier: {
  schedule: Omit<ScheduledTask, 'id' | 'fn'>;
  deliverPending(): Promise<unknown>;
}): ScheduledTask {
  return {
    id: 'quality-scorecard-notifications',
    ...notifier.schedule,
    fn: async () => {
      await notifier.deliverPending();
    },
  };
}
