/* Diff lines, deployments and issues as events; merge requests in restMapping.mergeRequests.test.ts. */
import {
  deploymentEvent,
  diffLineCounts,
  diffStats,
  issueEvent,
} from './restMapping';

const PROJECT = { host: 'gitlab.example.com', path: 'Acme/Platform/Payments' };
const LOCATOR = {
  source: 'gitlab',
  gitlabProject: 'Acme/Platform/Payments',
  gitlabInstance: 'gitlab.example.com',
};
const RULES = { incidentLabels: ['incident'], bugLabels: ['bug'] };

describe('diffLineCounts', () => {
  it.each([
    ['@@ -0,0 +1,2 @@\n+a\n+b\n', 2, 0],
    ['@@ -1,2 +1,2 @@\n-a\n+b\n c\n', 1, 1],
    // File headers are not lines; a removed "-- comment" line is.
    ['--- a/x.sql\n+++ b/x.sql\n@@ -1 +1 @@\n--- comment\n+-- note\n', 1, 1],
    ['--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+x', 1, 0],
    ['', 0, 0],
  ])('%j: +%p -%p', (diff, additions, deletions) => {
    expect(diffLineCounts(diff)).toEqual({ additions, deletions });
  });

  it('sums files; a too-large diff has no text and counts no lines', () => {
    expect(
      diffStats([
        { new_path: 'a.ts', diff: '@@ -1 +1 @@\n-x\n+y\n' },
        {
          old_path: 'big.json',
          new_path: 'big.json',
          diff: '',
          too_large: true,
        },
        {
          old_path: 'gone.ts',
          new_path: 'gone.ts',
          deleted_file: true,
          diff: '@@ -1 +0,0 @@\n-z\n',
        },
      ]),
    ).toEqual({
      additions: 1,
      deletions: 2,
      changedFiles: 3,
      files: ['a.ts', 'big.json', 'gone.ts'],
    });
  });
});

describe('deploymentEvent', () => {
  const base = {
    id: 77,
    sha: 'ABCDEF',
    created_at: '2026-03-02T15:50:00.000Z',
    updated_at: '2026-03-02T16:05:00.000Z',
    finished_at: '2026-03-02T16:00:00.000Z',
    environment: { name: 'prod-eu', tier: 'production' },
  };
  const id = 'gitlab.example.com/acme/platform/payments/deployments/77';
  it.each([
    [
      { ...base, status: 'success' },
      {
        status: 'success',
        environment: 'production',
        finishedAt: '2026-03-02T16:00:00Z',
        commitSha: 'abcdef',
      },
    ],
    [
      { ...base, status: 'failed', finished_at: null },
      {
        status: 'failure',
        environment: 'production',
        finishedAt: '2026-03-02T16:05:00Z',
        commitSha: 'abcdef',
      },
    ],
    [
      {
        ...base,
        status: 'success',
        sha: undefined,
        deployable: { commit: { id: 'fedcba' } },
        environment: { name: 'staging', tier: 'staging' },
      },
      {
        status: 'success',
        environment: 'staging',
        finishedAt: '2026-03-02T16:00:00Z',
        commitSha: 'fedcba',
      },
    ],
  ])('%j', (deployment, expected) => {
    expect(deploymentEvent(PROJECT, deployment)).toEqual({
      type: 'deployment',
      id,
      ...LOCATOR,
      startedAt: null,
      ...expected,
    });
  });

  it.each(['running', 'created', 'canceled', 'blocked', 'skipped'])(
    '%s is none',
    status => {
      expect(deploymentEvent(PROJECT, { ...base, status })).toBeNull();
    },
  );
});

describe('issueEvent', () => {
  const base = {
    iid: 5,
    title: 'Refunds fail',
    created_at: '2026-03-03T13:00:00.000Z',
    updated_at: '2026-03-03T15:30:00.000Z',
    web_url: 'https://gitlab.example.com/Acme/Platform/Payments/-/issues/5',
  };
  const common = {
    id: 'gitlab.example.com/acme/platform/payments#5',
    ...LOCATOR,
    title: 'Refunds fail',
    createdAt: '2026-03-03T13:00:00Z',
    url: 'https://gitlab.example.com/Acme/Platform/Payments/-/issues/5',
  };
  it.each([
    [
      {
        ...base,
        issue_type: 'incident',
        state: 'closed',
        closed_at: '2026-03-03T15:00:00.000Z',
        severity: 'HIGH',
        labels: [],
      },
      {
        ...common,
        type: 'incident',
        resolvedAt: '2026-03-03T15:00:00Z',
        severity: 'high',
      },
    ],
    // `type` where `issue_type` is gone; UNKNOWN is no severity.
    [
      {
        ...base,
        type: 'INCIDENT',
        state: 'opened',
        severity: 'UNKNOWN',
        labels: [],
      },
      { ...common, type: 'incident', resolvedAt: null, severity: null },
    ],
    [
      { ...base, issue_type: 'issue', state: 'opened', labels: ['Incident'] },
      { ...common, type: 'incident', resolvedAt: null, severity: null },
    ],
    // Closed without closed_at: its last update.
    [
      { ...base, issue_type: 'issue', state: 'closed', labels: ['BUG'] },
      { ...common, type: 'bug', closedAt: '2026-03-03T15:30:00Z' },
    ],
    [
      {
        ...base,
        issue_type: 'issue',
        state: 'opened',
        labels: [{ name: 'bug' }],
      },
      { ...common, type: 'bug', closedAt: null },
    ],
    [{ ...base, issue_type: 'issue', state: 'opened', labels: ['docs'] }, null],
  ])('%j', (issue, expected) => {
    expect(issueEvent(PROJECT, issue, RULES)).toEqual(expected);
  });
});
