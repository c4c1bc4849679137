import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ScheduledTask } from './attributionTask';

/**
 * Recomputes the entities that new events touched. The scheduler runs it on
 * one backend instance at a time; its timeout is the lease that a run of an
 * instance that died holds, and aborts a run between batches.
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
