import type {
  DeploymentEvent,
  IncidentEvent,
  PullRequestEvent,
} from '@shewhart/plugin-quality-scorecard-common';

/** A merged PR in the shape of the events API, with a trailer and an approval. */
export function pullRequest(overrides: Partial<PullRequestEvent> = {}): PullRequestEvent {
  return {
    type: 'pull_request',
    id: 'acme/payments#17',
    source: 'github',
    repository: 'acme/payments',
    number: 17,
    title: 'Add refund endpoint',
    author: 'ada',
    url: 'https://github.com/acme/payments/pull/17',
    createdAt: '2026-03-02T09:00:00Z',
    mergedAt: '2026-03-03T15:30:00Z',
    closedAt: '2026-03-03T15:30:00Z',
    additions: 120,
    deletions: 8,
    changedFiles: 4,
    labels: ['feature'],
    files: ['src/refund.ts', 'src/refund.test.ts'],
    commits: [
      {
        sha: 'a1b2c3d4',
        authoredAt: '2026-03-01T17:00:00Z',
        message: 'Add refunds\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>',
      },
    ],
    reviews: [
      { reviewer: 'grace', state: 'APPROVED', submittedAt: '2026-03-03T14:00:00Z' },
    ],
    mergeCommitSha: 'ffeeddcc',
    mergedBy: 'grace',
    ...overrides,
  };
}

export function deployment(overrides: Partial<DeploymentEvent> = {}): DeploymentEvent {
  return {
    type: 'deployment',
    id: 'deploy-1',
    source: 'jenkins',
    entityRef: 'component:default/payments',
    environment: 'production',
    status: 'success',
    finishedAt: '2026-03-04T10:00:00Z',
    pullRequests: [17],
    ...overrides,
  };
}

export function incident(overrides: Partial<IncidentEvent> = {}): IncidentEvent {
  return {
    type: 'incident',
    id: 'INC-1',
    source: 'pagerduty',
    pagerDutyServiceId: 'PAYAPI1',
    title: 'Refunds failing',
    createdAt: '2026-03-04T12:00:00Z',
    resolvedAt: '2026-03-04T13:30:00Z',
    ...overrides,
  };
}
