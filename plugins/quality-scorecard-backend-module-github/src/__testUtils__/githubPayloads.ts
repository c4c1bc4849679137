/**
 * GitHub REST response bodies, written from the documented shapes
 * (docs.github.com/rest: pulls, pulls/commits, pulls/reviews, pulls/files,
 * deployments, deployment statuses, issues, actions workflow runs, repos).
 * Only the fields a client can rely on are filled; values are made up.
 */
import { createHash } from 'crypto';

type Json = Record<string, any>;

const API = 'https://api.github.com';
const WEB = 'https://github.com';

let nextId = 1000;
const id = () => ++nextId;

export function user(login: string, type: 'User' | 'Bot' = 'User'): Json {
  const userId = Number.parseInt(
    createHash('sha1').update(login).digest('hex').slice(0, 7),
    16,
  );
  return {
    login,
    id: userId,
    node_id: Buffer.from(`04:User${userId}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${userId}?v=4`,
    url: `${API}/users/${encodeURIComponent(login)}`,
    html_url: `${WEB}/${login}`,
    type,
    site_admin: false,
  };
}

export function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function label(name: string): Json {
  return {
    id: id(),
    node_id: `LA_${name}`,
    name,
    color: 'd73a4a',
    default: false,
    description: null,
  };
}

export function repository(
  fullName: string,
  options: { archived?: boolean } = {},
): Json {
  const [ownerLogin, name] = fullName.split('/');
  return {
    id: id(),
    node_id: `R_${fullName}`,
    name,
    full_name: fullName,
    private: false,
    owner: user(ownerLogin),
    html_url: `${WEB}/${fullName}`,
    url: `${API}/repos/${fullName}`,
    archived: options.archived ?? false,
    disabled: false,
    default_branch: 'main',
    created_at: '2020-01-15T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    pushed_at: '2026-01-01T10:00:00Z',
  };
}

export interface PullRequestSpec {
  number: number;
  title: string;
  author: string;
  authorType?: 'User' | 'Bot';
  createdAt: string;
  updatedAt: string;
  closedAt?: string | null;
  mergedAt?: string | null;
  mergedBy?: string | null;
  body?: string | null;
  labels?: string[];
  headRef?: string;
  assignees?: string[];
  draft?: boolean;
}

/** GET /repos/{owner}/{repo}/pulls/{n}: the list item plus line counts and merge details. */
export function pullRequest(
  fullName: string,
  spec: PullRequestSpec,
  size: {
    additions: number;
    deletions: number;
    changedFiles: number;
    commits: number;
  },
): Json {
  const merged = Boolean(spec.mergedAt);
  const headSha = sha(`${fullName}#${spec.number}:head`);
  return {
    url: `${API}/repos/${fullName}/pulls/${spec.number}`,
    id: id(),
    node_id: `PR_${fullName}#${spec.number}`,
    html_url: `${WEB}/${fullName}/pull/${spec.number}`,
    diff_url: `${WEB}/${fullName}/pull/${spec.number}.diff`,
    issue_url: `${API}/repos/${fullName}/issues/${spec.number}`,
    number: spec.number,
    state: spec.closedAt || merged ? 'closed' : 'open',
    locked: false,
    title: spec.title,
    user: user(spec.author, spec.authorType),
    body: spec.body ?? null,
    labels: (spec.labels ?? []).map(label),
    created_at: spec.createdAt,
    updated_at: spec.updatedAt,
    closed_at: spec.closedAt ?? null,
    merged_at: spec.mergedAt ?? null,
    // GitHub reports a test-merge sha on open PRs too.
    merge_commit_sha: sha(`${fullName}#${spec.number}:merge`),
    assignee: spec.assignees?.length ? user(spec.assignees[0]) : null,
    assignees: (spec.assignees ?? []).map(a => user(a)),
    requested_reviewers: [],
    draft: spec.draft ?? false,
    head: {
      label: `acme:${spec.headRef ?? `branch-${spec.number}`}`,
      ref: spec.headRef ?? `branch-${spec.number}`,
      sha: headSha,
    },
    base: { label: 'acme:main', ref: 'main', sha: sha(`${fullName}:main`) },
    author_association: 'MEMBER',
    auto_merge: null,
    merged,
    mergeable: merged ? null : true,
    mergeable_state: merged ? 'unknown' : 'clean',
    merged_by: spec.mergedBy ? user(spec.mergedBy) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: size.commits,
    additions: size.additions,
    deletions: size.deletions,
    changed_files: size.changedFiles,
  };
}

/** The fields of a PR that GET /pulls (the list) leaves out. */
const DETAIL_ONLY = [
  'merged',
  'mergeable',
  'mergeable_state',
  'merged_by',
  'comments',
  'review_comments',
  'maintainer_can_modify',
  'commits',
  'additions',
  'deletions',
  'changed_files',
];

export function pullRequestListItem(detail: Json): Json {
  const item = { ...detail };
  for (const key of DETAIL_ONLY) {
    delete item[key];
  }
  return item;
}

export function commit(
  fullName: string,
  spec: { sha: string; author: string; date: string; message: string },
): Json {
  return {
    sha: spec.sha,
    node_id: `C_${spec.sha}`,
    commit: {
      author: {
        name: spec.author,
        email: `${spec.author}@example.com`,
        date: spec.date,
      },
      committer: {
        name: 'GitHub',
        email: 'noreply@github.com',
        date: spec.date,
      },
      message: spec.message,
      tree: {
        sha: sha(`${spec.sha}:tree`),
        url: `${API}/repos/${fullName}/git/trees/${sha(`${spec.sha}:tree`)}`,
      },
      url: `${API}/repos/${fullName}/git/commits/${spec.sha}`,
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
      },
    },
    url: `${API}/repos/${fullName}/commits/${spec.sha}`,
    html_url: `${WEB}/${fullName}/commit/${spec.sha}`,
    author: user(spec.author),
    committer: user('web-flow'),
    parents: [],
  };
}

export function review(
  fullName: string,
  number: number,
  spec: {
    reviewer: string;
    reviewerType?: 'User' | 'Bot';
    state: string;
    submittedAt?: string;
    body?: string;
  },
): Json {
  const reviewId = id();
  return {
    id: reviewId,
    node_id: `PRR_${reviewId}`,
    user: user(spec.reviewer, spec.reviewerType),
    body: spec.body ?? '',
    state: spec.state,
    html_url: `${WEB}/${fullName}/pull/${number}#pullrequestreview-${reviewId}`,
    pull_request_url: `${API}/repos/${fullName}/pulls/${number}`,
    author_association: 'MEMBER',
    // A PENDING review has no submitted_at.
    ...(spec.submittedAt ? { submitted_at: spec.submittedAt } : {}),
    commit_id: sha(`${fullName}#${number}:head`),
  };
}

export function file(
  fullName: string,
  filename: string,
  additions: number,
  deletions: number,
): Json {
  const blob = sha(`${fullName}:${filename}`);
  return {
    sha: blob,
    filename,
    status: 'modified',
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${WEB}/${fullName}/blob/${blob}/${filename}`,
    raw_url: `${WEB}/${fullName}/raw/${blob}/${filename}`,
    contents_url: `${API}/repos/${fullName}/contents/${filename}?ref=${blob}`,
    patch: '@@ -1 +1 @@',
  };
}

export function deployment(
  fullName: string,
  spec: {
    id: number;
    sha: string;
    environment: string;
    createdAt: string;
    updatedAt: string;
    creator?: string;
  },
): Json {
  return {
    url: `${API}/repos/${fullName}/deployments/${spec.id}`,
    id: spec.id,
    node_id: `DE_${spec.id}`,
    sha: spec.sha,
    ref: 'main',
    task: 'deploy',
    payload: {},
    original_environment: spec.environment,
    environment: spec.environment,
    description: null,
    creator: user(spec.creator ?? 'deploy-bot[bot]', 'Bot'),
    created_at: spec.createdAt,
    updated_at: spec.updatedAt,
    statuses_url: `${API}/repos/${fullName}/deployments/${spec.id}/statuses`,
    repository_url: `${API}/repos/${fullName}`,
    transient_environment: false,
    production_environment: spec.environment === 'production',
  };
}

export function deploymentStatus(
  fullName: string,
  deploymentId: number,
  spec: { state: string; environment: string; at: string },
): Json {
  const statusId = id();
  return {
    url: `${API}/repos/${fullName}/deployments/${deploymentId}/statuses/${statusId}`,
    id: statusId,
    node_id: `DES_${statusId}`,
    state: spec.state,
    creator: user('deploy-bot[bot]', 'Bot'),
    description: '',
    environment: spec.environment,
    target_url: '',
    log_url: '',
    created_at: spec.at,
    updated_at: spec.at,
    deployment_url: `${API}/repos/${fullName}/deployments/${deploymentId}`,
    repository_url: `${API}/repos/${fullName}`,
    environment_url: '',
  };
}

export function issue(
  fullName: string,
  spec: {
    number: number;
    title: string;
    author: string;
    labels: string[];
    createdAt: string;
    updatedAt: string;
    closedAt?: string | null;
    body?: string | null;
    isPullRequest?: boolean;
  },
): Json {
  return {
    url: `${API}/repos/${fullName}/issues/${spec.number}`,
    id: id(),
    node_id: `I_${fullName}#${spec.number}`,
    number: spec.number,
    title: spec.title,
    user: user(spec.author),
    labels: spec.labels.map(label),
    state: spec.closedAt ? 'closed' : 'open',
    state_reason: spec.closedAt ? 'completed' : null,
    locked: false,
    assignee: null,
    assignees: [],
    comments: 0,
    created_at: spec.createdAt,
    updated_at: spec.updatedAt,
    closed_at: spec.closedAt ?? null,
    author_association: 'MEMBER',
    body: spec.body ?? null,
    html_url: `${WEB}/${fullName}/issues/${spec.number}`,
    ...(spec.isPullRequest
      ? {
          pull_request: {
            url: `${API}/repos/${fullName}/pulls/${spec.number}`,
            html_url: `${WEB}/${fullName}/pull/${spec.number}`,
          },
        }
      : {}),
  };
}

export function workflowRun(
  fullName: string,
  spec: {
    id: number;
    workflow: string;
    headSha: string;
    branch: string;
    createdAt: string;
    updatedAt: string;
    conclusion?: string;
  },
): Json {
  return {
    id: spec.id,
    name: 'Deploy',
    node_id: `WFR_${spec.id}`,
    head_branch: spec.branch,
    head_sha: spec.headSha,
    path: `.github/workflows/${spec.workflow}`,
    run_number: spec.id % 1000,
    event: 'push',
    status: 'completed',
    conclusion: spec.conclusion ?? 'success',
    workflow_id: 161335,
    url: `${API}/repos/${fullName}/actions/runs/${spec.id}`,
    html_url: `${WEB}/${fullName}/actions/runs/${spec.id}`,
    created_at: spec.createdAt,
    updated_at: spec.updatedAt,
    run_attempt: 1,
    run_started_at: spec.createdAt,
    actor: user('deployer'),
    triggering_actor: user('deployer'),
  };
}
