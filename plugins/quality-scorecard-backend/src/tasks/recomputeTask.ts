import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ScheduledTask } from './attributionTask';

/**
 * Recomputes the entities that new events touched. It runs on every backend
 * instance (scope `local`): each claims its own batches of dirty entities
 * (RecomputeService.recomputeDirty), so that more instances finish a large
 * recompute sooner. The timeout aborts a run between batches, and is also
 * how long a claim lasts (`claimLeaseMs`), so a dead instance's batches are
 * taken over after it.
 */
export function recomputeTask(options: {
  recompute: {
    recomputeDirty(now: () => number, signal?: AbortSignal): Promise<number>;
  };
  intervalMs: number;
  timeoutMs: number;
  logger: LoggerService;
}): ScheduledTask {
  return {
    id: 'quality-scorecard-recompute',
    scope: 'local',
    frequency: { seconds: options.intervalMs / 1000 },
    timeout: { milliseconds: options.timeoutMs },
    initialDelay: { seconds: 5 },
    fn: async signal => {
      const count = await options.recompute.recomputeDirty(Date.now, signal);
      if (count > 0) {
        options.logger.info(`Recomputed snapshots of ${count} entities`);
      }
    },
  };
}

/**
 * Incremental recomputes read a few weeks of context; once a day (by
 * default) every entity is marked for a recompute of its whole history, to
 * catch longer links.
 */
export function fullRecomputeTask(options: {
  recompute: { markAllForFullRecompute(now: number): Promise<number> };
  intervalMs: number;
  logger: LoggerService;
}): ScheduledTask {
  return {
    id: 'quality-scorecard-full-recompute',
    frequency: { milliseconds: options.intervalMs },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 10 },
    fn: async () => {
      const count = await options.recompute.markAllForFullRecompute(Date.now());
      options.logger.info(`Marked ${count} entities for a full recompute`);
    },
  };
}
