import { LoggerService } from '@backstage/backend-plugin-api';
import { QualityStore } from '../database/QualityStore';
import { RawDelivery } from '../database/types';
import {
  isPermanentDeliveryError,
  MAX_DELIVERY_ATTEMPTS,
  retryDelayMs,
} from './deliveryRetries';

/**
 * The operator side of the raw delivery log: what a failed processing leaves
 * behind, and the runs that process stored deliveries again (resume after a
 * crash or a passing failure, replay after a mapping change).
 */
export class DeliveryRecovery {
  constructor(
    private readonly deps: {
      store: QualityStore;
      logger: LoggerService;
      now: () => number;
      /** Processes one stored delivery as a fresh one would be (serialized per key). */
      process: (delivery: RawDelivery) => Promise<number>;
    },
  ) {}

  /**
   * A permanent failure marks the delivery failed; any other leaves it
   * unprocessed for the scheduled resume, up to MAX_DELIVERY_ATTEMPTS. When
   * even that cannot be written, the delivery stays as it was (unprocessed
   * deliveries are retried, processed ones keep their last state).
   */
  async recordFailure(delivery: RawDelivery, error: unknown) {
    const name = `${delivery.source} delivery ${delivery.deliveryId}`;
    const now = this.deps.now();
    try {
      if (isPermanentDeliveryError(error)) {
        await this.deps.store.markDeliveryProcessed(
          delivery.id,
          now,
          String(error),
        );
        this.deps.logger.error(
          `Processing ${name} failed; it is kept in the raw log as failed (GET /deliveries/failed) for replay`,
          error as Error,
        );
        return;
      }
      const { attempts, failed } = await this.deps.store.recordDeliveryFailure(
        delivery.id,
        {
          error: String(error),
          at: now,
          retryAt: now + retryDelayMs((delivery.attempts ?? 0) + 1),
          maxAttempts: MAX_DELIVERY_ATTEMPTS,
        },
      );
      if (failed) {
        this.deps.logger.error(
          `Processing ${name} failed ${attempts} times; it is kept in the raw log as failed (GET /deliveries/failed) for replay`,
          error as Error,
        );
      } else {
        this.deps.logger.warn(
          `Processing ${name} failed (attempt ${attempts} of ${MAX_DELIVERY_ATTEMPTS}); it will be retried`,
          error as Error,
        );
      }
    } catch (recordError) {
      this.deps.logger.error(
        `Processing ${name} failed and the failure could not be recorded; it stays in the raw log as it was`,
        recordError as Error,
      );
    }
  }

  /**
   * Processes deliveries that were stored but not processed: after a crash,
   * or after a failure that may pass (once their retry is due).
   */
  async resumeUnprocessed(olderThanMs = 60_000): Promise<number> {
    let total = 0;
    // A delivery that cannot be marked processed (database refusing writes)
    // stays unprocessed: try each one once per run, or the run never ends.
    const attempted = new Set<number>();
    for (;;) {
      const batch = (
        await this.deps.store.listUnprocessedDeliveries({
          receivedBefore: this.deps.now() - olderThanMs,
          now: this.deps.now(),
          limit: 100,
        })
      ).filter(delivery => !attempted.has(delivery.id));
      if (batch.length === 0) {
        return total;
      }
      for (const delivery of batch) {
        attempted.add(delivery.id);
        await this.deps.process(delivery);
        total += 1;
      }
    }
  }

  /** Failed deliveries (latest first) and how many wait for a retry, for operators. */
  async failedDeliveries(options: { limit?: number } = {}) {
    const [counts, items] = await Promise.all([
      this.deps.store.countDeliveryProblems(),
      this.deps.store.listFailedDeliveries({ limit: options.limit ?? 100 }),
    ]);
    return {
      ...counts,
      items: items.map(d => ({
        ...d,
        receivedAt: new Date(d.receivedAt).toISOString(),
        failedAt: new Date(d.failedAt).toISOString(),
      })),
    };
  }

  /** Re-processes every stored delivery (after a mapping change). */
  async replay(options: { source?: string } = {}): Promise<number> {
    let afterId = 0;
    let total = 0;
    for (;;) {
      const batch = await this.deps.store.listDeliveries({
        source: options.source,
        afterId,
        limit: 200,
      });
      if (batch.length === 0) {
        return total;
      }
      for (const delivery of batch) {
        await this.deps.process(delivery);
        afterId = delivery.id;
        total += 1;
      }
    }
  }
}
