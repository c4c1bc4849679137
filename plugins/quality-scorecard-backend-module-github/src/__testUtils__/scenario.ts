/**
 * The acme/payments repository of the module tests, dated relative to `now`:
 * four pull requests inside the 180-day history and one outside it,
 * deployments with their statuses, a deployment workflow, and labelled issues.
 */
import { FakeGithub } from './FakeGithub';
import {
  commit,
  deployment,
  deploymentStatus,
  file,
  issue,
  pullRequest,
  repository,
  review,
  sha,
  workflowRun,
} from './githubPayloads';

export const PAYMENTS = 'acme/payments';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** GitHub's time format: seconds, `Z`. */
export const githubTime = (ms: number) =>
  new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function paymentsScenario(now: number) {
  const ago = (days: number, hours = 0) =>
    githubTime(now - days * DAY + hours * HOUR);
  const times = {
    pr1Created: ago(20),
    pr1Merged: ago(18),
    // PR 1 was opened as a draft and marked ready an hour before the first review.
    pr1Ready: ago(19, 1),
    pr2Created: ago(15),
    pr2Closed: ago(14),
    pr3Created: ago(3),
    pr3Updated: ago(2),
    pr4Merged: ago(10),
    incidentCreated: ago(16),
    incidentClosed: ago(16, 3),
    bugCreated: ago(12),
    openIncidentCreated: ago(6),
  };

  const c1 = sha('payments:c1');
  const c2 = sha('payments:c2');
  const pr1Commits = [
    commit(PAYMENTS, {
      sha: c1,
      author: 'ada',
      date: ago(20),
      message:
        'Add refunds endpoint\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>',
    }),
    commit(PAYMENTS, {
      sha: c2,
      author: 'ada',
      date: ago(19),
      message: 'Test refunds',
    }),
  ];
  const pr1 = {
    detail: pullRequest(
      PAYMENTS,
      {
        number: 1,
        title: 'Add refunds endpoint',
        author: 'ada',
        createdAt: times.pr1Created,
        updatedAt: times.pr1Merged,
        closedAt: times.pr1Merged,
        mergedAt: times.pr1Merged,
        mergedBy: 'grace',
        body: 'Adds POST /refunds.\n\nCloses #7',
        labels: ['feature'],
        headRef: 'feature/refunds',
      },
      { additions: 65, deletions: 2, changedFiles: 2, commits: 2 },
    ),
    commits: pr1Commits,
    reviews: [
      review(PAYMENTS, 1, {
        reviewer: 'grace',
        state: 'COMMENTED',
        submittedAt: ago(19, 2),
        body: 'What about partial refunds?',
      }),
      review(PAYMENTS, 1, {
        reviewer: 'grace',
        state: 'APPROVED',
        submittedAt: ago(18, -2),
      }),
      // A draft review only its author sees: not a review yet.
      review(PAYMENTS, 1, { reviewer: 'bob', state: 'PENDING' }),
    ],
    files: [
      file(PAYMENTS, 'src/refunds.ts', 40, 2),
      file(PAYMENTS, 'src/refunds.test.ts', 25, 0),
    ],
    // The issue timeline as GitHub answers it: other events, and the ready_for_review.
    timeline: [
      { event: 'labeled', created_at: ago(20), label: { name: 'feature' } },
      { event: 'ready_for_review', created_at: ago(19, 1), actor: { login: 'ada' } },
    ],
  };
  const pr2 = {
    detail: pullRequest(
      PAYMENTS,
      {
        number: 2,
        title: 'Try a new cache',
        author: 'bob',
        createdAt: times.pr2Created,
        updatedAt: times.pr2Closed,
        closedAt: times.pr2Closed,
        labels: ['bug'],
      },
      { additions: 12, deletions: 30, changedFiles: 1, commits: 1 },
    ),
    commits: [
      commit(PAYMENTS, {
        sha: sha('payments:c3'),
        author: 'bob',
        date: ago(15),
        message: 'Cache lookups',
      }),
    ],
    reviews: [
      review(PAYMENTS, 2, {
        reviewer: 'lint-bot[bot]',
        reviewerType: 'Bot',
        state: 'COMMENTED',
        submittedAt: ago(15, 1),
      }),
    ],
    files: [file(PAYMENTS, 'src/cache.ts', 12, 30)],
  };
  const pr3 = {
    detail: pullRequest(
      PAYMENTS,
      {
        number: 3,
        title: 'Bump retry limit',
        author: 'Copilot',
        authorType: 'Bot',
        assignees: ['ada'],
        createdAt: times.pr3Created,
        updatedAt: times.pr3Updated,
        draft: true,
        headRef: 'copilot/bump-retries',
      },
      { additions: 1, deletions: 1, changedFiles: 1, commits: 1 },
    ),
    commits: [
      commit(PAYMENTS, {
        sha: sha('payments:c4'),
        author: 'Copilot',
        date: ago(3),
        message: 'Bump retry limit to 5',
      }),
    ],
    reviews: [] as Array<Record<string, any>>,
    files: [file(PAYMENTS, 'config/retries.yaml', 1, 1)],
  };
  const pr4 = {
    detail: pullRequest(
      PAYMENTS,
      {
        number: 4,
        title: 'Revert "Add refunds endpoint"',
        author: 'grace',
        createdAt: ago(10, -1),
        updatedAt: times.pr4Merged,
        closedAt: times.pr4Merged,
        mergedAt: times.pr4Merged,
        mergedBy: 'grace',
        body: 'Reverts acme/payments#1',
        headRef: 'revert-1-feature/refunds',
      },
      { additions: 2, deletions: 65, changedFiles: 2, commits: 1 },
    ),
    commits: [
      commit(PAYMENTS, {
        sha: sha('payments:c5'),
        author: 'grace',
        date: ago(10, -1),
        message: `Revert "Add refunds endpoint"

This reverts commit ${sha('payments:pr1-merge')}.`,
      }),
    ],
    reviews: [
      review(PAYMENTS, 4, {
        reviewer: 'ada',
        state: 'APPROVED',
        submittedAt: ago(10, -1),
      }),
    ],
    files: [
      file(PAYMENTS, 'src/refunds.ts', 2, 40),
      file(PAYMENTS, 'src/refunds.test.ts', 0, 25),
    ],
  };
  // Merged and last touched 200 days ago: outside the history.
  const pr5 = {
    detail: pullRequest(
      PAYMENTS,
      {
        number: 5,
        title: 'Initial payments service',
        author: 'ada',
        createdAt: ago(400),
        updatedAt: ago(200),
        closedAt: ago(200),
        mergedAt: ago(200),
        mergedBy: 'ada',
      },
      { additions: 900, deletions: 0, changedFiles: 30, commits: 12 },
    ),
    commits: [],
    reviews: [],
    files: [],
  };

  const pr1Merge = pr1.detail.merge_commit_sha as string;
  const pr4Merge = pr4.detail.merge_commit_sha as string;
  const dep = (
    id: number,
    commitSha: string,
    createdDaysAgo: number,
    statuses: Array<[string, number]>,
  ) => {
    const created = now - createdDaysAgo * DAY;
    const statusTimes = statuses.map(([state, minutes]) => ({
      state,
      at: githubTime(created + minutes * 60_000),
    }));
    return {
      deployment: deployment(PAYMENTS, {
        id,
        sha: commitSha,
        environment: 'production',
        createdAt: githubTime(created),
        updatedAt: statusTimes[0]?.at ?? githubTime(created),
      }),
      statuses: statusTimes.map(s =>
        deploymentStatus(PAYMENTS, id, { ...s, environment: 'production' }),
      ),
    };
  };
  const deployments = [
    // Superseded later (inactive) after it succeeded.
    dep(499, sha('payments:older-main'), 25, [
      ['inactive', 8 * 24 * 60],
      ['success', 9],
      ['in_progress', 1],
    ]),
    dep(500, sha('payments:ancient'), 300, [['success', 5]]),
    dep(501, pr1Merge, 17, [
      ['success', 10],
      ['in_progress', 2],
      ['queued', 0],
    ]),
    dep(502, pr4Merge, 9, [
      ['failure', 5],
      ['in_progress', 1],
    ]),
    // Still running: no outcome to store yet.
    dep(503, sha('payments:head'), 1, [['in_progress', 1]]),
  ];

  const runs = [
    workflowRun(PAYMENTS, {
      id: 9001,
      workflow: 'deploy.yml',
      headSha: pr1Merge,
      branch: 'main',
      createdAt: ago(12),
      updatedAt: ago(12, 1),
    }),
    workflowRun(PAYMENTS, {
      id: 9002,
      workflow: 'deploy.yml',
      headSha: pr4Merge,
      branch: 'main',
      createdAt: ago(5),
      updatedAt: ago(5, 1),
    }),
    workflowRun(PAYMENTS, {
      id: 9003,
      workflow: 'deploy.yml',
      headSha: sha('payments:head'),
      branch: 'main',
      createdAt: ago(4),
      updatedAt: ago(4, 1),
      conclusion: 'failure',
    }),
    workflowRun(PAYMENTS, {
      id: 8000,
      workflow: 'deploy.yml',
      headSha: sha('payments:ancient'),
      branch: 'main',
      createdAt: ago(250),
      updatedAt: ago(250, 1),
    }),
  ];

  const issues = [
    issue(PAYMENTS, {
      number: 20,
      title: 'Refunds return 500',
      author: 'oncall',
      labels: ['Incident', 'severity: high'],
      createdAt: times.incidentCreated,
      updatedAt: times.incidentClosed,
      closedAt: times.incidentClosed,
      body: `Customers could not get refunds.\n\nroot cause: ${pr1Merge.slice(
        0,
        7,
      )}`,
    }),
    issue(PAYMENTS, {
      number: 21,
      title: 'Rounding error in refunds',
      author: 'support',
      labels: ['bug'],
      createdAt: times.bugCreated,
      updatedAt: times.bugCreated,
      body: `Refunds of 0.10 show 0.1000001.\nroot cause: ${c2.slice(0, 10)}`,
    }),
    // The issues API lists pull requests too: not a bug report.
    issue(PAYMENTS, {
      number: 2,
      title: 'Try a new cache',
      author: 'bob',
      labels: ['bug'],
      createdAt: times.pr2Created,
      updatedAt: times.pr2Closed,
      closedAt: times.pr2Closed,
      isPullRequest: true,
    }),
    issue(PAYMENTS, {
      number: 23,
      title: 'Checkout timeouts',
      author: 'oncall',
      labels: ['incident'],
      createdAt: times.openIncidentCreated,
      updatedAt: times.openIncidentCreated,
      body: 'root cause: deadbeef1',
    }),
    issue(PAYMENTS, {
      number: 24,
      title: 'Old outage',
      author: 'oncall',
      labels: ['Incident'],
      createdAt: ago(310),
      updatedAt: ago(300),
      closedAt: ago(300),
    }),
  ];

  return {
    times,
    shas: { c1, c2, pr1Merge, pr4Merge },
    install(github: FakeGithub) {
      github.addRepository({
        meta: repository(PAYMENTS),
        pulls: [pr1, pr2, pr3, pr4, pr5],
        deployments,
        issues,
        workflowRuns: { 'deploy.yml': runs },
      });
    },
    pulls: { pr1, pr2, pr3, pr4, pr5 },
    deployments,
  };
}
