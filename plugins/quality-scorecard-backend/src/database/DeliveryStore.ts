import { Knex } from 'knex';
import { DeliveryStore } from './QualityStore';
import type {
  DeliveryCounts,
  DeliverySecretUsage,
  FailedDelivery,
  RawDelivery,
} from './types';

/** Knex store of the raw delivery log: every webhook delivery as it arrived, its processing and failures; SQLite and PostgreSQL. */
export class DatabaseDeliveryStore implements DeliveryStore {
  constructor(private readonly db: Knex) {}

  async insertRawDelivery(delivery: {
    source: string;
    deliveryId: string;
    eventName: string;
    payload: string;
    receivedAt: number;
    secret?: { position: number; fingerprint: string };
  }): Promise<{ id: number; duplicate: boolean }> {
    const row = {
      source: delivery.source,
      delivery_id: delivery.deliveryId,
      event_name: delivery.eventName,
      payload: delivery.payload,
      received_at: delivery.receivedAt,
      secret_position: delivery.secret?.position ?? null,
      secret_fingerprint: delivery.secret?.fingerprint ?? null,
    };
    const inserted = await this.db('qs_raw_deliveries')
      .insert(row)
      .onConflict(['source', 'delivery_id'])
      .ignore()
      .returning('id');
    if (inserted.length > 0) {
      const first = inserted[0] as { id: number } | number;
      return {
        id: Number(typeof first === 'object' ? first.id : first),
        duplicate: false,
      };
    }
    const existing = await this.db('qs_raw_deliveries')
      .where({ source: delivery.source, delivery_id: delivery.deliveryId })
      .first('id');
    return { id: Number(existing.id), duplicate: true };
  }

  async countDeliveriesBySecret(options: {
    since: number;
  }): Promise<DeliverySecretUsage[]> {
    const rows = await this.db('qs_raw_deliveries')
      .whereNotNull('secret_fingerprint')
      .groupBy('source', 'secret_fingerprint')
      .orderBy(['source', 'secret_fingerprint'])
      .select(
        'source',
        'secret_fingerprint',
        this.db.raw(
          'SUM(CASE WHEN received_at >= ? THEN 1 ELSE 0 END) AS deliveries',
          [options.since],
        ),
        this.db.raw('MAX(received_at) AS last_received_at'),
      );
    return rows.map((r: Record<string, any>) => ({
      source: r.source,
      fingerprint: r.secret_fingerprint,
      deliveries: Number(r.deliveries),
      lastReceivedAt: Number(r.last_received_at),
    }));
  }

  async markDeliveryProcessed(id: number, processedAt: number, error?: string) {
    const update: Record<string, unknown> = {
      processed_at: processedAt,
      error: error ?? null,
      retry_at: null,
    };
    if (!error) {
      // Attempts count the failures since the delivery was last processed.
      update.attempts = 0;
    }
    await this.db('qs_raw_deliveries').where({ id }).update(update);
  }

  async recordDeliveryFailure(
    id: number,
    failure: {
      error: string;
      at: number;
      retryAt: number;
      maxAttempts: number;
    },
  ): Promise<{ attempts: number; failed: boolean }> {
    // One statement: SET expressions read the row as it was, so the attempt
    // counted and the decision to give up agree even with a concurrent writer.
    await this.db('qs_raw_deliveries')
      .where({ id })
      .update({
        attempts: this.db.raw('attempts + 1'),
        error: failure.error,
        processed_at: this.db.raw(
          'CASE WHEN attempts + 1 >= ? THEN CAST(? AS BIGINT) ELSE NULL END',
          [failure.maxAttempts, failure.at],
        ),
        retry_at: this.db.raw(
          'CASE WHEN attempts + 1 >= ? THEN NULL ELSE CAST(? AS BIGINT) END',
          [failure.maxAttempts, failure.retryAt],
        ),
      });
    const row = await this.db('qs_raw_deliveries')
      .where({ id })
      .first('attempts', 'processed_at');
    return {
      attempts: Number(row?.attempts ?? 0),
      failed: row ? row.processed_at !== null : false,
    };
  }

  async listFailedDeliveries(options: {
    limit: number;
  }): Promise<FailedDelivery[]> {
    const rows = await this.db('qs_raw_deliveries')
      .whereNotNull('processed_at')
      .whereNotNull('error')
      .orderBy('processed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .select(
        'id',
        'source',
        'delivery_id',
        'event_name',
        'received_at',
        'processed_at',
        'attempts',
        'error',
      );
    return rows.map(r => ({
      id: Number(r.id),
      source: r.source,
      deliveryId: r.delivery_id,
      eventName: r.event_name,
      receivedAt: Number(r.received_at),
      failedAt: Number(r.processed_at),
      attempts: Number(r.attempts),
      error: r.error,
    }));
  }

  async countDeliveryProblems(): Promise<DeliveryCounts> {
    const count = async (processed: boolean) => {
      const query = this.db('qs_raw_deliveries').whereNotNull('error');
      if (processed) query.whereNotNull('processed_at');
      else query.whereNull('processed_at');
      const [{ n }] = await query.count({ n: '*' });
      return Number(n);
    };
    return { retrying: await count(false), failed: await count(true) };
  }

  async listUnprocessedDeliveries(options: {
    receivedBefore: number;
    limit: number;
    now?: number;
  }): Promise<RawDelivery[]> {
    const query = this.db('qs_raw_deliveries')
      .whereNull('processed_at')
      .andWhere('received_at', '<', options.receivedBefore)
      .orderBy('id')
      .limit(options.limit);
    if (options.now !== undefined) {
      const now = options.now;
      query.andWhere(q =>
        q.whereNull('retry_at').orWhere('retry_at', '<=', now),
      );
    }
    return (await query).map(toRawDelivery);
  }

  async listDeliveries(options: {
    source?: string;
    afterId: number;
    limit: number;
  }): Promise<RawDelivery[]> {
    const query = this.db('qs_raw_deliveries')
      .where('id', '>', options.afterId)
      .orderBy('id')
      .limit(options.limit);
    if (options.source) {
      query.andWhere('source', options.source);
    }
    return (await query).map(toRawDelivery);
  }
}

function toRawDelivery(r: Record<string, any>): RawDelivery {
  return {
    id: Number(r.id),
    source: r.source,
    deliveryId: r.delivery_id,
    eventName: r.event_name,
    receivedAt: Number(r.received_at),
    payload: r.payload,
    attempts: Number(r.attempts ?? 0),
  };
}
