import type { LoggerService } from '@backstage/backend-plugin-api';
import { RETENTION_KINDS, RetentionKind } from '../config/retention';
import { weekStartOf } from '../engine/time';
import type { RetentionCounts, RetentionStore } from './RetentionStore';

/** What one retention run deleted. */
export interface RetentionReport {
  /** Per kind: rows older than this instant (ms) were deleted. */
  cutoffs: Record<RetentionKind, number>;
  /** Rows deleted, by table. */
  deleted: RetentionCounts;
  /** False when the run stopped at its deadline; the next run goes on. */
  complete: boolean;
}

/**
 * Deletes each kind of stored data once it is older than its period
 * (qualityScorecard.retention, docs/retention.md). Runs in the scheduled
 * retention task, on one backend instance at a time.
 */
export class RetentionService {
  constructor(
    private readonly store: Pick<RetentionStore, 'deleteOlderThan'>,
    private readonly options: {
      periodsMs: Record<RetentionKind, number>;
      batchSize: number;
      logger: LoggerService;
      /**
       * The earliest start of the active and scheduled campaigns (epoch ms),
       * if any: check history from then on is never deleted.
       */
      checkHistoryFloor?: (now: number) => Promise<number | undefined>;
    },
  ) {}

  /** The instant before which each kind is deleted at `now`. */
  cutoffs(now: number): Record<RetentionKind, number> {
    const { periodsMs } = this.options;
    const out = Object.fromEntries(
      RETENTION_KINDS.map(kind => [kind, now - periodsMs[kind]]),
    ) as Record<RetentionKind, number>;
    // A week's snapshot goes whole, once the week is wholly past the period.
    out.snapshots = weekStartOf(out.snapshots);
    return out;
  }

  async run(now: number, signal?: AbortSignal): Promise<RetentionReport> {
    const cutoffs = this.cutoffs(now);
    const floor = await this.options.checkHistoryFloor?.(now);
    if (floor !== undefined) {
      cutoffs.checkHistory = Math.min(cutoffs.checkHistory, floor);
    }
    const deleted: RetentionCounts = {};
    // Raw deliveries first: they hold personal data.
    for (const kind of RETENTION_KINDS) {
      if (signal?.aborted) break;
      Object.assign(
        deleted,
        await this.store.deleteOlderThan(kind, cutoffs[kind], {
          batchSize: this.options.batchSize,
          signal,
        }),
      );
    }
    const complete = !signal?.aborted;
    const total = Object.values(deleted).reduce((a, n) => a + n, 0);
    const counts = Object.entries(deleted)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ');
    this.options.logger.info(
      `Retention deleted ${total} rows${counts ? ` (${counts})` : ''}${
        complete ? '' : '; stopped at its deadline, the next run goes on'
      }`,
    );
    return { cutoffs, deleted, complete };
  }
}
