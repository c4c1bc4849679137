import {
  classifyIssue,
  deploymentEvent,
  deploymentId,
  pullRequestId,
  revertedPullRequest,
  rootCauseSha,
  severityFromLabels,
  workflowRunDeploymentEvent,
} from './mapping';
import { describeError, nextPageUrl } from './GithubClient';

describe('ids', () => {
  it('are the webhook mapper ids: lower-case repository, #number and /deployments/id', () => {
    expect(pullRequestId('Acme/Payments', 12)).toBe('acme/payments#12');
    expect(deploymentId('Acme/Payments', 77)).toBe(
      'acme/payments/deployments/77',
    );
  });
});

describe('rootCauseSha', () => {
  it.each([
    ['root cause: 3ddd58c', '3ddd58c'],
    [
      'Summary\n\nRoot Cause: 3DDD58C390B0F928A5782C235F90AD0C9C21312C\n',
      '3ddd58c390b0f928a5782c235f90ad0c9c21312c',
    ],
    ['root cause:3ddd58c390', '3ddd58c390'],
    ['root cause: abc12', undefined],
    ['root cause: the cache', undefined],
    [null, undefined],
  ])('%p → %p', (body, expected) => {
    expect(rootCauseSha(body)).toBe(expected);
  });
});

describe('severityFromLabels', () => {
  it.each([
    [['Incident', 'severity: high'], 'high'],
    [['severity/critical'], 'critical'],
    [['Sev-1'], 'sev1'],
    [['sev2', 'severity: low'], 'sev2'],
    [['Incident'], null],
  ])('%p → %p', (labels, expected) => {
    expect(severityFromLabels(labels)).toBe(expected);
  });
});

describe('classifyIssue', () => {
  const labels = { incident: ['Incident'], bug: ['bug', 'defect'] };
  it.each([
    [{ labels: [{ name: 'incident' }] }, 'incident'],
    [{ labels: [{ name: 'Bug' }, { name: 'Incident' }] }, 'incident'],
    [{ labels: ['defect'] }, 'bug'],
    [{ labels: [{ name: 'bug' }], pull_request: { url: 'x' } }, undefined],
    [{ labels: [{ name: 'question' }] }, undefined],
  ])('%j → %p', (issue, expected) => {
    expect(classifyIssue(issue, labels)).toBe(expected);
  });
});

describe('revertedPullRequest', () => {
  it('reads the body GitHub writes for a revert PR', () => {
    expect(
      revertedPullRequest('Reverts acme/payments#12\n\nBroke refunds'),
    ).toBe(12);
    expect(revertedPullRequest('This reverts a thing')).toBeNull();
  });
});

describe('deploymentEvent', () => {
  const deployment = {
    id: 5,
    sha: 'abc',
    environment: 'staging',
    created_at: '2026-01-01T10:00:00Z',
  };
  const status = (state: string, at: string, environment = 'staging') => ({
    state,
    environment,
    created_at: at,
    updated_at: at,
  });

  it('takes the newest terminal status, past inactive and in-progress ones', () => {
    expect(
      deploymentEvent('acme/app', deployment, [
        status('inactive', '2026-01-03T00:00:00Z'),
        status('error', '2026-01-01T10:09:00Z'),
        status('success', '2026-01-01T10:05:00Z'),
      ]),
    ).toEqual({
      type: 'deployment',
      source: 'github',
      id: 'acme/app/deployments/5',
      repository: 'acme/app',
      environment: 'staging',
      status: 'failure',
      startedAt: '2026-01-01T10:00:00Z',
      finishedAt: '2026-01-01T10:09:00Z',
      commitSha: 'abc',
    });
  });

  it('has no event while no status is terminal', () => {
    expect(
      deploymentEvent('acme/app', deployment, [
        status('in_progress', '2026-01-01T10:01:00Z'),
      ]),
    ).toBeUndefined();
    expect(deploymentEvent('acme/app', deployment, [])).toBeUndefined();
  });
});

describe('workflowRunDeploymentEvent', () => {
  it('is a successful deployment from the run start to its last update', () => {
    expect(
      workflowRunDeploymentEvent(
        'acme/app',
        {
          id: 9,
          head_sha: 'def',
          created_at: '2026-01-01T10:00:00Z',
          run_started_at: '2026-01-01T10:01:00Z',
          updated_at: '2026-01-01T10:07:00Z',
        },
        'production',
      ),
    ).toEqual({
      type: 'deployment',
      source: 'github',
      id: 'acme/app/actions/runs/9',
      repository: 'acme/app',
      environment: 'production',
      status: 'success',
      startedAt: '2026-01-01T10:01:00Z',
      finishedAt: '2026-01-01T10:07:00Z',
      commitSha: 'def',
    });
  });
});

describe('nextPageUrl', () => {
  it('finds rel="next" wherever it stands in the Link header', () => {
    expect(
      nextPageUrl(
        '<https://api.github.com/repositories/1/pulls?page=1>; rel="prev", <https://api.github.com/repositories/1/pulls?page=3>; rel="next", <https://api.github.com/repositories/1/pulls?page=9>; rel="last"',
      ),
    ).toBe('https://api.github.com/repositories/1/pulls?page=3');
    expect(
      nextPageUrl('<https://api.github.com/x?page=1>; rel="first"'),
    ).toBeUndefined();
    expect(nextPageUrl(undefined)).toBeUndefined();
  });
});

describe('describeError', () => {
  const httpError = (status: number, message: string) =>
    Object.assign(new Error(message), { status });
  it('names what an operator does about it', () => {
    expect(describeError(httpError(404, 'Not Found'))).toBe(
      'not found (404): the repository does not exist or the credentials cannot see it',
    );
    expect(
      describeError(httpError(403, 'Resource not accessible by integration')),
    ).toBe('forbidden (403): Resource not accessible by integration');
    expect(describeError(new Error('socket hang up'))).toBe('socket hang up');
  });
});
