/**
 * GitHub REST payloads → normalized quality events. Pure: the same source and
 * ids as the plugin's webhook mapper, so a webhook and a sync that see the
 * same pull request or deployment store it once.
 */
import {
  classifyIssueLabels,
  IssueLabelRules,
  rootCauseSha,
  severityFromLabels,
} from '@shewhart/plugin-quality-scorecard-node';
import type {
  BugEvent,
  DeploymentEvent,
  IncidentEvent,
  PullRequestEvent,
  ReviewState,
} from '@shewhart/plugin-quality-scorecard-common';

export const SOURCE = 'github';

type Json = Record<string, any>;

/** Must equal the webhook mapper's `pullRequestExternalId`. */
export function pullRequestId(repository: string, number: number): string {
  return `${repository.toLowerCase()}#${number}`;
}

/** Must equal the webhook mapper's deployment id. */
export function deploymentId(repository: string, id: number | string): string {
  return `${repository.toLowerCase()}/deployments/${id}`;
}

export function workflowRunId(repository: string, id: number | string): string {
  return `${repository.toLowerCase()}/actions/runs/${id}`;
}

export function issueId(repository: string, number: number): string {
  return `${repository.toLowerCase()}/issues/${number}`;
}

const login = (user: Json | null | undefined): string | null =>
  user?.login ?? null;

const isBotUser = (user: Json | null | undefined) =>
  user?.type === 'Bot' || String(user?.login ?? '').endsWith('[bot]');

/**
 * AI agent accounts without a `[bot]` suffix (Copilot's coding agent is the
 * user `Copilot`); the rest of the detector's default agent accounts are
 * `[bot]` accounts.
 */
const AGENT_LOGINS = new Set(['copilot']);

const isAutomationUser = (user: Json | null | undefined) =>
  isBotUser(user) || AGENT_LOGINS.has(String(user?.login ?? '').toLowerCase());

/**
 * The human who started an agent's PR: its first assignee that is a person.
 * Copilot's coding agent lists itself among the assignees (often first),
 * next to the person who assigned it the issue. Null when the author is a
 * person or no assignee is.
 */
export function startedBy(pr: Json): string | null {
  if (!isAutomationUser(pr.user) || !Array.isArray(pr.assignees)) {
    return null;
  }
  return login(
    pr.assignees.find((a: Json) => a?.login && !isAutomationUser(a)),
  );
}

/** GitHub's revert PR body: "Reverts owner/repo#12". */
export function revertedPullRequest(
  body: string | null | undefined,
): number | null {
  const match = /^Reverts [\w.-]+\/[\w.-]+#(\d+)/m.exec(body ?? '');
  return match ? Number(match[1]) : null;
}

const REVIEW_STATES: ReviewState[] = [
  'APPROVED',
  'CHANGES_REQUESTED',
  'COMMENTED',
  'DISMISSED',
];

/**
 * When a draft was last marked ready for review, from the issue timeline
 * (GET /issues/{n}/timeline: `ready_for_review` events); undefined for a PR
 * that never was a draft.
 */
export function readyForReviewAt(timeline: Json[]): string | undefined {
  let latest: string | undefined;
  for (const item of timeline) {
    if (item?.event !== 'ready_for_review' || !item.created_at) continue;
    const at = new Date(item.created_at).toISOString();
    if (!latest || at > latest) latest = at;
  }
  return latest;
}

/**
 * A pull request from GET /pulls/{n} (detail: line counts, merged_by) with
 * its commits, reviews, files and issue timeline.
 */
export function pullRequestEvent(
  repository: string,
  pr: Json,
  commits: Json[],
  reviews: Json[],
  files: Json[],
  timeline: Json[] = [],
): PullRequestEvent {
  const ready = readyForReviewAt(timeline);
  return {
    ...(ready ? { readyForReviewAt: ready } : {}),
    type: 'pull_request',
    source: SOURCE,
    id: pullRequestId(repository, pr.number),
    repository,
    number: pr.number,
    title: pr.title ?? '',
    author: login(pr.user) ?? 'unknown',
    url: pr.html_url ?? '',
    createdAt: pr.created_at,
    mergedAt: pr.merged_at ?? null,
    closedAt: pr.closed_at ?? null,
    additions: pr.additions ?? 0,
    deletions: pr.deletions ?? 0,
    changedFiles: pr.changed_files ?? files.length,
    labels: (pr.labels ?? []).map((l: Json) => String(l.name)),
    files: files.map(f => String(f.filename)),
    body: pr.body ?? null,
    mergeCommitSha: pr.merged_at ? pr.merge_commit_sha ?? null : null,
    mergedBy: login(pr.merged_by),
    reverts: revertedPullRequest(pr.body),
    headRef: pr.head?.ref ?? null,
    // An agent's PR (author is a bot) is started by the human it is assigned to.
    startedBy: startedBy(pr),
    commits: commits
      .map(c => ({
        sha: String(c.sha),
        authoredAt: new Date(
          c.commit?.author?.date ?? c.commit?.committer?.date,
        ).toISOString(),
        // A rebase or amend keeps the author date and moves this one.
        committedAt: c.commit?.committer?.date
          ? new Date(c.commit.committer.date).toISOString()
          : null,
        message: String(c.commit?.message ?? ''),
      }))
      .sort((a, b) => a.authoredAt.localeCompare(b.authoredAt)),
    reviews: reviews
      // Pending reviews are drafts only their author sees.
      .filter(r => REVIEW_STATES.includes(r.state) && r.submitted_at)
      .map(r => ({
        reviewer: login(r.user) ?? 'unknown',
        state: r.state as ReviewState,
        submittedAt: new Date(r.submitted_at).toISOString(),
        isBot: isBotUser(r.user),
      })),
  };
}

const TERMINAL_STATES = ['success', 'failure', 'error'];

/**
 * A deployment from its newest terminal status (statuses come newest first);
 * undefined while it has none.
 */
export function deploymentEvent(
  repository: string,
  deployment: Json,
  statuses: Json[],
): DeploymentEvent | undefined {
  const status = statuses.find(s => TERMINAL_STATES.includes(s.state));
  if (!status) {
    return undefined;
  }
  return {
    type: 'deployment',
    source: SOURCE,
    id: deploymentId(repository, deployment.id),
    repository,
    environment: String(
      status.environment ?? deployment.environment ?? 'production',
    ),
    status: status.state === 'success' ? 'success' : 'failure',
    startedAt: deployment.created_at ?? null,
    finishedAt: status.updated_at ?? status.created_at,
    commitSha: deployment.sha ?? null,
  };
}

/** A successful GitHub Actions run of a deployment workflow. */
export function workflowRunDeploymentEvent(
  repository: string,
  run: Json,
  environment: string,
): DeploymentEvent {
  return {
    type: 'deployment',
    source: SOURCE,
    id: workflowRunId(repository, run.id),
    repository,
    environment,
    status: 'success',
    startedAt: run.run_started_at ?? run.created_at ?? null,
    finishedAt: run.updated_at,
    commitSha: run.head_sha ?? null,
  };
}

export { rootCauseSha, severityFromLabels };

export type IssueKind = 'incident' | 'bug';

/** Incident when it has an incident label, else bug when it has a bug label. */
export function classifyIssue(
  issue: Json,
  labels: IssueLabelRules,
): IssueKind | undefined {
  if (issue.pull_request) {
    return undefined;
  }
  const names = (issue.labels ?? []).map((l: Json | string) =>
    typeof l === 'string' ? l : String(l.name),
  );
  return classifyIssueLabels(names, labels);
}

export function issueEvent(
  repository: string,
  issue: Json,
  kind: IssueKind,
  causedByPullRequest: number | undefined,
): IncidentEvent | BugEvent {
  const common = {
    source: SOURCE,
    id: issueId(repository, issue.number),
    repository,
    title: issue.title ?? '',
    createdAt: issue.created_at,
    url: issue.html_url ?? null,
  };
  const closedAt = issue.state === 'closed' ? issue.closed_at ?? null : null;
  if (kind === 'incident') {
    return {
      ...common,
      type: 'incident',
      resolvedAt: closedAt,
      severity: severityFromLabels(
        (issue.labels ?? []).map((l: Json | string) =>
          typeof l === 'string' ? l : String(l.name),
        ),
      ),
      causedBy: causedByPullRequest
        ? { pullRequest: causedByPullRequest }
        : null,
    };
  }
  return {
    ...common,
    type: 'bug',
    closedAt,
    introducedBy: causedByPullRequest
      ? { pullRequest: causedByPullRequest }
      : null,
    // As the webhook route maps it: the same columns from both paths.
    severity: severityFromLabels(
      (issue.labels ?? []).map((l: Json | string) =>
        typeof l === 'string' ? l : String(l.name),
      ),
    ),
  };
}
