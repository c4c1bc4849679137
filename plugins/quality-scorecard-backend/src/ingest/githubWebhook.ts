import type {
  DeploymentEvent,
  PullRequestEvent,
  QualityEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import type { QualityWebhookStore } from '@shewhart/plugin-quality-scorecard-node';
import { DEFAULT_AI_DETECTION } from '../engine/aiDetection';

/** What one GitHub delivery changes: events to store, and push commits. */
export interface GithubDeliveryEffect {
  events: QualityEvent[];
}

const SOURCE = 'github';

type Json = Record<string, any>;

export function pullRequestExternalId(repository: string, number: number) {
  return `${repository.toLowerCase()}#${number}`;
}

const login = (user: Json | null | undefined): string | undefined =>
  user?.login ?? undefined;

const AGENT_ACCOUNTS = new Set(
  DEFAULT_AI_DETECTION.agentAuthors.map(a => a.toLowerCase()),
);

/** A GitHub App, a `[bot]` account or a known AI agent account (Copilot). */
const isAutomationUser = (user: Json | null | undefined): boolean => {
  const name = String(user?.login ?? '').toLowerCase();
  return (
    user?.type === 'Bot' || name.endsWith('[bot]') || AGENT_ACCOUNTS.has(name)
  );
};

/**
 * The human who started an agent's PR: its first assignee that is a person.
 * Copilot's coding agent lists itself among the assignees (often first),
 * next to the person who assigned it the issue.
 */
export function startedByFromPayload(pr: Json): string | undefined {
  if (!isAutomationUser(pr.user) || !Array.isArray(pr.assignees)) {
    return undefined;
  }
  return login(pr.assignees.find((a: Json) => a?.login && !isAutomationUser(a)));
}

/** The PR fields a pull_request (or review) payload carries. */
function pullRequestFromPayload(
  pr: Json,
  repository: string,
  existing: PullRequestEvent | undefined,
): PullRequestEvent {
  // GitHub does not promise delivery order: a delivery showing the PR open
  // that was sent before the stored close (updated_at earlier) is stale and
  // must not reopen it. A real reopen is updated at or after the close.
  const updatedAt = Date.parse(pr.updated_at ?? '');
  const staleOpen =
    !pr.closed_at &&
    Boolean(existing?.closedAt) &&
    updatedAt < Date.parse(existing?.closedAt ?? '');
  return {
    type: 'pull_request',
    source: SOURCE,
    id: pullRequestExternalId(repository, pr.number),
    repository,
    number: pr.number,
    title: pr.title ?? existing?.title ?? '',
    author: login(pr.user) ?? existing?.author ?? 'unknown',
    url: pr.html_url ?? existing?.url ?? '',
    createdAt: pr.created_at ?? existing?.createdAt,
    mergedAt: pr.merged_at ?? existing?.mergedAt ?? null,
    closedAt: pr.closed_at ?? (staleOpen ? existing?.closedAt : null) ?? null,
    // Review payloads omit the size fields: keep what a PR delivery stored.
    additions: pr.additions ?? existing?.additions ?? 0,
    deletions: pr.deletions ?? existing?.deletions ?? 0,
    changedFiles: pr.changed_files ?? existing?.changedFiles ?? 0,
    labels: Array.isArray(pr.labels)
      ? pr.labels.map((l: Json) => String(l.name))
      : existing?.labels ?? [],
    files: existing?.files,
    body: pr.body ?? existing?.body ?? null,
    mergeCommitSha: pr.merged_at
      ? pr.merge_commit_sha ?? existing?.mergeCommitSha ?? null
      : existing?.mergeCommitSha ?? null,
    mergedBy: login(pr.merged_by) ?? existing?.mergedBy ?? null,
    reverts: existing?.reverts ?? null,
    headRef: pr.head?.ref ?? existing?.headRef ?? null,
    // An agent's PR (author is a bot) is started by the human it is assigned to.
    startedBy: startedByFromPayload(pr) ?? existing?.startedBy ?? null,
    ...(existing?.readyForReviewAt
      ? { readyForReviewAt: existing.readyForReviewAt }
      : {}),
    commits: existing?.commits ?? [],
    reviews: existing?.reviews ?? [],
  };
}

function mergeCommits(
  a: PullRequestEvent['commits'],
  b: PullRequestEvent['commits'],
): PullRequestEvent['commits'] {
  const bySha = new Map(a.map(c => [c.sha, c]));
  for (const c of b) {
    bySha.set(c.sha, c);
  }
  return [...bySha.values()].sort((x, y) =>
    x.authoredAt.localeCompare(y.authoredAt),
  );
}

/** "This reverts commit <sha>" / GitHub's "Reverts owner/repo#12" body. */
export function revertedPullRequestNumber(pr: Json): number | null {
  const body: string = pr.body ?? '';
  const match = /^Reverts [\w.-]+\/[\w.-]+#(\d+)/m.exec(body);
  return match ? Number(match[1]) : null;
}

/**
 * Maps a GitHub webhook delivery onto normalized events, merging with what is
 * stored (reviews and pushes arrive separately from the PR itself).
 */
export async function mapGithubDelivery(
  eventName: string,
  payload: Json,
  store: QualityWebhookStore,
): Promise<QualityEvent[]> {
  const repository: string | undefined = payload.repository?.full_name;
  if (!repository) {
    return [];
  }
  switch (eventName) {
    case 'pull_request': {
      const pr = payload.pull_request;
      if (!pr || typeof pr.number !== 'number' || !pr.created_at) {
        return [];
      }
      const existing = await store.getPullRequest(
        SOURCE,
        pullRequestExternalId(repository, pr.number),
      );
      const event = pullRequestFromPayload(pr, repository, existing);
      event.reverts = existing?.reverts ?? revertedPullRequestNumber(pr);
      // A draft marked ready: pickup time counts from here (the latest time,
      // when it went back to draft and out again).
      if (payload.action === 'ready_for_review' && pr.updated_at) {
        event.readyForReviewAt = new Date(pr.updated_at).toISOString();
      }
      if (event.headRef) {
        const pushed = await store.listPushCommits(repository, event.headRef);
        event.commits = mergeCommits(event.commits, pushed);
      }
      return [event];
    }
    case 'pull_request_review': {
      const pr = payload.pull_request;
      const review = payload.review;
      if (!pr || !review || !pr.created_at) {
        return [];
      }
      const existing = await store.getPullRequest(
        SOURCE,
        pullRequestExternalId(repository, pr.number),
      );
      const event = pullRequestFromPayload(pr, repository, existing);
      const state = String(
        payload.action === 'dismissed' ? 'dismissed' : review.state,
      ).toUpperCase();
      const reviewer = login(review.user) ?? 'unknown';
      const entry = {
        reviewer,
        state: (['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(state)
          ? state
          : 'COMMENTED') as PullRequestEvent['reviews'][number]['state'],
        submittedAt: new Date(review.submitted_at ?? Date.now()).toISOString(),
        isBot: review.user?.type === 'Bot' || reviewer.endsWith('[bot]'),
      };
      // A dismissal (or a redelivery) replaces the review it is about: keep one
      // entry per reviewer and submission time. Stored times are normalized
      // ISO strings and GitHub's are not (".000Z" vs "Z"), so compare instants.
      const at = Date.parse(entry.submittedAt);
      const reviews = event.reviews.filter(
        r => !(r.reviewer === reviewer && Date.parse(r.submittedAt) === at),
      );
      event.reviews = [...reviews, entry];
      return [event];
    }
    case 'push': {
      const ref: string = String(payload.ref ?? '').replace(/^refs\/heads\//, '');
      const commits = (Array.isArray(payload.commits) ? payload.commits : [])
        .filter((c: Json) => c?.id && c?.timestamp)
        .map((c: Json) => ({
          sha: String(c.id),
          // A push commit carries one time, `timestamp`, and no separate
          // author and committer dates: it stands for both.
          authoredAt: new Date(c.timestamp).toISOString(),
          committedAt: new Date(c.timestamp).toISOString(),
          message: String(c.message ?? ''),
        }));
      if (!ref || commits.length === 0) {
        return [];
      }
      await store.addPushCommits(repository, ref, commits);
      const open = await store.findOpenPullRequestsByHeadRef(SOURCE, repository, ref);
      return open.map(pr => ({
        ...pr,
        commits: mergeCommits(pr.commits, commits),
      }));
    }
    case 'deployment_status': {
      const status = payload.deployment_status;
      const deployment = payload.deployment;
      const state = status?.state;
      if (!deployment || (state !== 'success' && state !== 'failure' && state !== 'error')) {
        return [];
      }
      const event: DeploymentEvent = {
        type: 'deployment',
        source: SOURCE,
        id: `${repository.toLowerCase()}/deployments/${deployment.id}`,
        repository,
        environment: String(status.environment ?? deployment.environment ?? 'production'),
        status: state === 'success' ? 'success' : 'failure',
        startedAt: deployment.created_at ?? null,
        finishedAt: status.updated_at ?? status.created_at,
        commitSha: deployment.sha ?? null,
      };
      return [event];
    }
    default:
      return [];
  }
}
