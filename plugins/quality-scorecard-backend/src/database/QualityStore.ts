import type { EntityEventRows } from './entityEventRows';
import type {
  IncidentEvent,
  PullRequestEvent,
} from '@shewhart/plugin-quality-scorecard-common';
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

/** Persistence of the quality scorecard: raw deliveries, events, snapshots. */
export interface QualityStore {
  /** Appends a raw webhook delivery; `duplicate` when its id was seen before. */
  insertRawDelivery(delivery: {
    source: string;
    deliveryId: string;
    eventName: string;
    payload: string;
    receivedAt: number;
  }): Promise<{ id: number; duplicate: boolean }>;
  markDeliveryProcessed(
    id: number,
    processedAt: number,
    error?: string,
  ): Promise<void>;
  /**
   * Counts a failed attempt of a delivery and leaves it unprocessed until
   * `retryAt`, with `error` as its last error; the attempt that reaches
   * `maxAttempts` marks it processed with that error instead (failed).
   */
  recordDeliveryFailure(
    id: number,
    failure: {
      error: string;
      at: number;
      retryAt: number;
      maxAttempts: number;
    },
  ): Promise<{ attempts: number; failed: boolean }>;
  /** Failed deliveries, latest first. */
  listFailedDeliveries(options: { limit: number }): Promise<FailedDelivery[]>;
  countDeliveryProblems(): Promise<DeliveryCounts>;
  /**
   * Runs `fn` with a store on which no other backend instance runs `fn` for
   * the same key at the same time (deliveries about one PR read, merge and
   * write it back). Without it, only the instance serializes.
   */
  serialize?<T>(
    key: string,
    fn: (store: QualityStore) => Promise<T>,
  ): Promise<T>;
  /** Unprocessed deliveries received before `receivedBefore`; with `now`, only those due for a retry. */
  listUnprocessedDeliveries(options: {
    receivedBefore: number;
    limit: number;
    now?: number;
  }): Promise<RawDelivery[]>;
  listDeliveries(options: {
    source?: string;
    afterId: number;
    limit: number;
  }): Promise<RawDelivery[]>;

  /**
   * Stores events in one transaction: all or nothing. An event whose
   * (source, type, id) exists with the same content is a duplicate; with other
   * content it replaces the stored one (the later state of a PR or incident).
   */
  writeEvents(
    events: AttributedEvent[],
    options: { demo: boolean; now: number },
  ): Promise<WriteResult>;

  getPullRequest(
    source: string,
    externalId: string,
  ): Promise<PullRequestEvent | undefined>;
  getIncident(
    source: string,
    externalId: string,
  ): Promise<
    (IncidentEvent & { statusAt?: number; status?: IncidentStatus }) | undefined
  >;
  findOpenPullRequestsByHeadRef(
    source: string,
    repository: string,
    headRef: string,
  ): Promise<PullRequestEvent[]>;
  addPushCommits(
    repository: string,
    ref: string,
    commits: Array<{ sha: string; authoredAt: string; message: string }>,
  ): Promise<void>;
  listPushCommits(
    repository: string,
    ref: string,
  ): Promise<Array<{ sha: string; authoredAt: string; message: string }>>;

  listUnattributed(): Promise<UnattributedSummary[]>;
  /** Attributes stored unattributed events whose locator now matches. */
  attribute(options: {
    repositories: Map<string, string>;
    pagerDutyServices: Map<string, string>;
    now: number;
  }): Promise<number>;

  countEvents(): Promise<Record<string, number>>;

  loadEntityEvents(entityRef: string, since: number): Promise<EntityEvents>;
  /**
   * The same events as JSON text, one array per row (`eventsFromRows` maps
   * them): text crosses to a worker thread cheaply, objects do not.
   */
  loadEntityEventRows(entityRef: string, since: number): Promise<EntityEventRows>;
  listEntityRefs(): Promise<string[]>;

  markDirty(
    entityRefs: Array<{ entityRef: string; since: number }>,
    now: number,
  ): Promise<void>;
  /** Takes up to `limit` dirty entities; they stay dirty until `clearDirty`. */
  listDirty(
    limit: number,
  ): Promise<Array<{ entityRef: string; since: number; markedAt: number }>>;
  /** Clears the mark unless it was set again after `markedAt`. */
  clearDirty(entityRef: string, markedAt: number): Promise<void>;
  /** Several `clearDirty` in one transaction. */
  clearDirtyMany(
    entries: Array<{ entityRef: string; markedAt: number }>,
  ): Promise<void>;

  /** Replaces the entity's snapshots of the weeks starting at or after `fromWeek` (default: all). */
  replaceSnapshots(
    entityRef: string,
    rows: SnapshotRow[],
    fromWeek?: number,
  ): Promise<void>;
  /** Several entities' `replaceSnapshots` in one transaction. */
  replaceSnapshotsMany(
    entries: Array<{
      entityRef: string;
      rows: SnapshotRow[];
      fromWeek: number;
    }>,
  ): Promise<void>;
  readSnapshots(
    entityRefs: string[],
    fromWeek: number,
    toWeek: number,
  ): Promise<SnapshotRow[]>;
  /**
   * How many times each entity's snapshots were rewritten (absent: never), so
   * a reader can tell whether what it computed from them earlier is current.
   */
  snapshotVersions(entityRefs: string[]): Promise<Map<string, number>>;
  /**
   * Entities with snapshots whose stored scorecard is missing or not current
   * for the given weeks and configuration, in ref order after `after`.
   */
  listUnrenderedEntities(
    firstWeek: number,
    endWeek: number,
    configKey: string,
    after: string,
    limit: number,
  ): Promise<string[]>;
  /** Stores rendered scorecards, one per entity (replacing the entity's previous one). */
  writeScorecardDocuments(documents: ScorecardDocument[]): Promise<void>;
  /**
   * The gzip-compressed JSON of an entity's rendered scorecard for the given weeks and
   * configuration, only while it was rendered from the entity's current
   * snapshots (its version is the entity's snapshot version).
   */
  readScorecardDocument(
    entityRef: string,
    firstWeek: number,
    endWeek: number,
    configKey: string,
  ): Promise<Buffer | undefined>;
}

/** An entity's scorecard of one window as gzip-compressed JSON, and what it was rendered from. */
export interface ScorecardDocument {
  entityRef: string;
  firstWeek: number;
  endWeek: number;
  /** The entity's snapshot version that the scorecard was rendered from. */
  version: number;
  /** A digest of the configuration that shaped it (aggregation, series length, plugin version). */
  configKey: string;
  gzip: Buffer;
  renderedAt: number;
}
