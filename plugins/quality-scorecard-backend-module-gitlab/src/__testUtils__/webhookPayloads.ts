/*
 * GitLab webhook bodies in the shapes GitLab documents (docs.gitlab.com,
 * "Webhook events"), written for these tests: only the fields a hook really
 * carries, with GitLab's own time formats (`2026-03-02 10:00:00 UTC` and
 * ISO-8601 both occur).
 */
export const HOST = 'gitlab.example.com';
export const PATH = 'acme/platform/payments';
export const WEB_URL = `https://${HOST}/${PATH}`;

export const USERS = {
  alice: { id: 1, name: 'Alice', username: 'alice', email: '[REDACTED]' },
  bob: { id: 2, name: 'Bob', username: 'bob', email: '[REDACTED]' },
};
type User = (typeof USERS)[keyof typeof USERS];

export const project = () => ({
  id: 42,
  name: 'payments',
  description: 'Payments service',
  web_url: WEB_URL,
  git_ssh_url: `git@${HOST}:${PATH}.git`,
  git_http_url: `${WEB_URL}.git`,
  namespace: 'platform',
  visibility_level: 0,
  path_with_namespace: PATH,
  default_branch: 'main',
  homepage: WEB_URL,
  url: `git@${HOST}:${PATH}.git`,
});

const userOf = (u: User) => ({ ...u, avatar_url: null });

export interface MergeRequestInput {
  iid: number;
  title: string;
  author: User;
  createdAt: string;
  updatedAt: string;
  state: 'opened' | 'merged' | 'closed';
  action?: string;
  sourceBranch: string;
  description?: string;
  mergeCommitSha?: string | null;
  mergeUser?: User;
  draft?: boolean;
  lastCommit?: { id: string; message: string; timestamp: string };
  labels?: string[];
}

function mergeRequestAttributes(mr: MergeRequestInput) {
  return {
    id: 1000 + mr.iid,
    iid: mr.iid,
    target_branch: 'main',
    source_branch: mr.sourceBranch,
    source_project_id: 42,
    author_id: mr.author.id,
    assignee_ids: [],
    reviewer_ids: [],
    title: mr.title,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    milestone_id: null,
    state: mr.state,
    merge_status: 'can_be_merged',
    detailed_merge_status: 'mergeable',
    target_project_id: 42,
    description: mr.description ?? '',
    merge_commit_sha: mr.mergeCommitSha ?? null,
    merge_user_id: mr.mergeUser?.id ?? null,
    url: `${WEB_URL}/-/merge_requests/${mr.iid}`,
    source: project(),
    target: project(),
    last_commit: mr.lastCommit
      ? { ...mr.lastCommit, title: mr.lastCommit.message.split('\n')[0], url: `${WEB_URL}/-/commit/${mr.lastCommit.id}`, author: { name: mr.author.name, email: mr.author.email } }
      : undefined,
    work_in_progress: mr.draft ?? false,
    draft: mr.draft ?? false,
    labels: (mr.labels ?? []).map(title => ({ id: 7, title, color: '#ff0000', project_id: 42 })),
    action: mr.action,
  };
}

/** A Merge Request Hook; `user` is who acted (the approver for `approval`). */
export function mergeRequestHook(
  mr: MergeRequestInput,
  user: User,
  changes: Record<string, unknown> = {},
) {
  return {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user: userOf(user),
    project: project(),
    object_attributes: mergeRequestAttributes(mr),
    labels: (mr.labels ?? []).map(title => ({ id: 7, title, color: '#ff0000', project_id: 42 })),
    changes,
    repository: { name: 'payments', url: `git@${HOST}:${PATH}.git`, homepage: WEB_URL },
  };
}

export function noteHook(mr: MergeRequestInput, user: User, note: string, createdAt: string) {
  return {
    object_kind: 'note',
    event_type: 'note',
    user: userOf(user),
    project_id: 42,
    project: project(),
    object_attributes: {
      id: 5000,
      note,
      noteable_type: 'MergeRequest',
      author_id: user.id,
      created_at: createdAt,
      updated_at: createdAt,
      project_id: 42,
      system: false,
      noteable_id: 1000 + mr.iid,
      url: `${WEB_URL}/-/merge_requests/${mr.iid}#note_5000`,
    },
    merge_request: mergeRequestAttributes(mr),
  };
}

export function pushHook(
  branch: string,
  user: User,
  commits: Array<{ id: string; message: string; timestamp: string }>,
) {
  return {
    object_kind: 'push',
    event_name: 'push',
    before: '0000000000000000000000000000000000000000',
    after: commits[commits.length - 1]?.id,
    ref: `refs/heads/${branch}`,
    ref_protected: false,
    checkout_sha: commits[commits.length - 1]?.id,
    user_id: user.id,
    user_name: user.name,
    user_username: user.username,
    project_id: 42,
    project: project(),
    commits: commits.map(c => ({
      ...c,
      title: c.message.split('\n')[0],
      url: `${WEB_URL}/-/commit/${c.id}`,
      author: { name: user.name, email: user.email },
      added: [],
      modified: ['src/refunds.ts'],
      removed: [],
    })),
    total_commits_count: commits.length,
    repository: { name: 'payments', url: `git@${HOST}:${PATH}.git`, homepage: WEB_URL },
  };
}

export function deploymentHook(options: {
  deploymentId: number;
  status: 'running' | 'success' | 'failed' | 'canceled';
  statusChangedAt: string;
  environment: string;
  tier?: string;
  sha: string;
  user: User;
}) {
  return {
    object_kind: 'deployment',
    status: options.status,
    status_changed_at: options.statusChangedAt,
    deployment_id: options.deploymentId,
    deployable_id: 700 + options.deploymentId,
    deployable_url: `${WEB_URL}/-/jobs/${700 + options.deploymentId}`,
    environment: options.environment,
    environment_tier: options.tier ?? 'production',
    environment_slug: options.environment,
    environment_external_url: 'https://payments.example.com',
    project: project(),
    short_sha: options.sha.slice(0, 8),
    user: userOf(options.user),
    user_url: `https://${HOST}/${options.user.username}`,
    commit_url: `${WEB_URL}/-/commit/${options.sha}`,
    commit_title: 'Deploy',
  };
}

export function issueHook(options: {
  iid: number;
  title: string;
  issueType?: 'issue' | 'incident';
  createdAt: string;
  closedAt?: string | null;
  state: 'opened' | 'closed';
  labels?: string[];
  confidential?: boolean;
  severity?: string;
  user: User;
  action?: string;
}) {
  const labels = (options.labels ?? []).map(title => ({ id: 9, title, color: '#d9534f', project_id: 42 }));
  return {
    object_kind: 'issue',
    event_type: options.confidential ? 'confidential_issue' : 'issue',
    user: userOf(options.user),
    project: project(),
    object_attributes: {
      id: 3000 + options.iid,
      iid: options.iid,
      title: options.title,
      author_id: options.user.id,
      project_id: 42,
      created_at: options.createdAt,
      updated_at: options.closedAt ?? options.createdAt,
      closed_at: options.closedAt ?? null,
      state: options.state,
      confidential: options.confidential ?? false,
      issue_type: options.issueType ?? 'issue',
      type: options.issueType === 'incident' ? 'Incident' : 'Issue',
      severity: options.severity ?? 'unknown',
      labels,
      url: `${WEB_URL}/-/issues/${options.iid}`,
      action: options.action ?? 'open',
    },
    labels,
  };
}
