import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migrateQualityDatabase } from '../database/migrate';
import type { RetentionKind } from '../config/retention';
import { TABLE_BY_TYPE } from '../database/eventRows';
import { EVENT_ENTITIES_TABLE } from '../database/eventEntities';

/**
 * One table that the retention job deletes from: the key that names a row,
 * and which rows are older than a cutoff. The age is the row's own time, the
 * one that places it in the weeks of the metrics, never when it was stored.
 */
interface RetentionTarget {
  kind: RetentionKind;
  table: string;
  keys: string[];
  /** A table that a newer migration adds: skipped where it is absent. */
  optional?: boolean;
  older(q: Knex.QueryBuilder, cutoff: number): void;
}

/** `column` is empty or before the cutoff. */
const noneOrBefore =
  (column: string, cutoff: number) => (q: Knex.QueryBuilder) =>
    q.whereNull(column).orWhere(column, '<', cutoff);

const TARGETS: RetentionTarget[] = [
  {
    kind: 'rawDeliveries',
    table: 'qs_raw_deliveries',
    keys: ['id'],
    older: (q, c) => q.where('received_at', '<', c),
  },
  {
    // A PR is as old as the newest of its times: an open PR by its
    // creation, a merged or closed one by when that happened.
    kind: 'events',
    table: 'qs_pull_requests',
    keys: ['id'],
    older: (q, c) =>
      q
        .where('created_at', '<', c)
        .andWhere(noneOrBefore('merged_at', c))
        .andWhere(noneOrBefore('closed_at', c)),
  },
  {
    kind: 'events',
    table: 'qs_deployments',
    keys: ['id'],
    older: (q, c) => q.where('finished_at', '<', c),
  },
  {
    // An open incident by its creation, a resolved one by its resolution
    // (time to restore reads both ends).
    kind: 'events',
    table: 'qs_incidents',
    keys: ['id'],
    older: (q, c) =>
      q.where('created_at', '<', c).andWhere(noneOrBefore('resolved_at', c)),
  },
  {
    kind: 'events',
    table: 'qs_bugs',
    keys: ['id'],
    older: (q, c) =>
      q.where('created_at', '<', c).andWhere(noneOrBefore('closed_at', c)),
  },
  {
    kind: 'events',
    table: 'qs_push_commits',
    keys: ['repository', 'sha'],
    older: (q, c) => q.where('authored_at', '<', c),
  },
  {
    // A tombstone turns away stale deliveries of what a source removed;
    // one older than the events it could stand for guards nothing.
    kind: 'events',
    table: 'qs_deleted_events',
    keys: ['type', 'source', 'external_id'],
    older: (q, c) => q.where('deleted_at', '<', c),
  },
  // The entity lists of shared (monorepo) events whose event row is gone;
  // ingestion writes an event and its list in one transaction.
  ...Object.entries(TABLE_BY_TYPE).map(
    ([type, table]): RetentionTarget => ({
      kind: 'events',
      table: EVENT_ENTITIES_TABLE,
      keys: ['event_type', 'source', 'external_id', 'entity_ref'],
      optional: true,
      older: q =>
        q.where('event_type', type).whereNotExists(sub =>
          sub
            .select('event.id')
            .from(`${table} as event`)
            .whereRaw('?? = ??', [
              'event.source',
              `${EVENT_ENTITIES_TABLE}.source`,
            ])
            .whereRaw('?? = ??', [
              'event.external_id',
              `${EVENT_ENTITIES_TABLE}.external_id`,
            ]),
        ),
    }),
  ),
  {
    // The cutoff of snapshots is a week start: whole weeks go.
    kind: 'snapshots',
    table: 'qs_snapshots',
    keys: ['entity_ref', 'week_start'],
    older: (q, c) => q.where('week_start', '<', c),
  },
  {
    // The newest row of each entity's check stays, however old: it says
    // since when the check has had its current status.
    kind: 'checkHistory',
    table: 'qs_check_history',
    keys: ['id'],
    older: (q, c) =>
      q
        .where('at', '<', c)
        .whereExists(sub =>
          sub
            .select('newer.id')
            .from('qs_check_history as newer')
            .whereRaw('?? = ??', [
              'newer.entity_ref',
              'qs_check_history.entity_ref',
            ])
            .whereRaw('?? = ??', [
              'newer.check_id',
              'qs_check_history.check_id',
            ])
            .whereRaw('?? > ??', ['newer.id', 'qs_check_history.id']),
        ),
  },
  {
    // Only cleared episodes: an open one is a shift still under way (and
    // notifications look back weeks, not the period; see qualityConfig).
    kind: 'notificationEpisodes',
    table: 'qs_signal_episodes',
    keys: ['id'],
    older: (q, c) =>
      q
        .where('status', 'cleared')
        .andWhere('end_at', '<', c)
        .andWhere(noneOrBefore('cleared_at', c)),
  },
];

/** Rows deleted, by table. */
export type RetentionCounts = Record<string, number>;

/** Lets queries that waited (ingestion's) run between two batches. */
const yieldTurn = () => new Promise<void>(resolve => setImmediate(resolve));

/**
 * Deletes data older than a cutoff, kind by kind, in batches. Each batch is
 * one statement (or, for exemptions with their audit, one short
 * transaction), so no lock is held across batches and ingestion never waits
 * for more than a batch. A batch's rows are chosen by a limited subquery and
 * the delete checks their age again, so a row that ingestion made younger
 * meanwhile (a PR merged today, an incident reopened) is kept.
 */
export class RetentionStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<RetentionStore> {
    return new RetentionStore(await migrateQualityDatabase(options.database));
  }

  constructor(private readonly db: Knex) {}

  private readonly tables = new Map<string, Promise<boolean>>();

  private hasTable(table: string): Promise<boolean> {
    if (!this.tables.has(table)) {
      this.tables.set(table, this.db.schema.hasTable(table));
    }
    return this.tables.get(table)!;
  }

  /** Deletes one kind's rows older than `cutoff`; stops between batches once `signal` aborts. */
  async deleteOlderThan(
    kind: RetentionKind,
    cutoff: number,
    options: { batchSize: number; signal?: AbortSignal },
  ): Promise<RetentionCounts> {
    if (kind === 'exemptionAudit') {
      return this.deleteEndedExemptions(cutoff, options);
    }
    const counts: RetentionCounts = {};
    for (const target of TARGETS.filter(t => t.kind === kind)) {
      if (target.optional && !(await this.hasTable(target.table))) continue;
      counts[target.table] =
        (counts[target.table] ?? 0) +
        (await this.deleteBatches(target, cutoff, options));
    }
    return counts;
  }

  private async deleteBatches(
    target: RetentionTarget,
    cutoff: number,
    options: { batchSize: number; signal?: AbortSignal },
  ): Promise<number> {
    const { table, keys } = target;
    const older = (q: Knex.QueryBuilder) => target.older(q, cutoff);
    let total = 0;
    for (;;) {
      if (options.signal?.aborted) return total;
      const batch = this.db(table)
        .select(keys)
        .where(older)
        .limit(options.batchSize);
      const selected = this.db(table).where(older);
      // A composite key compares as a tuple: (a, b) in (select a, b …).
      if (keys.length === 1) selected.whereIn(keys[0], batch);
      else selected.whereIn(keys as string[], batch as any);
      const deleted = await selected.delete();
      total += deleted;
      if (deleted < options.batchSize) return total;
      await yieldTurn();
    }
  }

  /**
   * Exemptions that ended before the cutoff, with their whole audit trail:
   * denied and revoked ones by their decision, approved ones by their
   * expiry, and requests never decided by the expiry they asked for. An
   * exemption with an audit entry after the cutoff stays, and the trail of
   * one that stays is kept whole, however old its first entries.
   */
  private async deleteEndedExemptions(
    cutoff: number,
    options: { batchSize: number; signal?: AbortSignal },
  ): Promise<RetentionCounts> {
    const counts = { qs_exemption_audit: 0, qs_exemptions: 0 };
    const isPg = this.db.client.config.client === 'pg';
    for (;;) {
      if (options.signal?.aborted) return counts;
      const found = await this.db.transaction(async tx => {
        const select = tx('qs_exemptions')
          .select('id')
          .where('requested_at', '<', cutoff)
          .where(q =>
            q
              .where(d =>
                d
                  .whereIn('status', ['denied', 'revoked'])
                  .andWhere(noneOrBefore('decided_at', cutoff)),
              )
              .orWhere(e =>
                e
                  .whereIn('status', ['approved', 'pending'])
                  .andWhere('expires_at', '<', cutoff),
              ),
          )
          .whereNotExists(sub =>
            sub
              .select('qs_exemption_audit.id')
              .from('qs_exemption_audit')
              .whereRaw('?? = ??', [
                'qs_exemption_audit.exemption_id',
                'qs_exemptions.id',
              ])
              .andWhere('qs_exemption_audit.at', '>=', cutoff),
          )
          .orderBy('id')
          .limit(options.batchSize);
        // PostgreSQL: a decision taken meanwhile waits for this batch.
        const ids = (await (isPg ? select.forUpdate() : select)).map(r => r.id);
        if (ids.length === 0) return { ids: 0, audit: 0, exemptions: 0 };
        const audit = await tx('qs_exemption_audit')
          .whereIn('exemption_id', ids)
          .delete();
        const exemptions = await tx('qs_exemptions')
          .whereIn('id', ids)
          .delete();
        return { ids: ids.length, audit, exemptions };
      });
      counts.qs_exemption_audit += found.audit;
      counts.qs_exemptions += found.exemptions;
      if (found.ids < options.batchSize) return counts;
      await yieldTurn();
    }
  }
}
