import { LoggerService } from '@backstage/backend-plugin-api';
import type {
  IngestResponse,
  QualityEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import { QualityStore } from '../database/QualityStore';
import { EntityIndex } from './EntityIndex';

/** Attributes events to catalog entities and stores them durably. */
export class IngestionService {
  constructor(
    private readonly store: QualityStore,
    private readonly entityIndex: EntityIndex,
    private readonly options: { logger: LoggerService; now?: () => number },
  ) {}

  /** `store`: another store to write to, e.g. one bound to a transaction. */
  async ingest(
    events: QualityEvent[],
    options: { demo?: boolean; store?: QualityStore } = {},
  ): Promise<IngestResponse> {
    const attributed = [];
    for (const event of events) {
      const entityRefs = await this.entityIndex.resolveAll(event);
      attributed.push({
        ...event,
        resolvedEntityRef: entityRefs[0] ?? null,
        ...(entityRefs.length > 1 ? { entityRefs } : {}),
      });
    }
    return (options.store ?? this.store).writeEvents(attributed, {
      demo: options.demo ?? false,
      now: (this.options.now ?? Date.now)(),
    });
  }

  /** Attributes stored unattributed events after the catalog index changed. */
  async reattribute(): Promise<number> {
    const index = await this.entityIndex.refresh();
    const count = await this.store.attribute({
      ...index,
      now: (this.options.now ?? Date.now)(),
    });
    if (count > 0) {
      this.options.logger.info(`Attributed ${count} stored events to catalog entities`);
    }
    return count;
  }
}
