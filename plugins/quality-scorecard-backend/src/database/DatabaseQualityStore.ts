import { Knex } from 'knex';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { QualityStore } from './QualityStore';
import { MIGRATIONS_DIRECTORY, migrateQualityDatabase } from './migrate';
import { DatabaseAttributionStore } from './AttributionStore';
import { DatabaseDeliveryStore } from './DeliveryStore';
import { DatabaseDirtyMarkStore } from './DirtyMarkStore';
import { DatabaseEventStore } from './EventStore';
import { DatabaseWebhookLookups } from './WebhookLookups';
import { DatabaseSnapshotStore } from './SnapshotStore';

/** The first key of this plugin's PostgreSQL advisory locks ('QS'). */
const LOCK_NAMESPACE = 0x5153;

/**
 * The plugin's store (QualityStore) on SQLite and PostgreSQL: one store per
 * kind of data, built over one connection or transaction.
 */
export class DatabaseQualityStore implements QualityStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseQualityStore> {
    const client = await migrateQualityDatabase(options.database, options);
    return new DatabaseQualityStore(client);
  }

  static migrationsDirectory(): string {
    return MIGRATIONS_DIRECTORY;
  }

  private readonly deliveries: DatabaseDeliveryStore;
  private readonly events: DatabaseEventStore;
  private readonly lookups: DatabaseWebhookLookups;
  private readonly attribution: DatabaseAttributionStore;
  private readonly dirty: DatabaseDirtyMarkStore;
  private readonly snapshots: DatabaseSnapshotStore;

  constructor(private readonly db: Knex) {
    this.dirty = new DatabaseDirtyMarkStore(db);
    this.deliveries = new DatabaseDeliveryStore(db);
    this.events = new DatabaseEventStore(db, this.dirty);
    this.lookups = new DatabaseWebhookLookups(db, this.dirty);
    this.attribution = new DatabaseAttributionStore(db, this.dirty);
    this.snapshots = new DatabaseSnapshotStore(db);
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

  // DeliveryStore

  insertRawDelivery(...args: Parameters<QualityStore['insertRawDelivery']>) {
    return this.deliveries.insertRawDelivery(...args);
  }

  countDeliveriesBySecret(
    ...args: Parameters<QualityStore['countDeliveriesBySecret']>
  ) {
    return this.deliveries.countDeliveriesBySecret(...args);
  }

  markDeliveryProcessed(
    ...args: Parameters<QualityStore['markDeliveryProcessed']>
  ) {
    return this.deliveries.markDeliveryProcessed(...args);
  }

  recordDeliveryFailure(
    ...args: Parameters<QualityStore['recordDeliveryFailure']>
  ) {
    return this.deliveries.recordDeliveryFailure(...args);
  }

  listFailedDeliveries(
    ...args: Parameters<QualityStore['listFailedDeliveries']>
  ) {
    return this.deliveries.listFailedDeliveries(...args);
  }

  countDeliveryProblems(
    ...args: Parameters<QualityStore['countDeliveryProblems']>
  ) {
    return this.deliveries.countDeliveryProblems(...args);
  }

  listUnprocessedDeliveries(
    ...args: Parameters<QualityStore['listUnprocessedDeliveries']>
  ) {
    return this.deliveries.listUnprocessedDeliveries(...args);
  }

  listDeliveries(...args: Parameters<QualityStore['listDeliveries']>) {
    return this.deliveries.listDeliveries(...args);
  }

  // EventStore

  writeEvents(...args: Parameters<QualityStore['writeEvents']>) {
    return this.events.writeEvents(...args);
  }

  getPullRequest(...args: Parameters<QualityStore['getPullRequest']>) {
    return this.lookups.getPullRequest(...args);
  }

  getIncident(...args: Parameters<QualityStore['getIncident']>) {
    return this.lookups.getIncident(...args);
  }

  findOpenPullRequestsByHeadRef(
    ...args: Parameters<QualityStore['findOpenPullRequestsByHeadRef']>
  ) {
    return this.lookups.findOpenPullRequestsByHeadRef(...args);
  }

  addPushCommits(...args: Parameters<QualityStore['addPushCommits']>) {
    return this.lookups.addPushCommits(...args);
  }

  listPushCommits(...args: Parameters<QualityStore['listPushCommits']>) {
    return this.lookups.listPushCommits(...args);
  }

  findPullRequestByCommit(
    ...args: Parameters<QualityStore['findPullRequestByCommit']>
  ) {
    return this.lookups.findPullRequestByCommit(...args);
  }

  deleteEvent(...args: Parameters<QualityStore['deleteEvent']>) {
    return this.lookups.deleteEvent(...args);
  }

  deletedAt(...args: Parameters<QualityStore['deletedAt']>) {
    return this.lookups.deletedAt(...args);
  }

  countEvents(...args: Parameters<QualityStore['countEvents']>) {
    return this.events.countEvents(...args);
  }

  loadEntityEvents(...args: Parameters<QualityStore['loadEntityEvents']>) {
    return this.events.loadEntityEvents(...args);
  }

  loadEntityEventRows(
    ...args: Parameters<QualityStore['loadEntityEventRows']>
  ) {
    return this.events.loadEntityEventRows(...args);
  }

  // AttributionStore

  listUnattributed(...args: Parameters<QualityStore['listUnattributed']>) {
    return this.attribution.listUnattributed(...args);
  }

  attribute(...args: Parameters<QualityStore['attribute']>) {
    return this.attribution.attribute(...args);
  }

  listEntityRefs(...args: Parameters<QualityStore['listEntityRefs']>) {
    return this.attribution.listEntityRefs(...args);
  }

  // DirtyMarkStore

  markDirty(...args: Parameters<QualityStore['markDirty']>) {
    return this.dirty.markDirty(...args);
  }

  listDirty(...args: Parameters<QualityStore['listDirty']>) {
    return this.dirty.listDirty(...args);
  }

  claimDirty(...args: Parameters<QualityStore['claimDirty']>) {
    return this.dirty.claimDirty(...args);
  }

  releaseClaims(...args: Parameters<QualityStore['releaseClaims']>) {
    return this.dirty.releaseClaims(...args);
  }

  clearDirty(...args: Parameters<QualityStore['clearDirty']>) {
    return this.dirty.clearDirty(...args);
  }

  clearDirtyMany(...args: Parameters<QualityStore['clearDirtyMany']>) {
    return this.dirty.clearDirtyMany(...args);
  }

  // SnapshotStore

  replaceSnapshots(...args: Parameters<QualityStore['replaceSnapshots']>) {
    return this.snapshots.replaceSnapshots(...args);
  }

  replaceSnapshotsMany(
    ...args: Parameters<QualityStore['replaceSnapshotsMany']>
  ) {
    return this.snapshots.replaceSnapshotsMany(...args);
  }

  snapshotVersions(...args: Parameters<QualityStore['snapshotVersions']>) {
    return this.snapshots.snapshotVersions(...args);
  }

  listUnrenderedEntities(
    ...args: Parameters<QualityStore['listUnrenderedEntities']>
  ) {
    return this.snapshots.listUnrenderedEntities(...args);
  }

  writeScorecardDocuments(
    ...args: Parameters<QualityStore['writeScorecardDocuments']>
  ) {
    return this.snapshots.writeScorecardDocuments(...args);
  }

  readScorecardDocument(
    ...args: Parameters<QualityStore['readScorecardDocument']>
  ) {
    return this.snapshots.readScorecardDocument(...args);
  }

  readSnapshots(...args: Parameters<QualityStore['readSnapshots']>) {
    return this.snapshots.readSnapshots(...args);
  }
}
