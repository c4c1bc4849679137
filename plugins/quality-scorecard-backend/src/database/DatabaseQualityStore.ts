import { Knex } from 'knex';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  IncidentEvent,
  PullRequestEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import { QualityStore, ScorecardDocument } from './QualityStore';
import {
  EventType,
  TABLE_BY_TYPE,
  checkTimes,
  contentHash,
  earliestTime,
  eventColumns,
  eventKey,
} from './eventRows';
import {
  ENTITY_EVENT_COLUMNS,
  EntityEventRows,
  eventsFromRows,
} from './entityEventRows';
import type {
  AttributedEvent,
  DeliveryCounts,
  EntityEvents,
  FailedDelivery,
  IncidentStatus,
  RawDelivery,
  SnapshotRow,
  UnattributedSummary,
  WriteResult,
} from './types';

const migrationsDir = resolvePackagePath(
  '@shewhart/plugin-quality-scorecard-backend',
  'migrations',
);

/** The first key of this plugin's PostgreSQL advisory locks ('QS'). */
const LOCK_NAMESPACE = 0x5153;

// Keeps IN-lists and multi-row inserts under SQLite's variable limit.
const CHUNK = 200;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

const num = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(Number(v)).toISOString();

/** A unique-key violation, deadlock or serialization failure (PostgreSQL). */
function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === '40P01' || code === '40001';
}

/**
 * One JSON array per row (`row` column) of `columns`, built by the database:
 * a full recompute reads an entity's whole history, and handing over one
 * string per row instead of a 22-property object (with the JSON columns
 * parsed again one by one) took 40% less time on SQLite. SQLite concatenates
 * the array (quoting text, embedding the stored JSON text as it is, which
 * json_array would parse again); PostgreSQL builds it with json_build_array.
 */
function jsonRow(db: Knex, columns: readonly string[]): Knex.Raw {
  const pg = String(db.client.config.client).includes('pg');
  const names = columns.map(spec => spec.split(':')[0]);
  const kinds = columns.map(spec => spec.split(':')[1]);
  if (pg) {
    const parts = kinds.map(k => (k === 'json' ? '??::json' : '??'));
    return db.raw(`json_build_array(${parts.join(', ')})::text as ??`, [
      ...names,
      'row',
    ]);
  }
  const parts = kinds.map(k =>
    k === 'text' ? 'json_quote(??)' : "coalesce(??, 'null')",
  );
  return db.raw(`'[' || ${parts.join(" || ',' || ")} || ']' as ??`, [
    ...names,
    'row',
  ]);
}

/**
 * Rows of several entities in one order (code units of the ref): every
 * writer of dirty marks and snapshots takes its row locks in it, so two
 * transactions on PostgreSQL never wait on each other in a circle.
 */
function inEntityOrder<T extends { entityRef: string }>(entries: T[]): T[] {
  return [...entries].sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1));
}

/**
 * An entity's rows with any of `columns` at or after `since` (all its rows
 * when `since` is 0), written as one (entity, column) range per term so that
 * SQLite and PostgreSQL search an index per term instead of scanning the
 * entity's whole history.
 */
function touchedSince(
  q: Knex.QueryBuilder,
  entityRef: string,
  columns: string[],
  since: number,
): Knex.QueryBuilder {
  if (since <= 0) return q.where({ entity_ref: entityRef });
  for (const column of columns) {
    q.orWhere(r =>
      r.where({ entity_ref: entityRef }).andWhere(column, '>=', since),
    );
  }
  return q;
}

/** Knex implementation of QualityStore, for SQLite and PostgreSQL. */
export class DatabaseQualityStore implements QualityStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseQualityStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      // Instances starting together on one database: knex does not wait for
      // another's migration lock, it fails at once. Wait for it instead.
      for (let attempt = 1; ; attempt++) {
        try {
          await client.migrate.latest({ directory: migrationsDir });
          break;
        } catch (error) {
          if ((error as Error)?.name !== 'MigrationLocked' || attempt >= 120)
            throw error;
          await new Promise(resolve => setTimeout(resolve, 500));
        }
      }
    }
    return new DatabaseQualityStore(client);
  }

  static migrationsDirectory(): string {
    return migrationsDir;
  }

  constructor(private readonly db: Knex) {}

  async insertRawDelivery(delivery: {
    source: string;
    deliveryId: string;
    eventName: string;
    payload: string;
    receivedAt: number;
  }): Promise<{ id: number; duplicate: boolean }> {
    const row = {
      source: delivery.source,
      delivery_id: delivery.deliveryId,
      event_name: delivery.eventName,
      payload: delivery.payload,
      received_at: delivery.receivedAt,
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

  /**
   * On PostgreSQL: in a transaction that holds an advisory lock on the key,
   * with a store bound to that transaction, so that waiting for and holding
   * the lock takes one connection and every read and write of `fn` happens
   * under it. SQLite has one writer and is not shared between processes:
   * `fn` runs as it is (the caller serializes within the process).
   */
  async serialize<T>(
    key: string,
    fn: (store: QualityStore) => Promise<T>,
  ): Promise<T> {
    if (!String(this.db.client.config.client).includes('pg')) {
      return fn(this);
    }
    return this.db.transaction(async tx => {
      await tx.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [
        LOCK_NAMESPACE,
        key,
      ]);
      return fn(new DatabaseQualityStore(tx));
    });
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

  async writeEvents(
    events: AttributedEvent[],
    options: { demo: boolean; now: number },
  ): Promise<WriteResult> {
    // Two requests carrying the same new event both find it absent and both
    // insert it; on PostgreSQL the second insert waits for the first and then
    // fails on the unique key (or two writers deadlock on shared rows). The
    // whole transaction is rolled back: run it again, and the loser finds the
    // winner's rows (duplicates). SQLite runs one write transaction at a time.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeEventsOnce(events, options);
      } catch (error) {
        if (attempt >= 5 || !isWriteConflict(error)) throw error;
        await new Promise(resolve =>
          setTimeout(resolve, Math.random() * 20 * attempt),
        );
      }
    }
  }

  private async writeEventsOnce(
    events: AttributedEvent[],
    options: { demo: boolean; now: number },
  ): Promise<WriteResult> {
    const result: WriteResult = { accepted: 0, duplicates: 0, unattributed: 0 };
    if (events.length === 0) {
      return result;
    }
    const dirty = new Map<string, number>();
    await this.db.transaction(async tx => {
      const byType = new Map<EventType, AttributedEvent[]>();
      for (const event of events) {
        const list = byType.get(event.type) ?? [];
        list.push(event);
        byType.set(event.type, list);
      }
      for (const [type, list] of byType) {
        const table = TABLE_BY_TYPE[type];
        // What is stored already, by key → content hash.
        const stored = new Map<string, string>();
        for (const part of chunks(list)) {
          const rows = await tx(table)
            .whereIn(
              ['source', 'external_id'],
              part.map(e => [e.source, e.id]),
            )
            .select('source', 'external_id', 'content_hash');
          for (const r of rows) {
            stored.set(
              eventKey({ type, source: r.source, id: r.external_id }),
              r.content_hash,
            );
          }
        }
        const inserts = new Map<string, Record<string, unknown>>();
        const updates: Array<Record<string, unknown>> = [];
        for (const event of list) {
          checkTimes(event);
          const columns = eventColumns(event);
          const hash = contentHash(columns);
          const key = eventKey(event);
          const previous = stored.get(key) ?? inserts.get(key)?.content_hash;
          if (previous === hash) {
            result.duplicates += 1;
            continue;
          }
          result.accepted += 1;
          if (event.resolvedEntityRef === null) {
            result.unattributed += 1;
          } else {
            const since = earliestTime(event);
            const known = dirty.get(event.resolvedEntityRef);
            dirty.set(
              event.resolvedEntityRef,
              known === undefined ? since : Math.min(known, since),
            );
          }
          const row = {
            ...columns,
            content_hash: hash,
            demo: options.demo,
            updated_at: options.now,
          };
          if (stored.has(key)) {
            updates.push(row);
            stored.set(key, hash);
          } else if (inserts.has(key)) {
            inserts.set(key, { ...inserts.get(key), ...row });
          } else {
            inserts.set(key, { ...row, received_at: options.now });
          }
        }
        for (const part of chunks([...inserts.values()], 50)) {
          await tx(table).insert(part);
        }
        for (const row of updates) {
          const { source, external_id, ...rest } = row;
          await tx(table).where({ source, external_id }).update(rest);
        }
      }
      await this.markDirtyIn(
        tx,
        [...dirty].map(([entityRef, since]) => ({ entityRef, since })),
        options.now,
      );
    });
    return result;
  }

  async getPullRequest(
    source: string,
    externalId: string,
  ): Promise<PullRequestEvent | undefined> {
    const row = await this.db('qs_pull_requests')
      .where({ source, external_id: externalId })
      .first();
    return row ? rowToPullRequestEvent(row) : undefined;
  }

  async getIncident(
    source: string,
    externalId: string,
  ): Promise<
    (IncidentEvent & { statusAt?: number; status?: IncidentStatus }) | undefined
  > {
    const r = await this.db('qs_incidents')
      .where({ source, external_id: externalId })
      .first();
    if (!r) {
      return undefined;
    }
    return {
      type: 'incident',
      id: r.external_id,
      source: r.source,
      entityRef: r.entity_ref ?? undefined,
      pagerDutyServiceId: r.pagerduty_service_id ?? undefined,
      repository: r.repository ?? undefined,
      title: r.title,
      createdAt: iso(r.created_at)!,
      resolvedAt: iso(r.resolved_at),
      severity: r.severity,
      url: r.url,
      causedBy:
        r.caused_by_deployment || r.caused_by_pr !== null
          ? {
              deploymentId: r.caused_by_deployment ?? undefined,
              pullRequest: num(r.caused_by_pr) ?? undefined,
            }
          : null,
      statusAt: num(r.status_at) ?? undefined,
      status: r.status ?? undefined,
    };
  }

  async findOpenPullRequestsByHeadRef(
    source: string,
    repository: string,
    headRef: string,
  ): Promise<PullRequestEvent[]> {
    const rows = await this.db('qs_pull_requests')
      .where({ source, repository, head_ref: headRef })
      .whereNull('merged_at');
    return rows.map(rowToPullRequestEvent);
  }

  async addPushCommits(
    repository: string,
    ref: string,
    commits: Array<{ sha: string; authoredAt: string; message: string }>,
  ): Promise<void> {
    for (const part of chunks(commits, 50)) {
      await this.db('qs_push_commits')
        .insert(
          part.map(c => ({
            repository,
            ref,
            sha: c.sha,
            authored_at: Date.parse(c.authoredAt),
            message: c.message,
          })),
        )
        .onConflict(['repository', 'sha'])
        .ignore();
    }
  }

  async listPushCommits(
    repository: string,
    ref: string,
  ): Promise<Array<{ sha: string; authoredAt: string; message: string }>> {
    const rows = await this.db('qs_push_commits')
      .where({ repository, ref })
      .orderBy('authored_at');
    return rows.map(r => ({
      sha: r.sha,
      authoredAt: new Date(Number(r.authored_at)).toISOString(),
      message: r.message,
    }));
  }

  async listUnattributed(): Promise<UnattributedSummary[]> {
    const out: UnattributedSummary[] = [];
    for (const [type, table] of Object.entries(TABLE_BY_TYPE)) {
      const columns =
        type === 'incident'
          ? ['repository', 'pagerduty_service_id']
          : ['repository'];
      const rows = await this.db(table)
        .whereNull('entity_ref')
        .select(columns)
        .count({ count: '*' })
        .groupBy(columns);
      for (const r of rows as Array<Record<string, unknown>>) {
        out.push({
          type,
          repository: (r.repository as string) ?? null,
          pagerDutyServiceId: (r.pagerduty_service_id as string) ?? null,
          count: Number(r.count),
        });
      }
    }
    return out;
  }

  async attribute(options: {
    repositories: Map<string, string>;
    pagerDutyServices: Map<string, string>;
    now: number;
  }): Promise<number> {
    let updated = 0;
    const unattributed = await this.listUnattributed();
    const touched = new Set<string>();
    await this.db.transaction(async tx => {
      for (const group of unattributed) {
        const table = TABLE_BY_TYPE[group.type as EventType];
        const byRepo = group.repository
          ? options.repositories.get(group.repository.toLowerCase())
          : undefined;
        const byPd = group.pagerDutyServiceId
          ? options.pagerDutyServices.get(group.pagerDutyServiceId)
          : undefined;
        const entityRef = byRepo ?? byPd;
        if (!entityRef) {
          continue;
        }
        const query = tx(table).whereNull('entity_ref');
        if (group.repository) {
          query.andWhere('repository', group.repository);
        } else {
          query.whereNull('repository');
        }
        if (group.type === 'incident') {
          if (group.pagerDutyServiceId) {
            query.andWhere('pagerduty_service_id', group.pagerDutyServiceId);
          } else {
            query.whereNull('pagerduty_service_id');
          }
        }
        updated += await query.update({
          entity_ref: entityRef,
          updated_at: options.now,
        });
        touched.add(entityRef);
      }
      // The whole history of a newly attributed entity may change.
      await this.markDirtyIn(
        tx,
        [...touched].map(entityRef => ({ entityRef, since: 0 })),
        options.now,
      );
    });
    return updated;
  }

  async countEvents(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [type, table] of Object.entries(TABLE_BY_TYPE)) {
      const [{ count }] = await this.db(table).count({ count: '*' });
      out[type] = Number(count);
    }
    return out;
  }

  async loadEntityEvents(
    entityRef: string,
    since: number,
  ): Promise<EntityEvents> {
    return eventsFromRows(await this.loadEntityEventRows(entityRef, since));
  }

  async loadEntityEventRows(
    entityRef: string,
    since: number,
  ): Promise<EntityEventRows> {
    const C = ENTITY_EVENT_COLUMNS;
    const [pullRequests, deployments, incidents, bugs] = (
      await Promise.all([
        // PRs created before `since` may still be merged or reverted after it.
        this.db('qs_pull_requests')
          .select(jsonRow(this.db, C.pullRequests))
          .where(q =>
            touchedSince(
              q,
              entityRef,
              ['created_at', 'merged_at', 'closed_at'],
              since,
            ),
          )
          // One order whichever index answers, so that an incremental and a full
          // recompute see the same events in the same order.
          .orderBy(['created_at', 'source', 'external_id']),
        this.db('qs_deployments')
          .select(jsonRow(this.db, C.deployments))
          .where({ entity_ref: entityRef })
          .andWhere('finished_at', '>=', since)
          .orderBy(['finished_at', 'source', 'external_id']),
        this.db('qs_incidents')
          .select(jsonRow(this.db, C.incidents))
          .where(q =>
            touchedSince(q, entityRef, ['created_at', 'resolved_at'], since),
          )
          .orderBy(['created_at', 'source', 'external_id']),
        this.db('qs_bugs')
          .select(jsonRow(this.db, C.bugs))
          .where({ entity_ref: entityRef })
          .andWhere('created_at', '>=', since)
          .orderBy(['created_at', 'source', 'external_id']),
      ])
    ).map(rows => (rows as Array<{ row: string }>).map(r => r.row));
    return { pullRequests, deployments, incidents, bugs };
  }

  async listEntityRefs(): Promise<string[]> {
    const refs = new Set<string>();
    for (const table of Object.values(TABLE_BY_TYPE)) {
      const rows = await this.db(table)
        .whereNotNull('entity_ref')
        .distinct('entity_ref');
      rows.forEach(r => refs.add(r.entity_ref));
    }
    return [...refs].sort();
  }

  async markDirty(
    entityRefs: Array<{ entityRef: string; since: number }>,
    now: number,
  ): Promise<void> {
    await this.db.transaction(tx => this.markDirtyIn(tx, entityRefs, now));
  }

  private async markDirtyIn(
    tx: Knex.Transaction,
    entityRefs: Array<{ entityRef: string; since: number }>,
    now: number,
  ) {
    for (const part of chunks(inEntityOrder(entityRefs), 100)) {
      await tx('qs_dirty_entities')
        .insert(
          part.map(p => ({
            entity_ref: p.entityRef,
            since: p.since,
            marked_at: now,
          })),
        )
        .onConflict('entity_ref')
        .merge({
          // The earliest touched time wins, whichever writer comes last.
          since: tx.raw(
            'CASE WHEN ?? < excluded.since THEN ?? ELSE excluded.since END',
            ['qs_dirty_entities.since', 'qs_dirty_entities.since'],
          ),
          // A mark only ever moves forward, even from a writer whose clock is
          // behind: a recompute that read the older mark must not clear it.
          marked_at: tx.raw(
            'CASE WHEN ?? >= excluded.marked_at THEN ?? + 1 ELSE excluded.marked_at END',
            ['qs_dirty_entities.marked_at', 'qs_dirty_entities.marked_at'],
          ),
        });
    }
  }

  async listDirty(limit: number) {
    const rows = await this.db('qs_dirty_entities')
      .orderBy(['marked_at', 'entity_ref'])
      .limit(limit);
    return rows.map(r => ({
      entityRef: r.entity_ref as string,
      since: Number(r.since),
      markedAt: Number(r.marked_at),
    }));
  }

  async clearDirty(entityRef: string, markedAt: number): Promise<void> {
    await this.clearDirtyMany([{ entityRef, markedAt }]);
  }

  async clearDirtyMany(
    entries: Array<{ entityRef: string; markedAt: number }>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (const { entityRef, markedAt } of inEntityOrder(entries)) {
        await tx('qs_dirty_entities')
          .where({ entity_ref: entityRef })
          .andWhere('marked_at', '<=', markedAt)
          .delete();
      }
    });
  }

  async replaceSnapshots(
    entityRef: string,
    rows: SnapshotRow[],
    fromWeek = 0,
  ): Promise<void> {
    await this.replaceSnapshotsMany([{ entityRef, rows, fromWeek }]);
  }

  async replaceSnapshotsMany(
    entries: Array<{
      entityRef: string;
      rows: SnapshotRow[];
      fromWeek: number;
    }>,
  ): Promise<void> {
    // One transaction for many entities: on SQLite every commit is a sync to
    // disk, which cost more than computing an entity.
    await this.db.transaction(async tx => {
      for (const { entityRef, rows, fromWeek } of inEntityOrder(entries)) {
        const deleted = await tx('qs_snapshots')
          .where({ entity_ref: entityRef })
          .andWhere('week_start', '>=', fromWeek)
          .delete();
        // An entity without snapshots before or after (a refresh of an unknown
        // ref) changes nothing that a cached read could have seen.
        if (deleted > 0 || rows.length > 0) {
          await tx('qs_snapshot_versions')
            .insert({ entity_ref: entityRef, version: 1 })
            .onConflict('entity_ref')
            .merge({
              version: tx.raw('?? + 1', ['qs_snapshot_versions.version']),
            });
        }
        for (const part of chunks(rows, 100)) {
          await tx('qs_snapshots').insert(
            part.map(r => ({
              entity_ref: r.entityRef,
              week_start: r.weekStart,
              stats: r.stats,
              demo: r.demo,
              computed_at: r.computedAt,
            })),
          );
        }
      }
    });
  }

  async snapshotVersions(entityRefs: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks(entityRefs, 500)) {
      const rows = await this.db('qs_snapshot_versions')
        .select('entity_ref', 'version')
        .whereIn('entity_ref', part);
      for (const r of rows) out.set(r.entity_ref, Number(r.version));
    }
    return out;
  }

  async listUnrenderedEntities(
    firstWeek: number,
    endWeek: number,
    configKey: string,
    after: string,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.db('qs_snapshot_versions as v')
      .leftJoin('qs_scorecard_documents as d', 'd.entity_ref', 'v.entity_ref')
      .where('v.entity_ref', '>', after)
      .andWhere(q =>
        q
          .whereNull('d.entity_ref')
          .orWhere('d.version', '<>', this.db.ref('v.version'))
          .orWhere('d.first_week', '<>', firstWeek)
          .orWhere('d.end_week', '<>', endWeek)
          .orWhere('d.config_key', '<>', configKey),
      )
      .orderBy('v.entity_ref')
      .limit(limit)
      .select('v.entity_ref');
    return rows.map(r => r.entity_ref);
  }

  async writeScorecardDocuments(documents: ScorecardDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.db.transaction(async tx => {
      // Bodies are tens of kilobytes: a few per statement.
      for (const part of chunks(inEntityOrder(documents), 10)) {
        await tx('qs_scorecard_documents')
          .insert(
            part.map(d => ({
              entity_ref: d.entityRef,
              first_week: d.firstWeek,
              end_week: d.endWeek,
              version: d.version,
              config_key: d.configKey,
              body_gzip: d.gzip,
              rendered_at: d.renderedAt,
            })),
          )
          .onConflict('entity_ref')
          .merge();
      }
    });
  }

  async readScorecardDocument(
    entityRef: string,
    firstWeek: number,
    endWeek: number,
    configKey: string,
  ): Promise<Buffer | undefined> {
    const row = await this.db('qs_scorecard_documents as d')
      .join('qs_snapshot_versions as v', 'v.entity_ref', 'd.entity_ref')
      .where({
        'd.entity_ref': entityRef,
        'd.first_week': firstWeek,
        'd.end_week': endWeek,
        'd.config_key': configKey,
      })
      .andWhere('d.version', '=', this.db.ref('v.version'))
      .first('d.body_gzip');
    return row ? Buffer.from(row.body_gzip) : undefined;
  }

  async readSnapshots(
    entityRefs: string[],
    fromWeek: number,
    toWeek: number,
  ): Promise<SnapshotRow[]> {
    const out: SnapshotRow[] = [];
    for (const part of chunks(entityRefs, 500)) {
      const rows = await this.db('qs_snapshots')
        .whereIn('entity_ref', part)
        .andWhere('week_start', '>=', fromWeek)
        .andWhere('week_start', '<', toWeek);
      for (const r of rows) {
        out.push({
          entityRef: r.entity_ref,
          weekStart: Number(r.week_start),
          stats: r.stats,
          demo: Boolean(r.demo),
          computedAt: Number(r.computed_at),
        });
      }
    }
    return out;
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

function rowToPullRequestEvent(r: Record<string, any>): PullRequestEvent {
  return {
    type: 'pull_request',
    id: r.external_id,
    source: r.source,
    entityRef: r.entity_ref ?? undefined,
    repository: r.repository ?? undefined,
    number: Number(r.number),
    title: r.title,
    author: r.author,
    url: r.url,
    createdAt: iso(r.created_at)!,
    mergedAt: iso(r.merged_at),
    closedAt: iso(r.closed_at),
    additions: Number(r.additions),
    deletions: Number(r.deletions),
    changedFiles: Number(r.changed_files),
    labels: JSON.parse(r.labels),
    files: r.files ? JSON.parse(r.files) : undefined,
    body: r.body,
    mergeCommitSha: r.merge_commit_sha,
    mergedBy: r.merged_by,
    reverts: num(r.reverts),
    headRef: r.head_ref,
    startedBy: r.started_by ?? null,
    commits: JSON.parse(r.commits).map(
      (c: {
        sha: string;
        authoredAt: number;
        committedAt?: number | null;
        message: string;
      }) => ({
        ...c,
        authoredAt: iso(c.authoredAt)!,
        ...(typeof c.committedAt === 'number'
          ? { committedAt: iso(c.committedAt)! }
          : {}),
      }),
    ),
    reviews: JSON.parse(r.reviews).map(
      (v: {
        reviewer: string;
        state: any;
        submittedAt: number;
        isBot: boolean;
      }) => ({
        ...v,
        submittedAt: iso(v.submittedAt)!,
      }),
    ),
  };
}
