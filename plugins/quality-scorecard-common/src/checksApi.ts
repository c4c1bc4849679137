import type {
  CheckDefinitionInfo,
  CheckStatus,
  EntityChecksResponse,
  Exemption,
  ExemptionStatus,
  LevelDistribution,
  LevelInfo,
} from './api';

/*
 * Request and response bodies of the checks and exemptions routes
 * (plugins/quality-scorecard-backend/src/checks/checksRoutes.ts). The
 * backend's handlers and the frontend's client both use these, so the two
 * cannot drift apart.
 */

/**
 * `GET /checks`: the configured checks and levels.
 * @public
 */
export interface CheckDefinitionsResponse {
  checks: CheckDefinitionInfo[];
  /** Lowest first. */
  levels: LevelInfo[];
  /** The window, in days ending at evaluation time, that checks read. */
  windowDays: number;
}

/**
 * One change of one check's status for an entity, as evaluated (before
 * exemptions, so never `exempt`).
 * @public
 */
export interface CheckHistoryEntry {
  checkId: string;
  status: Exclude<CheckStatus, 'exempt'>;
  /** The metric's value at that evaluation; null without one. */
  value: number | null;
  /** ISO date-time of the evaluation. */
  at: string;
}

/**
 * `GET /checks/entity/{kind}/{namespace}/{name}`: the entity's results and
 * the history of their status changes.
 * @public
 */
export type EntityChecksWithHistory = EntityChecksResponse & {
  /** Newest first; at most the 200 latest changes. */
  history: CheckHistoryEntry[];
};

/**
 * `GET /checks/overview`: the level distribution of every group.
 * @public
 */
export interface ChecksOverviewResponse {
  groups: LevelDistribution[];
}

/**
 * Query of `GET /exemptions`.
 * @public
 */
export interface ExemptionListFilter {
  status?: ExemptionStatus;
  /** Only the exemptions of this entity. */
  entityRef?: string;
}

/**
 * `GET /exemptions`.
 * @public
 */
export interface ExemptionListResponse {
  items: Exemption[];
}

/**
 * Body of `POST /exemptions` (answered 201 with the new `Exemption`).
 * @public
 */
export interface ExemptionRequest {
  entityRef: string;
  /** The id of a configured check. */
  checkId: string;
  /** At least 10 characters (after trimming), at most 2,000. */
  reason: string;
  /** ISO date-time with an offset; in the future, at most a year ahead. */
  expiresAt: string;
}

/**
 * What `POST /exemptions/{id}/{decision}` does: approve or deny a pending
 * exemption, or revoke an approved one.
 * @public
 */
export type ExemptionDecision = 'approve' | 'deny' | 'revoke';

/**
 * Body of `POST /exemptions/{id}/{decision}` (answered with the updated
 * `Exemption`).
 * @public
 */
export interface ExemptionDecisionRequest {
  /** At most 2,000 characters; kept in the audit trail. */
  note?: string;
}
