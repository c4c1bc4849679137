import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import type {
  PolicyCommit,
  PolicyReview,
} from '@shewhart/plugin-quality-scorecard-node';

/** An event with its resolved catalog entity (null: unattributed). */
export type AttributedEvent = QualityEvent & {
  resolvedEntityRef: string | null;
};

export interface WriteResult {
  accepted: number;
  duplicates: number;
  unattributed: number;
}

export interface RawDelivery {
  id: number;
  source: string;
  deliveryId: string;
  eventName: string;
  receivedAt: number;
  payload: string;
  /** Failed attempts since it was last processed. */
  attempts?: number;
}

/** A delivery set aside for good: its payload cannot be mapped, or every attempt failed. */
export interface FailedDelivery {
  id: number;
  source: string;
  deliveryId: string;
  eventName: string;
  receivedAt: number;
  failedAt: number;
  attempts: number;
  error: string;
}

/** What an operator sees of the raw log: deliveries waiting for a retry, and failed ones. */
export interface DeliveryCounts {
  retrying: number;
  failed: number;
}

/** The status of an incident (PagerDuty's; a reopened incident is triggered again). */
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** Normalized rows of one entity, with times as epoch milliseconds. */
export interface StoredPullRequest {
  id: string;
  number: number;
  title: string;
  author: string;
  url: string;
  repository: string | null;
  createdAt: number;
  mergedAt: number | null;
  closedAt: number | null;
  additions: number;
  deletions: number;
  changedFiles: number;
  labels: string[];
  files: string[] | null;
  body: string | null;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  /** The human who started an agent-authored PR, when known. */
  startedBy: string | null;
  reverts: number | null;
  commits: PolicyCommit[];
  reviews: PolicyReview[];
}

export interface StoredDeployment {
  id: string;
  environment: string;
  status: string;
  startedAt: number | null;
  finishedAt: number;
  commitSha: string | null;
  pullRequests: number[] | null;
}

export interface StoredIncident {
  id: string;
  title: string;
  createdAt: number;
  resolvedAt: number | null;
  severity: string | null;
  causedByDeployment: string | null;
  causedByPr: number | null;
}

export interface StoredBug {
  id: string;
  createdAt: number;
  closedAt: number | null;
  introducedByPr: number | null;
}

export interface EntityEvents {
  pullRequests: StoredPullRequest[];
  deployments: StoredDeployment[];
  incidents: StoredIncident[];
  bugs: StoredBug[];
  demo: boolean;
}

export interface UnattributedSummary {
  type: string;
  repository: string | null;
  pagerDutyServiceId: string | null;
  count: number;
}

export interface SnapshotRow {
  entityRef: string;
  weekStart: number;
  stats: string;
  demo: boolean;
  computedAt: number;
}
