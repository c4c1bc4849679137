import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { QualityWebhookSource } from '@shewhart/plugin-quality-scorecard-node';
import { QualityStore } from '../database/QualityStore';
import { RawDelivery } from '../database/types';
import { IngestionService } from './IngestionService';
import { checkDeliveryField } from './deliveryFields';
import { storedSecret, webhookSecretUsage } from './webhookSecretUsage';
import { DeliveryRecovery } from './DeliveryRecovery';

export {
  isPermanentDeliveryError,
  MAX_DELIVERY_ATTEMPTS,
  retryDelayMs,
} from './deliveryRetries';

export interface WebhookResult {
  deliveryId: string;
  duplicate: boolean;
  processed: boolean;
  events: number;
  /** Stored, and still being processed when the answer was due. */
  queued?: boolean;
}

/**
 * GitHub gives up on a delivery after 10 seconds and PagerDuty after a few:
 * a stored delivery is answered by then even if its turn (deliveries about one
 * repository or incident run one after the other) has not come yet.
 */
const ANSWER_WITHIN_MS = 4000;

function parseJson(raw: Buffer): JsonObject {
  try {
    const value = JSON.parse(raw.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error('not an object');
    }
    return value;
  } catch (e) {
    throw new InputError(
      `Request body must be a JSON object: ${(e as Error).message}`,
    );
  }
}

/** A webhook request as the router hands it over. */
export interface WebhookRequest {
  rawBody: Buffer;
  /** A request header by name, case-insensitive. */
  header(name: string): string | undefined;
  /** A query parameter of the URL by name (its first value); undefined when absent. */
  query?(name: string): string | undefined;
}

/**
 * Receives signed webhook deliveries: verifies, appends to the raw log before
 * answering, then maps them onto normalized events. A delivery whose
 * processing did not finish stays unprocessed and is picked up again; one
 * whose payload cannot be mapped, or that failed MAX_DELIVERY_ATTEMPTS times,
 * is marked processed with its error (listFailedDeliveries).
 */
export class WebhookService {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly recovery: DeliveryRecovery;

  constructor(
    private readonly store: QualityStore,
    private readonly ingestion: IngestionService,
    private readonly options: {
      logger: LoggerService;
      /** The senders, by id (the route segment and the stored `source`). */
      sources: QualityWebhookSource[];
      now?: () => number;
      answerWithinMs?: number;
    },
  ) {
    this.recovery = new DeliveryRecovery({
      store,
      logger: options.logger,
      now: () => this.now(),
      process: delivery => this.process(delivery),
    });
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  private source(id: string): QualityWebhookSource | undefined {
    return this.options.sources.find(source => source.id === id);
  }

  /**
   * Verifies a request through its source, stores the raw delivery (once per
   * delivery id) and maps it, answering within a few seconds either way.
   */
  async receive(
    sourceId: string,
    request: WebhookRequest,
  ): Promise<WebhookResult> {
    const source = this.source(sourceId);
    if (!source) {
      throw new NotFoundError(`No webhook source '${sourceId}' is installed`);
    }
    let parsed: JsonObject | undefined;
    const json = () => (parsed ??= parseJson(request.rawBody));
    const { deliveryId, eventName, verifiedBy } = await source.accept({
      rawBody: request.rawBody,
      header: request.header,
      query: request.query ?? (() => undefined),
      json,
    });
    if (!deliveryId || !eventName) {
      throw new InputError(
        `The ${source.id} webhook delivery has no ${
          deliveryId ? 'event name' : 'delivery id'
        }`,
      );
    }
    // Each source checks its own names; a module's that did not is held to the columns.
    checkDeliveryField('delivery id', deliveryId, 255);
    checkDeliveryField('event name', eventName, 128);
    // Stored deliveries are JSON objects.
    json();
    return this.record(
      source.id,
      deliveryId,
      eventName,
      request.rawBody,
      storedSecret(verifiedBy),
    );
  }

  /** The ids of the installed sources. */
  sourceIds(): string[] {
    return this.options.sources.map(source => source.id);
  }

  /**
   * A delivery another component verified (Backstage's events backend):
   * stored and mapped as `receive` does once the source's `accept` passed,
   * with no signature check here and no verifying secret recorded (none of
   * this source's secrets verified it).
   */
  async receiveVerified(
    sourceId: string,
    delivery: { deliveryId: string; eventName: string; payload: JsonObject },
  ): Promise<WebhookResult> {
    const source = this.source(sourceId);
    if (!source) {
      throw new NotFoundError(`No webhook source '${sourceId}' is installed`);
    }
    const { deliveryId, eventName, payload } = delivery;
    if (!deliveryId || !eventName) {
      throw new InputError(
        `The ${source.id} delivery has no ${
          deliveryId ? 'event name' : 'delivery id'
        }`,
      );
    }
    checkDeliveryField('delivery id', deliveryId, 255);
    checkDeliveryField('event name', eventName, 128);
    if (
      typeof payload !== 'object' ||
      payload === null ||
      Array.isArray(payload)
    ) {
      throw new InputError('The delivery payload must be a JSON object');
    }
    return this.record(
      source.id,
      deliveryId,
      eventName,
      Buffer.from(JSON.stringify(payload), 'utf8'),
      undefined,
    );
  }

  /** Each source's configured secrets and what each verified lately (`GET /admin/webhook-secrets`). */
  secretUsage(options: { days: number }) {
    return webhookSecretUsage(this.store, this.options.sources, {
      days: options.days,
      now: this.now(),
    });
  }

  private async record(
    source: string,
    deliveryId: string,
    eventName: string,
    rawBody: Buffer,
    secret: { position: number; fingerprint: string } | undefined,
  ): Promise<WebhookResult> {
    // Durable before anything else: an acknowledged delivery is never lost.
    const { id, duplicate } = await this.store.insertRawDelivery({
      source,
      deliveryId,
      eventName,
      payload: rawBody.toString('utf8'),
      receivedAt: this.now(),
      secret,
    });
    if (duplicate) {
      return { deliveryId, duplicate: true, processed: false, events: 0 };
    }
    const processing = this.process({
      id,
      source,
      deliveryId,
      eventName,
      receivedAt: this.now(),
      payload: rawBody.toString('utf8'),
    }).catch(() => -1);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>(resolve => {
      timer = setTimeout(
        () => resolve('late'),
        this.options.answerWithinMs ?? ANSWER_WITHIN_MS,
      );
    });
    const events = await Promise.race([processing, late]);
    clearTimeout(timer);
    if (events === 'late') {
      // Processing goes on; had the backend stopped, resumeUnprocessed would pick it up.
      return {
        deliveryId,
        duplicate: false,
        processed: false,
        queued: true,
        events: 0,
      };
    }
    return {
      deliveryId,
      duplicate: false,
      processed: events >= 0,
      events: Math.max(events, 0),
    };
  }

  /**
   * Maps one stored delivery into events; returns -1 when it failed.
   *
   * Mapping reads the stored PR or incident and writes it back merged, so two
   * deliveries about the same thing (a review and a synchronize, a resolve and
   * an acknowledge) must not interleave: they run one after the other per
   * repository or incident, in this instance (a queue per key) and across
   * instances (the store's serialize: a PostgreSQL advisory lock).
   */
  async process(delivery: RawDelivery): Promise<number> {
    let payload: JsonObject | undefined;
    try {
      payload = JSON.parse(delivery.payload);
    } catch {
      payload = undefined;
    }
    const source = this.source(delivery.source);
    const key =
      payload && source?.serializationKey
        ? source.serializationKey(payload)
        : delivery.source;
    return this.serialized(key, () => this.processNow(delivery, payload, key));
  }

  private serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, tail);
    tail.then(() => {
      if (this.queues.get(key) === tail) {
        this.queues.delete(key);
      }
    });
    return run;
  }

  private async processNow(
    delivery: RawDelivery,
    payload: JsonObject | undefined,
    key: string,
  ): Promise<number> {
    try {
      if (payload === undefined) {
        throw new InputError('stored payload is not JSON');
      }
      const map = (store: QualityStore) =>
        this.mapAndStore(delivery, payload, store);
      const count = await (this.store.serialize
        ? this.store.serialize(key, map)
        : map(this.store));
      await this.store.markDeliveryProcessed(delivery.id, this.now());
      return count;
    } catch (error) {
      await this.recovery.recordFailure(delivery, error);
      return -1;
    }
  }

  /** Maps a delivery onto events, reading and writing through `store`; returns how many. */
  private async mapAndStore(
    delivery: RawDelivery,
    payload: JsonObject,
    store: QualityStore,
  ): Promise<number> {
    // A delivery of a source no longer installed maps onto nothing.
    const source = this.source(delivery.source);
    if (!source) {
      return 0;
    }
    const events = await source.map(
      {
        deliveryId: delivery.deliveryId,
        eventName: delivery.eventName,
        payload,
      },
      store,
    );
    if (events.length > 0) {
      await this.ingestion.ingest(events, { store });
    }
    return events.length;
  }

  /**
   * Processes deliveries that were stored but not processed: after a crash,
   * or after a failure that may pass (once their retry is due).
   */
  resumeUnprocessed(olderThanMs = 60_000): Promise<number> {
    return this.recovery.resumeUnprocessed(olderThanMs);
  }

  /** Failed deliveries (latest first) and how many wait for a retry, for operators. */
  failedDeliveries(options: { limit?: number } = {}) {
    return this.recovery.failedDeliveries(options);
  }

  /** Re-processes every stored delivery (after a mapping change). */
  replay(options: { source?: string } = {}): Promise<number> {
    return this.recovery.replay(options);
  }
}
