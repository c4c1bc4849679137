/*
 * A hand-built history of one GitLab project, in the shapes GitLab's REST v4
 * answers (docs.gitlab.com, "Merge requests API", "Notes API", "Merge request
 * approvals API", "Deployments API", "Issues API"): only the fields the sync
 * reads and a few beside them. Times are relative to day D0 (midnight UTC,
 * ten days ago), so the history is always inside the synced 180 days.
 *
 * D0 10:00  !1 "Add refunds endpoint" by ada opened as a draft; its commit
 *           (09:00) carries `Co-authored-by: Claude <noreply@anthropic.com>`.
 *     10:30 marked ready; 11:00 grace comments; 11:30 ada answers;
 *     12:00 grace approves; 14:00 grace merges (merge commit M1).
 *     16:00 deployment 101 of M1 to `prod` (tier production) succeeds.
 * D1 09:00  !2 "Raise limits" by ada, labelled ai-assisted (commit 08:00);
 *     09:30 ada approves it herself; 10:00 ada merges (squash commit M2).
 *     12:00 deployment 102 of M2 succeeds; 13:00 incident #5 opens (HIGH),
 *     15:00 it is closed; 16:10 deployment 103 of M2 fails.
 * D2 09:00  bug #6 (label Bug, confidential); 10:00 issue #7 (docs): neither.
 *     10:00 !3 "Revert refunds" by linus opened (reverts !1); 11:00 ada
 *     comments; grace is a current approver with no approval note; open.
 *     12:40 deployment 104 to a review app is canceled; 13:10 deployment 105
 *     to staging succeeds.
 * 400 days ago: !4, closed: outside the history, never read.
 */
import type { FakeGitlab, FakeMergeRequest } from './FakeGitlab';

export const PATH = 'acme/platform/payments';
export const DAY = 24 * 60 * 60 * 1000;

export const USERS = {
  ada: { id: 1, username: 'ada', name: 'Ada', state: 'active' },
  grace: { id: 2, username: 'grace', name: 'Grace', state: 'active' },
  linus: { id: 3, username: 'linus', name: 'Linus', state: 'active' },
};
type User = (typeof USERS)[keyof typeof USERS];

export const SHAS = {
  c1: 'a'.repeat(40),
  c2: 'b'.repeat(40),
  c3: 'e'.repeat(40),
  m1: 'c'.repeat(40),
  m2: 'd'.repeat(40),
};

/** Midnight UTC ten days ago. */
export function dayZero(now = Date.now()): number {
  return Math.floor(now / DAY) * DAY - 10 * DAY;
}

export function paymentsHistory(d0: number, webBase: string) {
  /** GitLab's REST time, milliseconds and all: `2026-11-24T10:00:00.000Z`. */
  const at = (day: number, time: string) => {
    const [h, m] = time.split(':').map(Number);
    return new Date(d0 + day * DAY + (h * 60 + m) * 60_000).toISOString();
  };
  const web = `${webBase}/${PATH}`;
  let noteId = 500;
  const note = (by: User, body: string, createdAt: string, system = false) => ({
    id: (noteId += 1),
    body,
    author: by,
    created_at: createdAt,
    updated_at: createdAt,
    system,
    noteable_type: 'MergeRequest',
    resolvable: false,
  });
  const commit = (
    id: string,
    message: string,
    authoredAt: string,
    committedAt = authoredAt,
  ) => ({
    id,
    short_id: id.slice(0, 8),
    title: message.split('\n')[0],
    message,
    author_name: 'Ada',
    authored_date: authoredAt.replace('Z', '+00:00'),
    committed_date: committedAt.replace('Z', '+00:00'),
    web_url: `${web}/-/commit/${id}`,
  });
  const mergeRequest = (m: {
    iid: number;
    title: string;
    author: User;
    state: 'opened' | 'merged' | 'closed';
    createdAt: string;
    updatedAt: string;
    mergedAt?: string;
    closedAt?: string;
    mergeUser?: User;
    mergeCommitSha?: string;
    squashCommitSha?: string;
    sourceBranch: string;
    labels?: string[];
    description?: string | null;
    draft?: boolean;
  }) => ({
    id: 1000 + m.iid,
    iid: m.iid,
    project_id: 42,
    title: m.title,
    description: m.description ?? null,
    state: m.state,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    merged_by: m.mergeUser ?? null,
    merge_user: m.mergeUser ?? null,
    merged_at: m.mergedAt ?? null,
    closed_by: null,
    closed_at: m.closedAt ?? null,
    target_branch: 'main',
    source_branch: m.sourceBranch,
    author: m.author,
    labels: m.labels ?? [],
    draft: m.draft ?? false,
    merge_commit_sha: m.mergeCommitSha ?? null,
    squash_commit_sha: m.squashCommitSha ?? null,
    squash: Boolean(m.squashCommitSha),
    references: { full: `${PATH}!${m.iid}` },
    web_url: `${web}/-/merge_requests/${m.iid}`,
  });
  const approvals = (...approvers: User[]) => ({
    approved: approvers.length > 0,
    approvals_required: 1,
    approved_by: approvers.map(user => ({ user })),
  });

  const { ada, grace, linus } = USERS;
  const mr1: FakeMergeRequest = {
    mr: mergeRequest({
      iid: 1,
      title: 'Add refunds endpoint',
      author: ada,
      state: 'merged',
      createdAt: at(0, '10:00'),
      updatedAt: at(0, '14:00'),
      mergedAt: at(0, '14:00'),
      mergeUser: grace,
      mergeCommitSha: SHAS.m1,
      sourceBranch: 'feature/refunds',
      labels: ['feature'],
      description: 'Adds POST /refunds.\n\nCloses #7',
    }),
    commits: [
      commit(
        SHAS.c1,
        'Add refunds endpoint\n\nCo-authored-by: Claude <noreply@anthropic.com>\n',
        at(0, '09:00'),
        at(0, '09:05'),
      ),
    ],
    diffs: [
      {
        old_path: 'src/refunds.ts',
        new_path: 'src/refunds.ts',
        new_file: true,
        renamed_file: false,
        deleted_file: false,
        diff: '@@ -0,0 +1,3 @@\n+export function refund() {\n+  return 1;\n+}\n',
      },
      {
        old_path: 'src/refunds.test.ts',
        new_path: 'src/refunds.test.ts',
        new_file: false,
        renamed_file: false,
        deleted_file: false,
        diff: '@@ -1,2 +1,3 @@\n-it.todo("refunds")\n+it("refunds", () => {\n+  expect(refund()).toBe(1);\n });\n',
      },
    ],
    notes: [
      note(ada, 'marked this merge request as **ready**', at(0, '10:30'), true),
      note(grace, 'Please add a test', at(0, '11:00')),
      note(ada, 'Added one', at(0, '11:30')),
      note(grace, 'approved this merge request', at(0, '12:00'), true),
    ],
    approvals: approvals(grace),
  };
  const mr2: FakeMergeRequest = {
    mr: mergeRequest({
      iid: 2,
      title: 'Raise limits',
      author: ada,
      state: 'merged',
      createdAt: at(1, '09:00'),
      updatedAt: at(1, '10:00'),
      mergedAt: at(1, '10:00'),
      mergeUser: ada,
      squashCommitSha: SHAS.m2,
      sourceBranch: 'fix/limits',
      labels: ['ai-assisted'],
      description: 'Raises the refund limit.',
    }),
    commits: [commit(SHAS.c2, 'Raise limits', at(1, '08:00'))],
    diffs: [
      {
        old_path: 'config/limits.yaml',
        new_path: 'config/limits.yaml',
        new_file: false,
        renamed_file: false,
        deleted_file: false,
        diff: '@@ -1 +1 @@\n-limit: 10\n+limit: 20\n',
      },
    ],
    notes: [note(ada, 'approved this merge request', at(1, '09:30'), true)],
    approvals: approvals(ada),
  };
  const mr3: FakeMergeRequest = {
    mr: mergeRequest({
      iid: 3,
      title: 'Revert "Add refunds endpoint"',
      author: linus,
      state: 'opened',
      createdAt: at(2, '10:00'),
      updatedAt: at(2, '12:00'),
      sourceBranch: 'revert-refunds',
      description: 'This reverts merge request !1\n\nRefunds charge twice.',
    }),
    commits: [commit(SHAS.c3, 'Revert "Add refunds endpoint"', at(2, '09:30'))],
    diffs: [
      {
        old_path: 'src/refunds.ts',
        new_path: 'src/refunds.ts',
        new_file: false,
        renamed_file: false,
        deleted_file: true,
        diff: '@@ -1,3 +0,0 @@\n-export function refund() {\n-  return 1;\n-}\n',
      },
    ],
    notes: [note(ada, 'Looks right', at(2, '11:00'))],
    approvals: approvals(grace),
  };
  const old = d0 - 390 * DAY;
  const mr4: FakeMergeRequest = {
    mr: mergeRequest({
      iid: 4,
      title: 'Old experiment',
      author: linus,
      state: 'closed',
      createdAt: new Date(old).toISOString(),
      updatedAt: new Date(old + DAY).toISOString(),
      closedAt: new Date(old + DAY).toISOString(),
      sourceBranch: 'experiment',
    }),
    commits: [],
    diffs: [],
    notes: [],
    approvals: approvals(),
  };

  const deployment = (d: {
    id: number;
    status: string;
    environment: string;
    tier: string;
    sha: string;
    createdAt: string;
    updatedAt: string;
    finishedAt: string | null;
  }) => ({
    id: d.id,
    iid: d.id - 100,
    ref: 'main',
    sha: d.sha,
    status: d.status,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    finished_at: d.finishedAt,
    user: USERS.grace,
    environment: {
      id: d.environment.length,
      name: d.environment,
      slug: d.environment.replace(/\W/g, '-'),
      tier: d.tier,
    },
    deployable: { id: 9000 + d.id, status: d.status, commit: { id: d.sha } },
  });
  const prod = { environment: 'prod', tier: 'production' };
  const deployments = [
    deployment({
      id: 101,
      status: 'success',
      ...prod,
      sha: SHAS.m1,
      createdAt: at(0, '15:50'),
      updatedAt: at(0, '16:00'),
      finishedAt: at(0, '16:00'),
    }),
    deployment({
      id: 102,
      status: 'success',
      ...prod,
      sha: SHAS.m2,
      createdAt: at(1, '11:50'),
      updatedAt: at(1, '12:00'),
      finishedAt: at(1, '12:00'),
    }),
    deployment({
      id: 103,
      status: 'failed',
      ...prod,
      sha: SHAS.m2,
      createdAt: at(1, '16:00'),
      updatedAt: at(1, '16:10'),
      finishedAt: at(1, '16:10'),
    }),
    deployment({
      id: 104,
      status: 'canceled',
      environment: 'review/revert-refunds',
      tier: 'development',
      sha: SHAS.c3,
      createdAt: at(2, '12:30'),
      updatedAt: at(2, '12:40'),
      finishedAt: null,
    }),
    deployment({
      id: 105,
      status: 'success',
      environment: 'staging',
      tier: 'staging',
      sha: SHAS.c3,
      createdAt: at(2, '13:00'),
      updatedAt: at(2, '13:10'),
      finishedAt: at(2, '13:10'),
    }),
  ];

  const issue = (i: {
    iid: number;
    title: string;
    issueType?: 'issue' | 'incident';
    labels?: string[];
    state: 'opened' | 'closed';
    createdAt: string;
    updatedAt: string;
    closedAt?: string;
    severity?: string;
    confidential?: boolean;
  }) => ({
    id: 5000 + i.iid,
    iid: i.iid,
    project_id: 42,
    title: i.title,
    description: null,
    state: i.state,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt ?? null,
    labels: i.labels ?? [],
    author: USERS.grace,
    issue_type: i.issueType ?? 'issue',
    type: (i.issueType ?? 'issue').toUpperCase(),
    confidential: i.confidential ?? false,
    ...(i.severity ? { severity: i.severity } : {}),
    web_url: `${web}/-/issues/${i.iid}`,
  });
  const issues = [
    issue({
      iid: 5,
      title: 'Refunds fail',
      issueType: 'incident',
      state: 'closed',
      createdAt: at(1, '13:00'),
      updatedAt: at(1, '15:00'),
      closedAt: at(1, '15:00'),
      severity: 'HIGH',
    }),
    issue({
      iid: 6,
      title: 'Limit off by one',
      labels: ['Bug'],
      state: 'opened',
      createdAt: at(2, '09:00'),
      updatedAt: at(2, '09:00'),
      confidential: true,
    }),
    issue({
      iid: 7,
      title: 'Docs typo',
      labels: ['docs'],
      state: 'opened',
      createdAt: at(2, '10:00'),
      updatedAt: at(2, '10:00'),
    }),
  ];

  return {
    at,
    meta: {
      id: 42,
      name: 'payments',
      path: 'payments',
      path_with_namespace: PATH,
      web_url: web,
      default_branch: 'main',
      archived: false,
    },
    mergeRequests: [mr1, mr2, mr3, mr4],
    deployments,
    issues,
    install(gitlab: FakeGitlab) {
      gitlab.addProject({
        meta: this.meta,
        mergeRequests: this.mergeRequests,
        deployments: this.deployments,
        issues: this.issues,
      });
    },
  };
}

export type PaymentsHistory = ReturnType<typeof paymentsHistory>;
