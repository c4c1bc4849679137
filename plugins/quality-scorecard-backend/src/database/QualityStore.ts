import type { QualityWebhookStore } from '@shewhart/plugin-quality-scorecard-node';
import type { EntityEventRows } from './entityEventRows';
import type { AnnotationIndex } from '../ingest/annotationIndex';
import type {
  AttributedEvent,
  DeliveryCounts,
  DeliverySecretUsage,
  EntityEvents,
  FailedDelivery,
  RawDelivery,
  SnapshotRow,
  UnattributedSummary,
  WriteResult,
} from './types';

/** Persistence of the quality scorecard: raw deliveries, events, snapshots. */
export interface QualityStore extends QualityWebhookStore {
  /** Appends a raw webhook delivery; `duplicate` when its id was seen before. */
  insertRawDelivery(delivery: {
    source: string;
    deliveryId: string;
    eventName: string;
    payload: string;
    receivedAt: number;
    /** Which configured secret verified it (`QualityWebhookDelivery.verifiedBy`). */
    secret?: { position: number; fingerprint: string };
  }): Promise<{ id: number; duplicate: boolean }>;
  /**
   * Per source and secret fingerprint: the stored deliveries it verified
   * received at or after `since`, and the latest it verified at all.
   */
  countDeliveriesBySecret(options: {
    since: number;
  }): Promise<DeliverySecretUsage[]>;
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

  // getPullRequest, getIncident, findOpenPullRequestsByHeadRef, addPushCommits
  // and listPushCommits: QualityWebhookStore, what webhook sources read.

  listUnattributed(): Promise<UnattributedSummary[]>;
  /** Attributes stored unattributed events whose locator now matches. */
  attribute(options: AnnotationIndex & { now: number }): Promise<number>;

  countEvents(): Promise<Record<string, number>>;

  loadEntityEvents(entityRef: string, since: number): Promise<EntityEvents>;
  /**
   * The same events as JSON text, one JSON array of rows per event type
   * (`eventsFromRows` maps them): text crosses to a worker thread cheaply,
   * objects do not.
   */
  loadEntityEventRows(
    entityRef: string,
    since: number,
  ): Promise<EntityEventRows>;
  listEntityRefs(): Promise<string[]>;

  markDirty(
    entityRefs: Array<{ entityRef: string; since: number }>,
    now: number,
  ): Promise<void>;
  /** Takes up to `limit` dirty entities; they stay dirty until `clearDirty`. */
  listDirty(
    limit: number,
  ): Promise<Array<{ entityRef: string; since: number; markedAt: number }>>;
  /**
   * Claims up to `limit` dirty entities that no live claim holds (oldest
   * marks first) for `claimant` until `now + leaseMs`: several backend
   * instances share a recompute this way, and a dead instance's claims lapse.
   * The entities stay dirty until `clearDirty`.
   */
  claimDirty(options: {
    limit: number;
    claimant: string;
    now: number;
    leaseMs: number;
  }): Promise<Array<{ entityRef: string; since: number; markedAt: number }>>;
  /** Gives `claimant`'s claims on these entities back (marks that stay dirty). */
  releaseClaims(entityRefs: string[], claimant: string): Promise<void>;
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
  /**
   * Rewrites entities' snapshots from `fromWeek` on, bumping each one's
   * version, in one transaction. With a `document`, the entity's scorecard
   * rendered from these rows is stored in the same transaction, with the new
   * version, unless another writer changed the entity since the version the
   * document was based on.
   */
  replaceSnapshotsMany(
    entries: Array<{
      entityRef: string;
      rows: SnapshotRow[];
      fromWeek: number;
      document?: PendingScorecardDocument;
    }>,
    options?: { claimant?: string },
  ): Promise<string[]>;
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

/** A scorecard rendered from snapshots not yet stored, and the version it read the older weeks at (0: none). */
export type PendingScorecardDocument = Omit<
  ScorecardDocument,
  'entityRef' | 'version'
> & { basedOnVersion: number };

/** The raw delivery log: every webhook delivery as it arrived, its processing and failures. */
export type DeliveryStore = Pick<
  QualityStore,
  | 'insertRawDelivery'
  | 'countDeliveriesBySecret'
  | 'markDeliveryProcessed'
  | 'recordDeliveryFailure'
  | 'listFailedDeliveries'
  | 'countDeliveryProblems'
  | 'listUnprocessedDeliveries'
  | 'listDeliveries'
>;

/** Normalized events and pushed commits: idempotent writes, lookups, an entity's history. */
export type EventStore = Pick<
  QualityStore,
  'writeEvents' | 'countEvents' | 'loadEntityEvents' | 'loadEntityEventRows'
>;

/** What webhook sources read and write while they map a delivery. */
export type WebhookLookupStore = Pick<
  QualityStore,
  | 'getPullRequest'
  | 'getIncident'
  | 'findOpenPullRequestsByHeadRef'
  | 'addPushCommits'
  | 'listPushCommits'
  | 'findPullRequestByCommit'
  | 'deleteEvent'
  | 'deletedAt'
>;

/** Which catalog entity each stored event belongs to. */
export type AttributionStore = Pick<
  QualityStore,
  'listUnattributed' | 'attribute' | 'listEntityRefs'
>;

/** The entities whose snapshots wait for a recompute. */
export type DirtyMarkStore = Pick<
  QualityStore,
  | 'markDirty'
  | 'listDirty'
  | 'claimDirty'
  | 'releaseClaims'
  | 'clearDirty'
  | 'clearDirtyMany'
>;

/** Weekly snapshots, their versions, and the stored scorecard documents. */
export type SnapshotStore = Pick<
  QualityStore,
  | 'replaceSnapshots'
  | 'replaceSnapshotsMany'
  | 'snapshotVersions'
  | 'readSnapshots'
  | 'listUnrenderedEntities'
  | 'writeScorecardDocuments'
  | 'readScorecardDocument'
>;
