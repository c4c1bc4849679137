import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { FakeGithub } from './__testUtils__/FakeGithub';
import { issue, repository, review } from './__testUtils__/githubPayloads';
import {
  AUTH,
  TEAM,
  component,
  sendWebhook,
  startBackend,
  storedBugs,
  storedDeployments,
  storedIncidents,
  storedPullRequests,
  syncAll,
} from './__testUtils__/backend';
import {
  PAYMENTS,
  githubTime,
  paymentsScenario,
} from './__testUtils__/scenario';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS_REF = 'component:default/payments';
const ENTITIES = [
  component('legacy-gateway', 'acme/gone'),
  component('payments', PAYMENTS),
  component('old-billing', 'acme/old-billing'),
  TEAM,
];

const ms = (iso: string) => Date.parse(iso);

describe.each(databases.eachSupportedId())('GitHub sync on %p', databaseId => {
  let github: FakeGithub;
  let now: number;
  let scenario: ReturnType<typeof paymentsScenario>;

  beforeEach(async () => {
    github = new FakeGithub();
    // Small pages, so that every list follows Link headers.
    github.maxPerPage = 2;
    await github.start();
    now = Date.now();
    scenario = paymentsScenario(now);
    scenario.install(github);
    github.addRepository({
      meta: repository('acme/old-billing', { archived: true }),
    });
  });

  afterEach(async () => {
    await github.stop();
  });

  async function start() {
    const knex = await databases.init(databaseId);
    const server = await startBackend({
      knex,
      githubUrl: github.baseUrl,
      entities: ENTITIES,
      sync: { deploymentWorkflows: [{ workflow: 'deploy.yml' }] },
    });
    return { knex, server };
  }

  it('backfills pull requests, deployments and issues; skips a 404 and an archived repository; waits out rate limits', async () => {
    const { knex, server } = await start();
    github.secondaryRateLimit(/\/pulls\/1\/reviews$/, {
      status: 403,
      retryAfter: 1,
    });
    github.secondaryRateLimit(/\/deployments\/501\/statuses$/, {
      status: 429,
      retryAfter: 1,
    });

    const run = await syncAll(server);

    expect(run).toMatchObject({
      trigger: 'schedule',
      status: 'partial',
      repositories: { total: 3, done: 3, current: null },
      items: { pullRequests: 4, deployments: 5, incidents: 2, bugs: 1 },
      errors: [
        {
          repository: 'acme/gone',
          message:
            'not found (404): the repository does not exist or the credentials cannot see it',
        },
        { repository: 'acme/old-billing', message: 'archived; skipped' },
      ],
    });
    // 36 for acme/payments (1 repository, 3 PR list pages, 17 for four PRs'
    // details, commits, reviews and files, 2 timelines of the merged ones,
    // 3 deployment pages and 4 status lists, 2 workflow run pages, 3 issue
    // pages, 1 root-cause commit lookup), the two rate-limited requests sent
    // again, 1 each for the other two.
    expect(run.requests).toBe(40);
    expect(github.count()).toBe(40);
    expect(
      github.requests
        .filter(r => r.status === 403 || r.status === 429)
        .map(r => [r.status, r.path]),
    ).toEqual([
      [403, '/repos/acme/payments/pulls/1/reviews'],
      [429, '/repos/acme/payments/deployments/501/statuses'],
    ]);
    // Nothing older than the 180-day history was asked for in detail.
    expect(github.count(r => r.path === '/repos/acme/payments/pulls/5')).toBe(
      0,
    );
    expect(
      github.count(
        r => r.path === '/repos/acme/payments/deployments/500/statuses',
      ),
    ).toBe(0);

    const { pr1, pr4 } = scenario.pulls;
    const { times, shas } = scenario;
    const prs = await storedPullRequests(knex);
    expect(prs.map(p => p.id)).toEqual([
      'acme/payments#1',
      'acme/payments#2',
      'acme/payments#3',
      'acme/payments#4',
    ]);
    const { contentHash, ...first } = prs[0];
    expect(first).toEqual({
      id: 'acme/payments#1',
      entityRef: PAYMENTS_REF,
      repository: PAYMENTS,
      number: 1,
      title: 'Add refunds endpoint',
      author: 'ada',
      url: 'https://github.com/acme/payments/pull/1',
      createdAt: ms(times.pr1Created),
      mergedAt: ms(times.pr1Merged),
      closedAt: ms(times.pr1Merged),
      additions: 65,
      deletions: 2,
      changedFiles: 2,
      labels: ['feature'],
      files: ['src/refunds.ts', 'src/refunds.test.ts'],
      body: 'Adds POST /refunds.\n\nCloses #7',
      mergeCommitSha: shas.pr1Merge,
      mergedBy: 'grace',
      reverts: null,
      headRef: 'feature/refunds',
      startedBy: null,
      // From the issue timeline's ready_for_review event.
      readyForReviewAt: ms(times.pr1Ready),
      commits: pr1.commits.map(c => ({
        sha: c.sha,
        authoredAt: ms(c.commit.author.date),
        // The committer time, stored beside the author time (here the same instant).
        committedAt: ms(c.commit.committer.date),
        message: c.commit.message,
      })),
      reviews: [
        {
          reviewer: 'grace',
          state: 'COMMENTED',
          submittedAt: ms(pr1.reviews[0].submitted_at),
          isBot: false,
        },
        {
          reviewer: 'grace',
          state: 'APPROVED',
          submittedAt: ms(pr1.reviews[1].submitted_at),
          isBot: false,
        },
      ],
    });
    expect(prs[1]).toMatchObject({
      number: 2,
      mergedAt: null,
      closedAt: ms(times.pr2Closed),
      mergeCommitSha: null,
      mergedBy: null,
      additions: 12,
      deletions: 30,
      reviews: [
        expect.objectContaining({ reviewer: 'lint-bot[bot]', isBot: true }),
      ],
    });
    expect(prs[2]).toMatchObject({
      number: 3,
      author: 'Copilot',
      startedBy: 'ada',
      mergedAt: null,
      closedAt: null,
      reviews: [],
      files: ['config/retries.yaml'],
    });
    expect(prs[3]).toMatchObject({
      number: 4,
      reverts: 1,
      mergeCommitSha: pr4.detail.merge_commit_sha,
      reviews: [
        expect.objectContaining({ reviewer: 'ada', state: 'APPROVED' }),
      ],
    });

    const deployments = await storedDeployments(knex);
    const [d499, , d501, d502] = scenario.deployments;
    expect(
      deployments.map(({ contentHash: _h, updatedAt: _u, ...d }) => d),
    ).toEqual([
      {
        id: 'acme/payments/actions/runs/9001',
        entityRef: PAYMENTS_REF,
        repository: PAYMENTS,
        environment: 'production',
        status: 'success',
        startedAt: ms(githubTime(now - 12 * 86_400_000)),
        finishedAt: ms(githubTime(now - 12 * 86_400_000 + 3_600_000)),
        commitSha: shas.pr1Merge,
      },
      expect.objectContaining({
        id: 'acme/payments/actions/runs/9002',
        status: 'success',
        commitSha: shas.pr4Merge,
      }),
      {
        id: 'acme/payments/deployments/499',
        entityRef: PAYMENTS_REF,
        repository: PAYMENTS,
        environment: 'production',
        status: 'success',
        startedAt: ms(d499.deployment.created_at),
        // The success, not the later "inactive" that superseded it.
        finishedAt: ms(d499.statuses[1].updated_at),
        commitSha: d499.deployment.sha,
      },
      expect.objectContaining({
        id: 'acme/payments/deployments/501',
        status: 'success',
        finishedAt: ms(d501.statuses[0].updated_at),
        commitSha: shas.pr1Merge,
      }),
      expect.objectContaining({
        id: 'acme/payments/deployments/502',
        status: 'failure',
        finishedAt: ms(d502.statuses[0].updated_at),
      }),
    ]);

    expect(await storedIncidents(knex)).toEqual([
      {
        id: 'acme/payments/issues/20',
        entityRef: PAYMENTS_REF,
        title: 'Refunds return 500',
        createdAt: ms(times.incidentCreated),
        resolvedAt: ms(times.incidentClosed),
        severity: 'high',
        // "root cause: <7 characters of PR #1's merge commit>"
        causedByPr: 1,
        url: 'https://github.com/acme/payments/issues/20',
      },
      {
        id: 'acme/payments/issues/23',
        entityRef: PAYMENTS_REF,
        title: 'Checkout timeouts',
        createdAt: ms(times.openIncidentCreated),
        resolvedAt: null,
        severity: null,
        // Its root cause is in no pull request GitHub knows.
        causedByPr: null,
        url: 'https://github.com/acme/payments/issues/23',
      },
    ]);
    expect(await storedBugs(knex)).toEqual([
      {
        id: 'acme/payments/issues/21',
        entityRef: PAYMENTS_REF,
        title: 'Rounding error in refunds',
        createdAt: ms(times.bugCreated),
        closedAt: null,
        // A commit of PR #1, not its merge commit.
        introducedByPr: 1,
        url: 'https://github.com/acme/payments/issues/21',
      },
    ]);

    // The status endpoint reports each repository.
    const status = await request(server)
      .get('/api/quality-scorecard/github/sync/status')
      .set(AUTH)
      .expect(200);
    expect(status.body.enabled).toBe(true);
    expect(
      status.body.repositories.map((r: any) => [
        r.repository,
        r.status,
        r.error,
      ]),
    ).toEqual([
      ['acme/gone', 'error', expect.stringContaining('404')],
      ['acme/old-billing', 'skipped', 'archived'],
      [PAYMENTS, 'ok', null],
    ]);
    expect(status.body.repositories[2].counts).toEqual({
      pullRequests: 4,
      deployments: 5,
      incidents: 2,
      bugs: 1,
    });
  });

  it('re-runs incrementally: nothing changed costs only 304s; a change fetches only that', async () => {
    const { knex, server } = await start();
    await syncAll(server);
    const before = await storedPullRequests(knex);

    github.clearRequests();
    const unchanged = await syncAll(server);
    expect(unchanged.items).toEqual({
      pullRequests: 0,
      deployments: 0,
      incidents: 0,
      bugs: 0,
    });
    expect(github.requests.map(r => [r.status, r.path])).toEqual([
      [404, '/repos/acme/gone'],
      [304, '/repos/acme/payments'],
      [304, '/repos/acme/payments/pulls'],
      [304, '/repos/acme/payments/deployments'],
      [304, '/repos/acme/payments/actions/workflows/deploy.yml/runs'],
      [304, '/repos/acme/payments/issues'],
      [304, '/repos/acme/payments/issues'],
      [304, '/repos/acme/old-billing'],
    ]);
    expect(unchanged.requests).toBe(8);
    expect(await storedPullRequests(knex)).toEqual(before);

    // A review on PR #3 and a new incident.
    const pr3 = github.repository(PAYMENTS).pulls[2];
    const reviewedAt = githubTime(now - 86_400_000);
    pr3.reviews.push(
      review(PAYMENTS, 3, {
        reviewer: 'grace',
        state: 'APPROVED',
        submittedAt: reviewedAt,
      }),
    );
    pr3.detail.updated_at = reviewedAt;
    github.repository(PAYMENTS).issues.push(
      issue(PAYMENTS, {
        number: 25,
        title: 'Refund webhooks delayed',
        author: 'oncall',
        labels: ['Incident'],
        createdAt: githubTime(now - 3_600_000),
        updatedAt: githubTime(now - 3_600_000),
      }),
    );

    github.clearRequests();
    const changed = await syncAll(server);
    expect(changed.items).toEqual({
      pullRequests: 1,
      deployments: 0,
      incidents: 2,
      bugs: 0,
    });
    expect(github.requests.map(r => [r.status, r.path])).toEqual([
      [404, '/repos/acme/gone'],
      [304, '/repos/acme/payments'],
      // The first page holds PR #3 and PR #4, older than the cursor: stop.
      [200, '/repos/acme/payments/pulls'],
      [200, '/repos/acme/payments/pulls/3'],
      [200, '/repos/acme/payments/pulls/3/commits'],
      [200, '/repos/acme/payments/pulls/3/reviews'],
      [200, '/repos/acme/payments/pulls/3/files'],
      [304, '/repos/acme/payments/deployments'],
      [304, '/repos/acme/payments/actions/workflows/deploy.yml/runs'],
      // Incident: #25 and #23 (last run's newest, at the cursor), then #20 is older.
      [200, '/repos/acme/payments/issues'],
      [200, '/repos/acme/payments/issues'],
      [304, '/repos/acme/payments/issues'],
      [200, '/repos/acme/payments/commits/deadbeef1/pulls'],
      [304, '/repos/acme/old-billing'],
    ]);
    expect(changed.requests).toBe(14);
    const after = await storedPullRequests(knex);
    expect(after.find(p => p.number === 3)?.reviews).toEqual([
      {
        reviewer: 'grace',
        state: 'APPROVED',
        submittedAt: ms(reviewedAt),
        isBot: false,
      },
    ]);
    expect(after.filter(p => p.number !== 3)).toEqual(
      before.filter(p => p.number !== 3),
    );
    expect((await storedIncidents(knex)).map(i => i.id)).toEqual([
      'acme/payments/issues/20',
      'acme/payments/issues/23',
      'acme/payments/issues/25',
    ]);
  });

  it('stores a pull request and a deployment once when a webhook and the sync both see them', async () => {
    const { knex, server } = await start();
    const { pr1 } = scenario.pulls;
    const d501 = scenario.deployments[2];
    const repo = repository(PAYMENTS);
    const sender = { login: 'grace', type: 'User' };

    await sendWebhook(server, 'pull_request', {
      action: 'closed',
      number: 1,
      pull_request: pr1.detail,
      repository: repo,
      sender,
    });
    await sendWebhook(server, 'deployment_status', {
      action: 'created',
      deployment_status: d501.statuses[0],
      deployment: d501.deployment,
      repository: repo,
      sender,
    });
    const [fromWebhook] = await storedPullRequests(knex);
    expect(fromWebhook).toMatchObject({
      id: 'acme/payments#1',
      files: null,
      commits: [],
      additions: 65,
    });
    const [deploymentFromWebhook] = await storedDeployments(knex);

    await syncAll(server);
    const prs = (await storedPullRequests(knex)).filter(p => p.number === 1);
    expect(prs).toHaveLength(1);
    // The sync's richer version replaced the webhook's.
    expect(prs[0]).toMatchObject({
      files: ['src/refunds.ts', 'src/refunds.test.ts'],
      commits: [
        expect.objectContaining({ sha: scenario.shas.c1 }),
        expect.objectContaining({ sha: scenario.shas.c2 }),
      ],
      reviews: [
        expect.objectContaining({ state: 'COMMENTED' }),
        expect.objectContaining({ state: 'APPROVED' }),
      ],
    });
    // The deployment maps to identical content: a duplicate, not even an update.
    const deployments = (await storedDeployments(knex)).filter(
      d => d.id === 'acme/payments/deployments/501',
    );
    expect(deployments).toEqual([deploymentFromWebhook]);

    // A later delivery about the PR keeps what the sync added.
    await sendWebhook(server, 'pull_request', {
      action: 'labeled',
      number: 1,
      pull_request: pr1.detail,
      repository: repo,
      sender,
    });
    const again = (await storedPullRequests(knex)).filter(p => p.number === 1);
    expect(again).toHaveLength(1);
    expect(again[0].contentHash).toBe(prs[0].contentHash);
  });
});
