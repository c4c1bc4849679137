/**
 * The ingestion contract (POST /events), as in shared/API.md.
 */

/** @public */
export type ReviewState =
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'COMMENTED'
  | 'DISMISSED';

/** @public */
export interface EventLocator {
  /** Catalog entity ref, e.g. `component:default/payments`. */
  entityRef?: string;
  /** `owner/name`, matched to the `github.com/project-slug` annotation. */
  repository?: string;
  /** Matched to the `pagerduty.com/service-id` annotation. */
  pagerDutyServiceId?: string;
  /**
   * v1.1: a GitLab project's path with its namespace (`group/subgroup/project`),
   * matched to the `gitlab.com/project-slug` annotation.
   */
  gitlabProject?: string;
  /**
   * v1.1: the GitLab host of `gitlabProject` (`gitlab.example.com`), matched to
   * the `gitlab.com/instance` annotation where entities carry one.
   */
  gitlabInstance?: string;
  /**
   * v1.1: keys a module's locator matches to entities by the annotations of
   * its source (`jira:PROJ/component:payments`, `opsgenie:team:payments`),
   * most specific first; the first key an entity answers to wins.
   */
  locators?: string[];
}

/** @public */
export interface EventBase extends EventLocator {
  id: string;
  source: string;
}

/** @public */
export interface PullRequestCommit {
  sha: string;
  /** The git author date: kept when the commit is rebased or amended. */
  authoredAt: string;
  /**
   * The git committer date, when the source reports it: a rebase, amend or
   * cherry-pick moves it. Tells whether a commit changed after a review.
   */
  committedAt?: string | null;
  message: string;
}

/** @public */
export interface PullRequestReview {
  reviewer: string;
  state: ReviewState;
  submittedAt: string;
  isBot?: boolean;
}

/** @public */
export interface PullRequestEvent extends EventBase {
  type: 'pull_request';
  number: number;
  title: string;
  author: string;
  url: string;
  createdAt: string;
  mergedAt?: string | null;
  closedAt?: string | null;
  additions: number;
  deletions: number;
  changedFiles: number;
  labels: string[];
  files?: string[];
  body?: string | null;
  commits: PullRequestCommit[];
  reviews: PullRequestReview[];
  mergeCommitSha?: string | null;
  mergedBy?: string | null;
  reverts?: number | null;
  /** Source branch of the PR; joins commits seen in push deliveries. */
  headRef?: string | null;
  /**
   * When an AI agent authored the PR: the human who started it (for example
   * the assignee of Copilot's coding agent). Their approval does not count as
   * an independent review.
   */
  startedBy?: string | null;
  /**
   * v1.1: when a draft PR was marked ready for review (the latest time, when
   * it went back to draft and out again); absent for a PR never a draft.
   * Pickup time counts from here.
   */
  readyForReviewAt?: string | null;
}

/** @public */
export interface DeploymentEvent extends EventBase {
  type: 'deployment';
  environment: string;
  status: 'success' | 'failure';
  startedAt?: string | null;
  finishedAt: string;
  commitSha?: string | null;
  pullRequests?: number[];
  /**
   * v1.1: true when the deployment was unplanned, made to fix a problem in
   * production (a hotfix, a rollback); false when it was planned whatever the
   * PRs it ships say. Absent: decided from its PRs (docs/metrics.md).
   */
  unplanned?: boolean | null;
}

/** @public */
export interface IncidentEvent extends EventBase {
  type: 'incident';
  title: string;
  createdAt: string;
  resolvedAt?: string | null;
  severity?: string | null;
  causedBy?: { deploymentId?: string; pullRequest?: number } | null;
  url?: string | null;
}

/** @public */
export interface BugEvent extends EventBase {
  type: 'bug';
  title: string;
  createdAt: string;
  closedAt?: string | null;
  introducedBy?: { pullRequest: number } | null;
  url?: string | null;
  /** v1.1: the bug's severity or priority as its tracker names it. */
  severity?: string | null;
}

/** @public */
export type QualityEvent =
  | PullRequestEvent
  | DeploymentEvent
  | IncidentEvent
  | BugEvent;

/** @public */
export type QualityEventType = QualityEvent['type'];

/** @public */
export const EVENT_TYPES: ReadonlyArray<QualityEventType> = [
  'pull_request',
  'deployment',
  'incident',
  'bug',
];

/** @public */
export const MAX_EVENTS_PER_REQUEST = 5000;

/** @public */
export interface IngestRequest {
  events: QualityEvent[];
}

/** @public */
export interface IngestResponse {
  accepted: number;
  duplicates: number;
  unattributed: number;
}
