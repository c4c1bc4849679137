/*
 * GitLab REST v4 objects → the plugin's events. Pure: the ids, locators,
 * times and rules of ../mapping/common, shared with the webhooks, so that a
 * hook and the sync that see one merge request, deployment or issue store it
 * once.
 */
import type {
  BugEvent,
  DeploymentEvent,
  IncidentEvent,
  PullRequestCommit,
  PullRequestEvent,
  PullRequestReview,
} from '@shewhart/plugin-quality-scorecard-common';
import type { GitlabIssueRules } from '../config';
import {
  deploymentEnvironment,
  deploymentId,
  GitlabProject,
  gitlabTime,
  issueClass,
  issueId,
  locatorOf,
  mergeRequestId,
  REVERTS_MR,
  review,
  SOURCE,
  withReview,
} from '../mapping/common';

type Json = Record<string, any>;

/** What the sync reads of one merge request. */
export interface MergeRequestReads {
  /** The merge request as `GET /projects/:id/merge_requests` lists it. */
  mergeRequest: Json;
  /** `GET …/merge_requests/:iid/commits`. */
  commits: Json[];
  /** `GET …/merge_requests/:iid/diffs`. */
  diffs: Json[];
  /** `GET …/merge_requests/:iid/notes?sort=asc`. */
  notes: Json[];
  /** `GET …/merge_requests/:iid/approvals`. */
  approvals: Json | null;
}

const username = (user: Json | null | undefined): string | null =>
  typeof user?.username === 'string' ? user.username : null;

/** Added and removed lines of a unified diff, without its `---`/`+++` file headers. */
export function diffLineCounts(diff: string): {
  additions: number;
  deletions: number;
} {
  let additions = 0;
  let deletions = 0;
  for (const line of diff.split('\n')) {
    if (/^(\+\+\+|---) (a\/|b\/|\/dev\/null)/.test(line)) continue;
    if (line.startsWith('+')) additions += 1;
    else if (line.startsWith('-')) deletions += 1;
  }
  return { additions, deletions };
}

/** Lines and files of a merge request's diffs (a too-large diff has no text: 0 lines). */
export function diffStats(diffs: Json[]) {
  let additions = 0;
  let deletions = 0;
  for (const d of diffs) {
    const counts = diffLineCounts(String(d.diff ?? ''));
    additions += counts.additions;
    deletions += counts.deletions;
  }
  return {
    additions,
    deletions,
    changedFiles: diffs.length,
    files: diffs.map(d => String(d.new_path ?? d.old_path)),
  };
}

const APPROVED_NOTE = /^approved this merge request\b/;
const UNAPPROVED_NOTE = /^unapproved this merge request\b/;
/** Today's wording, and the one before drafts were called drafts. */
const READY_NOTE =
  /^(marked this merge request as \*\*ready\*\*|unmarked as a \*\*Work In Progress\*\*)/;

/**
 * Reviews from the notes: approval system notes are APPROVED, unapproval
 * ones DISMISSED, comments by anyone but the author COMMENTED; and when a
 * draft was last marked ready.
 */
export function reviewsFromNotes(
  author: string,
  notes: Json[],
): { reviews: PullRequestReview[]; readyForReviewAt: string | null } {
  let reviews: PullRequestReview[] = [];
  let readyForReviewAt: string | null = null;
  for (const note of notes) {
    const by = username(note.author);
    const at = gitlabTime(note.created_at);
    if (!by || !at) continue;
    const body = String(note.body ?? '').trim();
    if (note.system) {
      if (APPROVED_NOTE.test(body)) {
        reviews = withReview(reviews, review(by, 'APPROVED', at));
      } else if (UNAPPROVED_NOTE.test(body)) {
        reviews = withReview(reviews, review(by, 'DISMISSED', at));
      } else if (
        READY_NOTE.test(body) &&
        (!readyForReviewAt || at > readyForReviewAt)
      ) {
        readyForReviewAt = at;
      }
    } else if (by !== author) {
      reviews = withReview(reviews, review(by, 'COMMENTED', at));
    }
  }
  return { reviews, readyForReviewAt };
}

/**
 * Current approvers (the approvals API) count as reviews even where no note
 * tells of their approval: approval notes can be missing (approvals given on
 * a GitLab before it wrote them, imported merge requests, notes deleted or
 * beyond the pages read). A current approver whose latest review in the notes
 * is not an approval gets one at the merge request's `updated_at`, the
 * latest time the approval can have been given, as a fallback.
 */
export function withCurrentApprovals(
  reviews: PullRequestReview[],
  approvals: Json | null,
  updatedAt: string,
): PullRequestReview[] {
  let result = reviews;
  const approvers: Json[] = Array.isArray(approvals?.approved_by)
    ? approvals!.approved_by
    : [];
  for (const entry of approvers) {
    const by = username(entry?.user);
    if (!by) continue;
    const latest = [...result].reverse().find(r => r.reviewer === by);
    if (latest?.state !== 'APPROVED') {
      result = withReview(result, review(by, 'APPROVED', updatedAt));
    }
  }
  return result;
}

export function commitOf(commit: Json): PullRequestCommit {
  const authoredAt = gitlabTime(commit.authored_date)!;
  return {
    sha: String(commit.id).toLowerCase(),
    authoredAt,
    committedAt: gitlabTime(commit.committed_date) ?? authoredAt,
    message: String(commit.message ?? commit.title ?? ''),
  };
}

const labelNames = (labels: unknown): string[] =>
  Array.isArray(labels)
    ? labels.map(l => (typeof l === 'string' ? l : String(l?.name ?? l?.title)))
    : [];

/** A merge request of any state as a `pull_request` event. */
export function mergeRequestEvent(
  project: GitlabProject,
  reads: MergeRequestReads,
): PullRequestEvent {
  const mr = reads.mergeRequest;
  const author = username(mr.author) ?? `gitlab-user-${mr.author?.id}`;
  const updatedAt = gitlabTime(mr.updated_at)!;
  const merged = mr.state === 'merged';
  const mergedAt = gitlabTime(mr.merged_at) ?? (merged ? updatedAt : null);
  const closedAt =
    gitlabTime(mr.closed_at) ??
    (merged ? mergedAt : null) ??
    (mr.state === 'closed' ? updatedAt : null);
  const fromNotes = reviewsFromNotes(author, reads.notes);
  const revert = REVERTS_MR.exec(String(mr.description ?? ''));
  const commits = reads.commits
    .map(commitOf)
    .sort((a, b) => a.authoredAt.localeCompare(b.authoredAt));
  return {
    type: 'pull_request',
    source: SOURCE,
    id: mergeRequestId(project, mr.iid),
    ...locatorOf(project),
    number: mr.iid,
    title: String(mr.title ?? ''),
    author,
    url: String(mr.web_url ?? ''),
    createdAt: gitlabTime(mr.created_at)!,
    mergedAt,
    closedAt,
    ...diffStats(reads.diffs),
    labels: labelNames(mr.labels),
    body: mr.description ?? null,
    mergeCommitSha: mr.merge_commit_sha ?? mr.squash_commit_sha ?? null,
    mergedBy: username(mr.merge_user) ?? username(mr.merged_by),
    reverts: revert ? Number(revert[1]) : null,
    headRef: mr.source_branch ?? null,
    startedBy: null,
    ...(fromNotes.readyForReviewAt
      ? { readyForReviewAt: fromNotes.readyForReviewAt }
      : {}),
    commits,
    reviews: withCurrentApprovals(
      fromNotes.reviews,
      reads.approvals,
      updatedAt,
    ),
  };
}

/** A finished deployment: `success` or `failed`; running, canceled and others are none. */
export function deploymentEvent(
  project: GitlabProject,
  deployment: Json,
): DeploymentEvent | null {
  const status = deployment.status;
  if (status !== 'success' && status !== 'failed') return null;
  const finishedAt =
    gitlabTime(deployment.finished_at) ?? gitlabTime(deployment.updated_at);
  if (!finishedAt) return null;
  const sha = deployment.sha ?? deployment.deployable?.commit?.id ?? null;
  return {
    type: 'deployment',
    source: SOURCE,
    id: deploymentId(project, deployment.id),
    ...locatorOf(project),
    environment: deploymentEnvironment(
      String(deployment.environment?.name ?? ''),
      deployment.environment?.tier,
    ),
    status: status === 'success' ? 'success' : 'failure',
    // The Deployment Hook carries no start: neither does the sync's event,
    // so a webhook and a sync store the same row.
    startedAt: null,
    finishedAt,
    commitSha: sha ? String(sha).toLowerCase() : null,
  };
}

/** An incident (type incident or an incident label), a bug (a bug label), or neither. */
export function issueEvent(
  project: GitlabProject,
  issue: Json,
  rules: GitlabIssueRules,
): IncidentEvent | BugEvent | null {
  const kind = issueClass(
    {
      issueType: issue.issue_type ?? issue.type?.toLowerCase() ?? null,
      labels: labelNames(issue.labels),
    },
    rules,
  );
  if (!kind) return null;
  const closedAt =
    issue.state === 'closed'
      ? gitlabTime(issue.closed_at) ?? gitlabTime(issue.updated_at)
      : null;
  const common = {
    source: SOURCE,
    id: issueId(project, issue.iid),
    ...locatorOf(project),
    title: String(issue.title ?? ''),
    createdAt: gitlabTime(issue.created_at)!,
    url: issue.web_url ? String(issue.web_url) : null,
  };
  if (kind === 'incident') {
    // As the webhooks read it: lower case, GitLab's `unknown` is none.
    const severity =
      typeof issue.severity === 'string' &&
      issue.severity.toLowerCase() !== 'unknown'
        ? issue.severity.toLowerCase()
        : null;
    return { ...common, type: 'incident', resolvedAt: closedAt, severity };
  }
  return { ...common, type: 'bug', closedAt };
}
