/*
 * The engine's model: the stored events it computes from and the weekly
 * snapshots it writes. The stores map rows to these types; the engine never
 * sees a table.
 */
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import type { PolicyPullRequest } from '@shewhart/plugin-quality-scorecard-node';

/** An event with its resolved catalog entity (null: unattributed). */
export type AttributedEvent = QualityEvent & {
  resolvedEntityRef: string | null;
  /** Every entity of an event of a shared repository, when more than one (the first is resolvedEntityRef). */
  entityRefs?: string[];
};

/** Set on an event that belongs to several entities: an owner's roll-up counts it once (engine/sharedEvents.ts). */
export interface SharedEvent {
  sharedKey?: string;
}

/** The status of an incident (PagerDuty's; a reopened incident is triggered again). */
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/**
 * A stored pull request: what policy rules see (the -node package's
 * PolicyPullRequest, the public contract) and what only the engine reads.
 * Rows of one entity, with times as epoch milliseconds.
 */
export interface StoredPullRequest extends PolicyPullRequest, SharedEvent {
  id: string;
  repository: string | null;
  closedAt: number | null;
  mergeCommitSha: string | null;
  /** The number of the PR this one reverts, when it is a revert. */
  reverts: number | null;
  /** Source branch (rework signals match it). */
  headRef?: string | null;
  /** When a draft was marked ready for review; null: never a draft, or unknown. */
  readyForReviewAt?: number | null;
}

export interface StoredDeployment extends SharedEvent {
  id: string;
  environment: string;
  status: string;
  startedAt: number | null;
  finishedAt: number;
  commitSha: string | null;
  pullRequests: number[] | null;
  /** The source's word on whether it was unplanned (rework); null: decide from its PRs. */
  unplanned?: boolean | null;
}

export interface StoredIncident extends SharedEvent {
  id: string;
  title: string;
  createdAt: number;
  resolvedAt: number | null;
  severity: string | null;
  causedByDeployment: string | null;
  causedByPr: number | null;
}

export interface StoredBug extends SharedEvent {
  id: string;
  createdAt: number;
  closedAt: number | null;
  introducedByPr: number | null;
  severity?: string | null;
}

export interface EntityEvents {
  pullRequests: StoredPullRequest[];
  deployments: StoredDeployment[];
  incidents: StoredIncident[];
  bugs: StoredBug[];
  demo: boolean;
}

/** One entity's statistics of one week, as stored (`stats` is WeekStats as JSON). */
export interface SnapshotRow {
  entityRef: string;
  weekStart: number;
  stats: string;
  demo: boolean;
  computedAt: number;
}
