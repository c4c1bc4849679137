import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { secretFingerprint } from './secrets';
import type {
  IncidentEvent,
  PullRequestEvent,
  QualityEvent,
} from '@shewhart/plugin-quality-scorecard-common';

/**
 * A webhook request as a source sees it: the raw bytes (signatures cover
 * them) and its headers.
 * @public
 */
export interface QualityWebhookRequest {
  rawBody: Buffer;
  /** A request header by name, case-insensitive; undefined when absent. */
  header(name: string): string | undefined;
  /**
   * A query parameter of the URL by name (its first value); undefined when
   * absent. For senders that cannot add a header (Jira Data Center): a
   * secret in the URL ends up in access logs, so prefer a header or a
   * signature where the sender offers one.
   */
  query(name: string): string | undefined;
  /**
   * The body parsed as a JSON object; throws an `InputError` (400) when it is
   * not one. Call it after the signature is verified.
   */
  json(): JsonObject;
}

/**
 * What a source says of a verified request: the id the sender gives this
 * delivery (stable across retries: the plugin stores each id once) and the
 * name of its event.
 * @public
 */
export interface QualityWebhookDelivery {
  deliveryId: string;
  eventName: string;
  /**
   * Which configured secret verified the request, stored with the raw
   * delivery so that operators see when an old secret stops being used
   * (`GET /admin/webhook-secrets`). Absent for sources that do not say.
   */
  verifiedBy?: QualityWebhookSecret;
}

/**
 * A configured secret (or token) of a webhook source, named without being
 * revealed.
 * @public
 */
export interface QualityWebhookSecret {
  /**
   * The config key of the list it is in (`qualityScorecard.gitlab.webhookSecrets`):
   * a source may have several (Jira's `webhookTokens` beside `webhookSecrets`).
   */
  list?: string;
  /** Its position in that list (0-based), as configured now. */
  position: number;
  /** `secretFingerprint(secret)`: 8 hex digits. */
  fingerprint: string;
}

/**
 * The configured secrets of a list as a source reports them: entry `i` is
 * the secret at position `i`, so that `verifiedBy` of a delivery is
 * `described[secretMatchIndex(...)]` (undefined for -1).
 * @public
 */
export function describeWebhookSecrets(
  secrets: Array<string | Buffer>,
  list?: string,
): QualityWebhookSecret[] {
  return secrets.map((secret, position) => ({
    ...(list ? { list } : {}),
    position,
    fingerprint: secretFingerprint(secret),
  }));
}

/**
 * What a source may read and write while it maps a delivery: what earlier
 * deliveries stored, for events that arrive in parts (reviews apart from the
 * pull request, status changes of an incident).
 * @public
 */
export interface QualityWebhookStore {
  getPullRequest(
    source: string,
    externalId: string,
  ): Promise<PullRequestEvent | undefined>;
  getIncident(
    source: string,
    externalId: string,
  ): Promise<
    | (IncidentEvent & {
        /** When the stored status was reached (epoch ms). */
        statusAt?: number;
        status?: 'triggered' | 'acknowledged' | 'resolved';
      })
    | undefined
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
  /**
   * The number of the merged pull request of a repository (or GitLab
   * project path) whose merge commit or one of whose commits starts with
   * `sha` (7–40 hex digits); undefined when none is stored.
   */
  findPullRequestByCommit(
    source: string,
    repository: string,
    sha: string,
  ): Promise<number | undefined>;
  /**
   * Removes an incident or bug the source says is gone (deleted, or no longer
   * an incident or bug); its entity is recomputed. False when none was stored.
   * `at`: when it was removed by the source's clock (epoch ms), kept even when
   * nothing was stored, so that a delivery from before can be told stale
   * (`deletedAt`).
   */
  deleteEvent(
    type: 'incident' | 'bug',
    source: string,
    externalId: string,
    at?: number,
  ): Promise<boolean>;
  /** When the source last removed it (epoch ms, its own clock); undefined when never. */
  deletedAt(
    type: 'incident' | 'bug',
    source: string,
    externalId: string,
  ): Promise<number | undefined>;
}

/**
 * A sender of signed webhooks (GitHub, PagerDuty, GitLab, …). The plugin
 * mounts it at `POST /api/quality-scorecard/webhooks/<id>`, calls `accept` to
 * verify the request, stores the raw delivery before it answers (idempotent
 * on the delivery id), then calls `map` — at once, and again after a crash or
 * a failure that may pass, or on a replay — to turn it into events.
 * @public
 */
export interface QualityWebhookSource {
  /** The route segment and the `source` of stored deliveries: lower-case letters, digits and dashes. */
  id: string;
  /**
   * Verifies a request and names its delivery. Throws an
   * `AuthenticationError` (401) when the signature or token does not verify
   * and an `InputError` (400, naming the header or field) when the delivery
   * cannot be named. Nothing is stored when it throws.
   */
  accept(request: QualityWebhookRequest): Promise<QualityWebhookDelivery>;
  /**
   * The secrets it verifies with now, by fingerprint, for operators rotating
   * them (`GET /admin/webhook-secrets`); `verifiedBy` of accepted deliveries
   * names one of them.
   */
  secretFingerprints?(): QualityWebhookSecret[];
  /**
   * Deliveries with the same key are mapped one after another, in this
   * instance and across instances (mapping reads and writes back what is
   * stored). Default: the source id (all its deliveries in turn).
   */
  serializationKey?(payload: JsonObject): string;
  /**
   * Maps a stored delivery onto events; `[]` when it carries none. An
   * `InputError` marks the delivery failed for good (kept for replay); any
   * other error is retried.
   */
  map(
    delivery: QualityWebhookDelivery & { payload: JsonObject },
    store: QualityWebhookStore,
  ): Promise<QualityEvent[]>;
}

/** @public */
export interface QualityScorecardWebhookSourcesExtensionPoint {
  addWebhookSource(source: QualityWebhookSource): void;
}

/**
 * Lets backend modules receive signed webhooks through the plugin, which
 * stores each raw delivery first and retries, replays and reports them.
 * @public
 */
export const qualityScorecardWebhookSourcesExtensionPoint =
  createExtensionPoint<QualityScorecardWebhookSourcesExtensionPoint>({
    id: 'quality-scorecard.webhook-sources',
  });
