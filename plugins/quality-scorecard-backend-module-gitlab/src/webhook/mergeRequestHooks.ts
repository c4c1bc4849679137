/*
 * Merge Request Hook and Note Hook → the merge request's `pull_request`
 * event, merged with what earlier deliveries stored (approvals, notes and
 * pushes arrive apart from the merge request itself).
 */
import type {
  PullRequestCommit,
  PullRequestEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import type { QualityWebhookStore } from '@shewhart/plugin-quality-scorecard-node';
import {
  GitlabProject,
  gitlabTime,
  locatorOf,
  mergeRequestId,
  pushKey,
  REVERTS_MR,
  review,
  SOURCE,
  withReview,
} from '../mapping/common';

type Json = Record<string, any>;

export function mergeCommits(
  a: PullRequestCommit[],
  b: PullRequestCommit[],
): PullRequestCommit[] {
  const bySha = new Map(a.map(c => [c.sha, c]));
  for (const c of b) {
    if (!bySha.has(c.sha)) bySha.set(c.sha, c);
  }
  return [...bySha.values()].sort((x, y) =>
    x.authoredAt.localeCompare(y.authoredAt),
  );
}

const labelTitles = (payload: Json, mr: Json): string[] | undefined => {
  const list = Array.isArray(payload.labels) ? payload.labels : mr.labels;
  return Array.isArray(list) ? list.map((l: Json) => String(l.title)) : undefined;
};

/**
 * The merge request as a payload shows it. The hook names its author only by
 * id: the author is the acting user when the ids match (always on `open`),
 * else what was stored, else `gitlab-user-<id>` until the sync names them.
 */
async function mergeRequestFromPayload(
  project: GitlabProject,
  payload: Json,
  mr: Json,
  store: QualityWebhookStore,
): Promise<{ event: PullRequestEvent; existing?: PullRequestEvent }> {
  const id = mergeRequestId(project, mr.iid);
  const existing = await store.getPullRequest(SOURCE, id);
  const actor: Json = payload.user ?? {};
  const author =
    existing?.author ??
    (actor.id !== undefined && actor.id === mr.author_id
      ? String(actor.username)
      : `gitlab-user-${mr.author_id ?? 'unknown'}`);
  const updatedAt = gitlabTime(mr.updated_at);
  const state = String(mr.state ?? 'opened');
  let mergedAt = existing?.mergedAt ?? null;
  let closedAt: string | null = existing?.closedAt ?? null;
  if (state === 'merged') {
    mergedAt = mergedAt ?? gitlabTime(mr.merged_at) ?? updatedAt;
    closedAt = closedAt ?? mergedAt;
  } else if (state === 'closed') {
    closedAt = closedAt ?? gitlabTime(mr.closed_at) ?? updatedAt;
  } else if (
    state === 'opened' &&
    !existing?.mergedAt &&
    // A reopen is updated after the stored close; an older open delivery
    // arriving late must not reopen it.
    (!closedAt || (updatedAt !== null && updatedAt >= closedAt))
  ) {
    closedAt = null;
  }
  const lastCommit: Json | undefined = mr.last_commit;
  const fromHook: PullRequestCommit[] =
    lastCommit?.id && gitlabTime(lastCommit.timestamp)
      ? [
          {
            sha: String(lastCommit.id),
            authoredAt: gitlabTime(lastCommit.timestamp)!,
            committedAt: gitlabTime(lastCommit.timestamp),
            message: String(lastCommit.message ?? ''),
          },
        ]
      : [];
  const headRef = mr.source_branch ?? existing?.headRef ?? null;
  const pushed = headRef
    ? await store.listPushCommits(pushKey(project), headRef)
    : [];
  const revertMatch = REVERTS_MR.exec(String(mr.description ?? ''));
  const event: PullRequestEvent = {
    type: 'pull_request',
    source: SOURCE,
    id,
    ...locatorOf(project),
    number: mr.iid,
    title: String(mr.title ?? existing?.title ?? ''),
    author,
    url: String(mr.url ?? existing?.url ?? ''),
    createdAt: gitlabTime(mr.created_at) ?? existing!.createdAt,
    mergedAt,
    closedAt,
    // Hooks carry no diff stats: the sync fills them.
    additions: existing?.additions ?? 0,
    deletions: existing?.deletions ?? 0,
    changedFiles: existing?.changedFiles ?? 0,
    labels: labelTitles(payload, mr) ?? existing?.labels ?? [],
    files: existing?.files,
    body: mr.description ?? existing?.body ?? null,
    mergeCommitSha:
      mr.merge_commit_sha ?? mr.squash_commit_sha ?? existing?.mergeCommitSha ?? null,
    mergedBy:
      existing?.mergedBy ??
      (state === 'merged' && mr.merge_user_id !== undefined && mr.merge_user_id === actor.id
        ? String(actor.username)
        : null),
    reverts: existing?.reverts ?? (revertMatch ? Number(revertMatch[1]) : null),
    headRef,
    startedBy: existing?.startedBy ?? null,
    ...(existing?.readyForReviewAt
      ? { readyForReviewAt: existing.readyForReviewAt }
      : {}),
    commits: mergeCommits(existing?.commits ?? [], [...fromHook, ...pushed]),
    reviews: existing?.reviews ?? [],
  };
  return { event, existing };
}

/** Merge Request Hook, by its `action`. */
export async function mapMergeRequestHook(
  project: GitlabProject,
  payload: Json,
  store: QualityWebhookStore,
): Promise<PullRequestEvent[]> {
  const mr: Json = payload.object_attributes;
  const { event } = await mergeRequestFromPayload(project, payload, mr, store);
  const actor = String(payload.user?.username ?? 'unknown');
  const at = gitlabTime(mr.updated_at) ?? event.createdAt;
  switch (mr.action) {
    case 'merge':
      event.mergedBy = event.mergedBy ?? actor;
      break;
    // `approval` is one approver's; `approved` is sent when the rules are met
    // (by the same approver, at the same time): stored once.
    case 'approval':
    case 'approved':
      event.reviews = withReview(event.reviews, review(actor, 'APPROVED', at));
      break;
    case 'unapproval':
    case 'unapproved':
      event.reviews = withReview(event.reviews, review(actor, 'DISMISSED', at));
      break;
    default:
      break;
  }
  // A draft marked ready: pickup time counts from here (the latest time).
  const draft = payload.changes?.draft;
  if (draft && draft.previous === true && draft.current === false) {
    event.readyForReviewAt = at;
  }
  return [event];
}

/** Note Hook on a merge request: a comment by someone other than its author is a review. */
export async function mapMergeRequestNote(
  project: GitlabProject,
  payload: Json,
  store: QualityWebhookStore,
): Promise<PullRequestEvent[]> {
  const note: Json = payload.object_attributes;
  const { event } = await mergeRequestFromPayload(
    project,
    payload,
    payload.merge_request,
    store,
  );
  const reviewer = String(payload.user?.username ?? '');
  if (reviewer && !note.system && reviewer !== event.author) {
    event.reviews = withReview(
      event.reviews,
      review(reviewer, 'COMMENTED', gitlabTime(note.created_at)!),
    );
  }
  return [event];
}
