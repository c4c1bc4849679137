/*
 * The scheduled GitLab sync through the real plugin, on SQLite and
 * PostgreSQL, against a fake GitLab holding the hand-built history of
 * __testUtils__/gitlabHistory.ts (its header tells the story): a first sync's
 * requests, stored events, metrics and status. Re-runs and resumption are in
 * sync/resume.test.ts, rate limits in sync/rateLimits.test.ts.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { FakeGitlab } from './__testUtils__/FakeGitlab';
import {
  TEAM,
  component,
  scorecard,
  startBackend,
  storedDeployments,
  storedIssues,
  storedPullRequests,
  syncAll,
  syncStatus,
} from './__testUtils__/backend';
import {
  DAY,
  PATH,
  PaymentsHistory,
  SHAS,
} from './__testUtils__/gitlabHistory';
import { requestLog, usePaymentsGitlab } from './__testUtils__/paymentsFixture';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS_REF = 'component:default/payments';
const API = `/api/v4/projects/${PATH}`;

describe.each(databases.eachSupportedId())('GitLab sync on %p', databaseId => {
  const fixture = usePaymentsGitlab();
  let gitlab: FakeGitlab;
  let d0: number;
  let at: PaymentsHistory['at'];
  beforeEach(() => {
    ({ gitlab, d0 } = fixture);
    at = fixture.history.at;
  });

  const start = async (
    entities: unknown[] = [component('payments', PATH), TEAM],
  ) => {
    const knex = await databases.init(databaseId);
    const server = await startBackend({ knex, gitlab, entities });
    return { knex, server };
  };
  const requests = () => requestLog(gitlab);

  it('backfills merge requests, deployments and issues into the events the scorecard reads', async () => {
    const { knex, server } = await start([
      component('payments', PATH),
      component('ghost', 'acme/platform/gone'),
      TEAM,
    ]);

    const run = await syncAll(server);

    expect(run).toMatchObject({
      trigger: 'schedule',
      status: 'partial',
      projects: { total: 2, done: 2, current: null },
      items: { mergeRequests: 3, deployments: 4, incidents: 1, bugs: 1 },
      errors: [
        {
          project: 'acme/platform/gone',
          message:
            'not found (404) at /api/v4/projects/acme%2Fplatform%2Fgone: the project does not exist or the token cannot see it',
        },
      ],
    });
    const history180 = expect.stringMatching(/Z$/);
    // Lists are asked from 180 days back, sorted by updated_at; each next
    // page is asked from the newest updated_at delivered (GitLab includes
    // it), so an item already delivered comes again once and is skipped.
    expect(requests()).toEqual([
      [200, API],
      [200, `${API}/merge_requests`, history180, 1],
      // !1: its four notes are two pages of two (gitbeaker follows Link).
      [200, `${API}/merge_requests/1/commits`],
      [200, `${API}/merge_requests/1/diffs`],
      [200, `${API}/merge_requests/1/notes`],
      [200, `${API}/merge_requests/1/notes`, 2],
      [200, `${API}/merge_requests/1/approvals`],
      [200, `${API}/merge_requests/2/commits`],
      [200, `${API}/merge_requests/2/diffs`],
      [200, `${API}/merge_requests/2/notes`],
      [200, `${API}/merge_requests/2/approvals`],
      [200, `${API}/merge_requests`, at(1, '10:00'), 1],
      [200, `${API}/merge_requests/3/commits`],
      [200, `${API}/merge_requests/3/diffs`],
      [200, `${API}/merge_requests/3/notes`],
      [200, `${API}/merge_requests/3/approvals`],
      [200, `${API}/deployments`, history180, 1],
      [200, `${API}/deployments`, at(1, '12:00'), 1],
      [200, `${API}/deployments`, at(1, '16:10'), 1],
      [200, `${API}/deployments`, at(2, '12:40'), 1],
      [200, `${API}/issues`, history180, 1],
      [200, `${API}/issues`, at(2, '09:00'), 1],
      [404, '/api/v4/projects/acme/platform/gone'],
    ]);
    expect(run.requests).toBe(23);
    // 180 days back, not further: !4 (390 days old) is never read.
    expect(Date.parse(gitlab.requests[1].query.updated_after)).toBeGreaterThan(
      Date.now() - 180 * DAY - 60_000,
    );

    const host = gitlab.host;
    const web = `${gitlab.baseUrl}/${PATH}`;
    const locator = {
      entityRef: PAYMENTS_REF,
      gitlabProject: PATH,
      gitlabInstance: host,
    };
    const prs = await storedPullRequests(knex);
    expect(prs).toEqual([
      {
        id: `${host}/${PATH}!1`,
        ...locator,
        number: 1,
        title: 'Add refunds endpoint',
        author: 'ada',
        url: `${web}/-/merge_requests/1`,
        createdAt: at(0, '10:00'),
        mergedAt: at(0, '14:00'),
        // Merged: closed when merged.
        closedAt: at(0, '14:00'),
        // 3 added lines in one file; 2 added, 1 removed in the other.
        additions: 5,
        deletions: 1,
        changedFiles: 2,
        labels: ['feature'],
        files: ['src/refunds.ts', 'src/refunds.test.ts'],
        body: 'Adds POST /refunds.\n\nCloses #7',
        mergeCommitSha: SHAS.m1,
        mergedBy: 'grace',
        reverts: null,
        headRef: 'feature/refunds',
        // "marked this merge request as **ready**"
        readyForReviewAt: at(0, '10:30'),
        commits: [
          {
            sha: SHAS.c1,
            authoredAt: at(0, '09:00'),
            committedAt: at(0, '09:05'),
            message:
              'Add refunds endpoint\n\nCo-authored-by: Claude <noreply@anthropic.com>\n',
          },
        ],
        // grace's comment and approval note; ada's answer is the author's own.
        reviews: [
          {
            reviewer: 'grace',
            state: 'COMMENTED',
            submittedAt: at(0, '11:00'),
            isBot: false,
          },
          {
            reviewer: 'grace',
            state: 'APPROVED',
            submittedAt: at(0, '12:00'),
            isBot: false,
          },
        ],
      },
      {
        id: `${host}/${PATH}!2`,
        ...locator,
        number: 2,
        title: 'Raise limits',
        author: 'ada',
        url: `${web}/-/merge_requests/2`,
        createdAt: at(1, '09:00'),
        mergedAt: at(1, '10:00'),
        closedAt: at(1, '10:00'),
        additions: 1,
        deletions: 1,
        changedFiles: 1,
        labels: ['ai-assisted'],
        files: ['config/limits.yaml'],
        body: 'Raises the refund limit.',
        // No merge commit: the squash commit.
        mergeCommitSha: SHAS.m2,
        mergedBy: 'ada',
        reverts: null,
        headRef: 'fix/limits',
        readyForReviewAt: null,
        commits: [
          {
            sha: SHAS.c2,
            authoredAt: at(1, '08:00'),
            committedAt: at(1, '08:00'),
            message: 'Raise limits',
          },
        ],
        reviews: [
          {
            reviewer: 'ada',
            state: 'APPROVED',
            submittedAt: at(1, '09:30'),
            isBot: false,
          },
        ],
      },
      {
        id: `${host}/${PATH}!3`,
        ...locator,
        number: 3,
        title: 'Revert "Add refunds endpoint"',
        author: 'linus',
        url: `${web}/-/merge_requests/3`,
        createdAt: at(2, '10:00'),
        mergedAt: null,
        closedAt: null,
        additions: 0,
        deletions: 3,
        changedFiles: 1,
        labels: [],
        files: ['src/refunds.ts'],
        body: 'This reverts merge request !1\n\nRefunds charge twice.',
        mergeCommitSha: null,
        mergedBy: null,
        reverts: 1,
        headRef: 'revert-refunds',
        readyForReviewAt: null,
        commits: [
          {
            sha: SHAS.c3,
            authoredAt: at(2, '09:30'),
            committedAt: at(2, '09:30'),
            message: 'Revert "Add refunds endpoint"',
          },
        ],
        reviews: [
          {
            reviewer: 'ada',
            state: 'COMMENTED',
            submittedAt: at(2, '11:00'),
            isBot: false,
          },
          // A current approver without an approval note: at the MR's updated_at.
          {
            reviewer: 'grace',
            state: 'APPROVED',
            submittedAt: at(2, '12:00'),
            isBot: false,
          },
        ],
      },
    ]);

    const deployment = (id: number) => `${host}/${PATH}/deployments/${id}`;
    // 104 was canceled: none.
    expect(await storedDeployments(knex)).toEqual([
      {
        id: deployment(101),
        entityRef: PAYMENTS_REF,
        environment: 'production',
        status: 'success',
        startedAt: null,
        finishedAt: at(0, '16:00'),
        commitSha: SHAS.m1,
      },
      {
        id: deployment(102),
        entityRef: PAYMENTS_REF,
        environment: 'production',
        status: 'success',
        startedAt: null,
        finishedAt: at(1, '12:00'),
        commitSha: SHAS.m2,
      },
      {
        id: deployment(103),
        entityRef: PAYMENTS_REF,
        environment: 'production',
        status: 'failure',
        startedAt: null,
        finishedAt: at(1, '16:10'),
        commitSha: SHAS.m2,
      },
      {
        id: deployment(105),
        entityRef: PAYMENTS_REF,
        environment: 'staging',
        status: 'success',
        startedAt: null,
        finishedAt: at(2, '13:10'),
        commitSha: SHAS.c3,
      },
    ]);
    // #7 (docs) is neither.
    expect(await storedIssues(knex)).toEqual({
      incidents: [
        {
          id: `${host}/${PATH}#5`,
          entityRef: PAYMENTS_REF,
          title: 'Refunds fail',
          createdAt: at(1, '13:00'),
          resolvedAt: at(1, '15:00'),
          severity: 'high',
          url: `${web}/-/issues/5`,
        },
      ],
      bugs: [
        {
          id: `${host}/${PATH}#6`,
          entityRef: PAYMENTS_REF,
          title: 'Limit off by one',
          createdAt: at(2, '09:00'),
          closedAt: null,
          url: `${web}/-/issues/6`,
        },
      ],
    });

    const { metrics, aiPolicy } = await scorecard(server, 'payments', {
      from: new Date(d0).toISOString(),
      to: new Date(d0 + 7 * DAY).toISOString(),
    });
    // Lead time, first commit → production deployment of the merge commit:
    // !1 09:00 → 101 at 16:00 = 25,200 s; !2 08:00 → 102 at 12:00 next day
    // = 14,400 s; median (25,200 + 14,400) / 2 = 19,800 s.
    expect(metrics.lead_time_for_changes).toMatchObject({ value: 19800, n: 2 });
    // Successful production deployments 101 and 102 (103 failed, 105 is
    // staging); incident #5 (D1 13:00) follows 102 (12:00): 1 of 2.
    expect(metrics.change_failure_rate).toMatchObject({
      value: 0.5,
      numerator: 1,
      denominator: 2,
    });
    // 102 finished 12:00, its incident resolved 15:00: 10,800 s; the
    // incident itself 13:00 → 15:00: 7,200 s.
    expect(metrics.failed_deployment_recovery_time).toMatchObject({
      value: 10800,
      n: 1,
    });
    expect(metrics.time_to_restore).toMatchObject({ value: 7200, n: 1 });
    // Merged: !1 approved by grace, !2 only by ada, its author: 1 of 2.
    expect(metrics.review_coverage).toMatchObject({
      value: 0.5,
      numerator: 1,
      denominator: 2,
    });
    // !1 ready 10:30 → grace's comment 11:00 = 1,800 s; !2 has no review
    // by anyone but its author.
    expect(metrics.pr_pickup_time).toMatchObject({ value: 1800, n: 1 });
    // !1 by its Claude co-author trailer, !2 by its ai-assisted label.
    expect(metrics.ai_assisted_share).toMatchObject({
      value: 1,
      numerator: 2,
      denominator: 2,
    });
    // Default policy (a human approval, no self-merge): !1 passes; !2,
    // self-approved and self-merged, fails both.
    expect(metrics.ai_policy_compliance).toMatchObject({
      value: 0.5,
      numerator: 1,
      denominator: 2,
    });
    expect(aiPolicy).toMatchObject({ applicable: 2, compliant: 1, rate: 0.5 });
    expect(aiPolicy.violations.map((v: any) => v.pullRequest)).toEqual([2]);
    // Bug #6 / one active author (ada).
    expect(metrics.bugs_per_developer).toMatchObject({
      value: 1,
      numerator: 1,
      denominator: 1,
    });

    // The status shows each project, its cursors and counts.
    const status = await syncStatus(server);
    expect(status.enabled).toBe(true);
    expect(status.runs).toHaveLength(1);
    expect(status.projects).toEqual([
      expect.objectContaining({
        project: 'acme/platform/gone',
        key: `${host}/acme/platform/gone`,
        status: 'error',
        cursors: {},
      }),
      {
        project: PATH,
        host,
        key: `${host}/${PATH}`,
        status: 'ok',
        error: null,
        lastStartedAt: expect.any(String),
        lastFinishedAt: expect.any(String),
        historyFrom: history180,
        // The newest updated_at delivered of each kind.
        cursors: {
          mergeRequests: at(2, '12:00'),
          deployments: at(2, '13:10'),
          issues: at(2, '10:00'),
        },
        counts: { mergeRequests: 3, deployments: 4, incidents: 1, bugs: 1 },
      },
    ]);
  });
});
