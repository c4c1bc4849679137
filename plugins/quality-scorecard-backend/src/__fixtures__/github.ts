/**
 * GitHub webhook payloads for unit tests, written from the documented shapes
 * (docs.github.com "Webhook events and payloads" and the field names of
 * @octokit/webhooks-types). Values are our own; unrelated fields GitHub also
 * sends (node ids, API urls, avatars...) are left out where the mapper ignores
 * them, but every field it reads is where GitHub puts it.
 */

type Json = Record<string, any>;

export const REPOSITORY = 'acme/checkout';

export function githubUser(login: string, type: 'User' | 'Bot' = 'User'): Json {
  return {
    login,
    id: Math.abs(hash(login)),
    node_id: `U_${login}`,
    html_url: `https://github.com/${login.replace('[bot]', '')}`,
    type,
    site_admin: false,
  };
}

function hash(s: string): number {
  let h = 7;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

export function githubRepository(fullName = REPOSITORY): Json {
  const [owner, name] = fullName.split('/');
  return {
    id: Math.abs(hash(fullName)),
    node_id: `R_${fullName}`,
    name,
    full_name: fullName,
    private: false,
    owner: githubUser(owner, 'User'),
    html_url: `https://github.com/${fullName}`,
    default_branch: 'main',
  };
}

export interface PullRequestState {
  number: number;
  title: string;
  author: string;
  body: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  headRef: string;
  headSha: string;
  additions: number;
  deletions: number;
  changedFiles: number;
  commits: number;
  labels: string[];
}

/** PR #42 of acme/checkout, opened on a feature branch. */
export const OPENED_PR: PullRequestState = {
  number: 42,
  title: 'Add coupon codes',
  author: 'ada',
  body: 'Lets a shopper enter a coupon code at checkout.',
  createdAt: '2026-02-02T09:00:00Z',
  updatedAt: '2026-02-02T09:00:00Z',
  closedAt: null,
  mergedAt: null,
  mergeCommitSha: 'b1946ac92492d2347c6235b4d2611184b1946ac9',
  mergedBy: null,
  headRef: 'feature/coupons',
  headSha: '5d41402abc4b2a76b9719d911017c592aaaa0001',
  additions: 10,
  deletions: 2,
  changedFiles: 2,
  commits: 2,
  labels: ['feature'],
};

/** The `pull_request` object of a pull_request delivery (full PR). */
export function pullRequestObject(state: PullRequestState, repository = REPOSITORY): Json {
  let prState = 'open';
  if (state.closedAt) prState = 'closed';
  return {
    url: `https://api.github.com/repos/${repository}/pulls/${state.number}`,
    id: 1_000_000 + state.number,
    html_url: `https://github.com/${repository}/pull/${state.number}`,
    number: state.number,
    state: prState,
    locked: false,
    title: state.title,
    user: githubUser(state.author),
    body: state.body,
    created_at: state.createdAt,
    updated_at: state.updatedAt,
    closed_at: state.closedAt,
    merged_at: state.mergedAt,
    // GitHub fills merge_commit_sha with a test-merge commit before merging.
    merge_commit_sha: state.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    labels: state.labels.map((name, i) => ({
      id: 100 + i,
      name,
      color: 'ededed',
      default: false,
    })),
    draft: false,
    head: {
      label: `${repository.split('/')[0]}:${state.headRef}`,
      ref: state.headRef,
      sha: state.headSha,
      user: githubUser(repository.split('/')[0]),
      repo: githubRepository(repository),
    },
    base: {
      label: `${repository.split('/')[0]}:main`,
      ref: 'main',
      sha: '0000000000000000000000000000000000000b45',
      user: githubUser(repository.split('/')[0]),
      repo: githubRepository(repository),
    },
    author_association: 'MEMBER',
    merged: state.mergedAt !== null,
    mergeable: null,
    merged_by: state.mergedBy ? githubUser(state.mergedBy) : null,
    comments: 0,
    review_comments: 0,
    commits: state.commits,
    additions: state.additions,
    deletions: state.deletions,
    changed_files: state.changedFiles,
  };
}

/**
 * The `pull_request` object of a pull_request_review delivery: GitHub sends
 * the "simple" PR there, without merged, merged_by, additions, deletions,
 * changed_files or commits.
 */
export function simplePullRequestObject(state: PullRequestState, repository = REPOSITORY): Json {
  const {
    merged: _merged,
    mergeable: _mergeable,
    merged_by: _mergedBy,
    comments: _comments,
    review_comments: _reviewComments,
    commits: _commits,
    additions: _additions,
    deletions: _deletions,
    changed_files: _changedFiles,
    ...simple
  } = pullRequestObject(state, repository);
  return simple;
}

export function pullRequestDelivery(
  action: 'opened' | 'edited' | 'synchronize' | 'closed' | 'reopened' | 'labeled',
  state: PullRequestState,
  extra: Json = {},
  repository = REPOSITORY,
): Json {
  return {
    action,
    number: state.number,
    pull_request: pullRequestObject(state, repository),
    repository: githubRepository(repository),
    sender: githubUser(state.mergedBy ?? state.author),
    ...extra,
  };
}

export function reviewDelivery(
  action: 'submitted' | 'edited' | 'dismissed',
  review: {
    id: number;
    reviewer: string;
    reviewerType?: 'User' | 'Bot';
    state: 'approved' | 'changes_requested' | 'commented' | 'dismissed';
    submittedAt: string;
    body?: string | null;
  },
  pr: PullRequestState,
  repository = REPOSITORY,
): Json {
  return {
    action,
    review: {
      id: review.id,
      node_id: `PRR_${review.id}`,
      user: githubUser(review.reviewer, review.reviewerType ?? 'User'),
      body: review.body ?? null,
      commit_id: pr.headSha,
      submitted_at: review.submittedAt,
      state: review.state,
      html_url: `https://github.com/${repository}/pull/${pr.number}#pullrequestreview-${review.id}`,
      pull_request_url: `https://api.github.com/repos/${repository}/pulls/${pr.number}`,
      author_association: 'MEMBER',
    },
    pull_request: simplePullRequestObject(pr, repository),
    repository: githubRepository(repository),
    sender: githubUser(review.reviewer, review.reviewerType ?? 'User'),
  };
}

export function deploymentStatusDelivery(options: {
  deploymentId: number;
  statusId: number;
  state: 'success' | 'failure' | 'error' | 'in_progress' | 'queued' | 'pending' | 'inactive';
  environment: string;
  sha: string;
  deploymentCreatedAt: string;
  statusAt: string;
  repository?: string;
}): Json {
  const repository = options.repository ?? REPOSITORY;
  return {
    action: 'created',
    deployment_status: {
      url: `https://api.github.com/repos/${repository}/deployments/${options.deploymentId}/statuses/${options.statusId}`,
      id: options.statusId,
      state: options.state,
      creator: githubUser('deploy-bot[bot]', 'Bot'),
      description: '',
      environment: options.environment,
      target_url: '',
      created_at: options.statusAt,
      updated_at: options.statusAt,
      deployment_url: `https://api.github.com/repos/${repository}/deployments/${options.deploymentId}`,
      repository_url: `https://api.github.com/repos/${repository}`,
    },
    deployment: {
      url: `https://api.github.com/repos/${repository}/deployments/${options.deploymentId}`,
      id: options.deploymentId,
      sha: options.sha,
      ref: 'main',
      task: 'deploy',
      payload: {},
      original_environment: options.environment,
      environment: options.environment,
      description: null,
      creator: githubUser('deploy-bot[bot]', 'Bot'),
      created_at: options.deploymentCreatedAt,
      updated_at: options.statusAt,
    },
    repository: githubRepository(repository),
    sender: githubUser('deploy-bot[bot]', 'Bot'),
  };
}

export interface PushCommit {
  id: string;
  message: string;
  /** As GitHub sends it: the author's local time with its offset. */
  timestamp: string;
  author: string;
}

export function pushDelivery(
  ref: string,
  commits: PushCommit[],
  repository = REPOSITORY,
): Json {
  const last = commits[commits.length - 1];
  const toCommit = (c: PushCommit) => ({
    id: c.id,
    tree_id: `${c.id.slice(0, 30)}0000000000`,
    distinct: true,
    message: c.message,
    timestamp: c.timestamp,
    url: `https://github.com/${repository}/commit/${c.id}`,
    author: { name: c.author, email: `${c.author}@example.com`, username: c.author },
    committer: { name: c.author, email: `${c.author}@example.com`, username: c.author },
    added: [],
    removed: [],
    modified: ['src/coupons.ts'],
  });
  return {
    ref,
    before: '0000000000000000000000000000000000000000',
    after: last?.id ?? '0000000000000000000000000000000000000000',
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/${repository}/compare/${ref}`,
    commits: commits.map(toCommit),
    head_commit: last ? toCommit(last) : null,
    repository: githubRepository(repository),
    pusher: { name: last?.author ?? 'ada', email: 'ada@example.com' },
    sender: githubUser(last?.author ?? 'ada'),
  };
}

/** Two commits pushed to PR #42's branch; the second declares AI help in a trailer. */
export const COUPON_COMMITS: PushCommit[] = [
  {
    id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0001',
    message: 'Add coupon model',
    timestamp: '2026-02-01T17:30:00-05:00',
    author: 'ada',
  },
  {
    id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0002',
    message:
      'Validate coupon codes\n\nCo-authored-by: Claude <noreply@anthropic.com>',
    timestamp: '2026-02-02T08:15:00+01:00',
    author: 'ada',
  },
];
