import { TestDatabases } from '@backstage/backend-test-utils';
import { AuthenticationError, InputError } from '@backstage/errors';
import { sign } from '@octokit/webhooks-methods';
import {
  COUPON_COMMITS,
  OPENED_PR,
  PullRequestState,
  deploymentStatusDelivery,
  githubRepository,
  githubUser,
  pullRequestDelivery,
  pushDelivery,
  reviewDelivery,
} from '../__fixtures__/github';
import {
  GITHUB_SECRET,
  createIngestHarness,
} from '../__fixtures__/ingestHarness';
import { detectAiAssistance } from '../engine/aiDetection';
import { mapGithubDelivery, revertedPullRequestNumber } from './githubWebhook';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const CHECKOUT = 'component:default/checkout';
const PR_ID = 'acme/checkout#42';

async function harness(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  return createIngestHarness(knex, {
    repositories: { 'acme/checkout': CHECKOUT },
  });
}

const MERGED_PR: PullRequestState = {
  ...OPENED_PR,
  title: 'Add coupon codes to checkout',
  updatedAt: '2026-02-03T16:45:00Z',
  closedAt: '2026-02-03T16:45:00Z',
  mergedAt: '2026-02-03T16:45:00Z',
  mergeCommitSha: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
  mergedBy: 'grace',
  additions: 25,
  deletions: 4,
  changedFiles: 3,
};

describe.each(databases.eachSupportedId())(
  'GitHub webhooks on %p',
  databaseId => {
    it('keeps one row per PR through opened, edited, synchronize and closed (merged)', async () => {
      const h = await harness(databaseId);

      expect(
        await h.github(
          'pull_request',
          pullRequestDelivery('opened', OPENED_PR),
        ),
      ).toEqual({
        deliveryId: 'gh-delivery-1',
        duplicate: false,
        processed: true,
        events: 1,
      });
      expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({
        type: 'pull_request',
        id: PR_ID,
        source: 'github',
        entityRef: CHECKOUT,
        repository: 'acme/checkout',
        number: 42,
        title: 'Add coupon codes',
        author: 'ada',
        url: 'https://github.com/acme/checkout/pull/42',
        createdAt: '2026-02-02T09:00:00.000Z',
        mergedAt: null,
        closedAt: null,
        additions: 10,
        deletions: 2,
        changedFiles: 2,
        labels: ['feature'],
        body: 'Lets a shopper enter a coupon code at checkout.',
        // GitHub's test-merge sha of an open PR is not a merge commit.
        mergeCommitSha: null,
        mergedBy: null,
        reverts: null,
        headRef: 'feature/coupons',
        commits: [],
        reviews: [],
      });

      const edited = {
        ...OPENED_PR,
        title: 'Add coupon codes to checkout',
        updatedAt: '2026-02-02T10:00:00Z',
      };
      await h.github(
        'pull_request',
        pullRequestDelivery('edited', edited, {
          changes: { title: { from: 'Add coupon codes' } },
        }),
      );
      expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({
        title: 'Add coupon codes to checkout',
        additions: 10,
      });

      const synchronized = {
        ...edited,
        updatedAt: '2026-02-03T09:00:00Z',
        headSha: '5d41402abc4b2a76b9719d911017c592aaaa0003',
        additions: 25,
        deletions: 4,
        changedFiles: 3,
        commits: 3,
      };
      await h.github(
        'pull_request',
        pullRequestDelivery('synchronize', synchronized, {
          before: OPENED_PR.headSha,
          after: synchronized.headSha,
        }),
      );
      expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({
        additions: 25,
        deletions: 4,
        changedFiles: 3,
        mergedAt: null,
        closedAt: null,
      });

      await h.github('pull_request', pullRequestDelivery('closed', MERGED_PR));
      expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({
        title: 'Add coupon codes to checkout',
        createdAt: '2026-02-02T09:00:00.000Z',
        mergedAt: '2026-02-03T16:45:00.000Z',
        closedAt: '2026-02-03T16:45:00.000Z',
        mergeCommitSha: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
        mergedBy: 'grace',
        additions: 25,
      });

      expect(await h.store.countEvents()).toEqual({
        pull_request: 1,
        deployment: 0,
        incident: 0,
        bug: 0,
      });
      const raw = await h.rawDeliveries();
      expect(
        raw.map(r => [
          r.delivery_id,
          r.event_name,
          r.processed_at !== null,
          r.error,
        ]),
      ).toEqual([
        ['gh-delivery-1', 'pull_request', true, null],
        ['gh-delivery-2', 'pull_request', true, null],
        ['gh-delivery-3', 'pull_request', true, null],
        ['gh-delivery-4', 'pull_request', true, null],
      ]);
      const events = await h.store.loadEntityEvents(CHECKOUT, 0);
      expect(events.pullRequests).toHaveLength(1);
      expect(events.pullRequests[0]).toMatchObject({
        createdAt: Date.parse('2026-02-02T09:00:00Z'),
        mergedAt: Date.parse('2026-02-03T16:45:00Z'),
        closedAt: Date.parse('2026-02-03T16:45:00Z'),
      });
    });

    it('stores a PR closed without merge as closed and not merged, and reopens it', async () => {
      const h = await harness(databaseId);
      await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
      const closed = {
        ...OPENED_PR,
        closedAt: '2026-02-04T12:00:00Z',
        updatedAt: '2026-02-04T12:00:00Z',
      };
      await h.github('pull_request', pullRequestDelivery('closed', closed));
      expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({
        closedAt: '2026-02-04T12:00:00.000Z',
        mergedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
      });
      const events = await h.store.loadEntityEvents(CHECKOUT, 0);
      expect(events.pullRequests[0]).toMatchObject({
        mergedAt: null,
        closedAt: Date.parse('2026-02-04T12:00:00Z'),
      });

      await h.github(
        'pull_request',
        pullRequestDelivery('reopened', { ...closed, closedAt: null }),
      );
      expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({
        closedAt: null,
        mergedAt: null,
      });
    });

    it('does not reopen a closed PR when an older delivery arrives late', async () => {
      const h = await harness(databaseId);
      const closed = {
        ...OPENED_PR,
        closedAt: '2026-02-04T12:00:00Z',
        updatedAt: '2026-02-04T12:00:00Z',
      };
      await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
      await h.github('pull_request', pullRequestDelivery('closed', closed));
      // The "labeled" delivery of 11:00 arrives after the close.
      await h.github(
        'pull_request',
        pullRequestDelivery('labeled', {
          ...OPENED_PR,
          labels: ['feature', 'ux'],
          updatedAt: '2026-02-04T11:00:00Z',
        }),
      );
      expect(await h.store.getPullRequest('github', PR_ID)).toMatchObject({
        closedAt: '2026-02-04T12:00:00.000Z',
        mergedAt: null,
      });
      // The same for a merged PR: merged stays merged.
      await h.github(
        'pull_request',
        pullRequestDelivery('closed', { ...MERGED_PR, number: 45 }),
      );
      await h.github(
        'pull_request',
        pullRequestDelivery('synchronize', {
          ...OPENED_PR,
          number: 45,
          updatedAt: '2026-02-03T09:00:00Z',
        }),
      );
      expect(
        await h.store.getPullRequest('github', 'acme/checkout#45'),
      ).toMatchObject({
        closedAt: '2026-02-03T16:45:00.000Z',
        mergedAt: '2026-02-03T16:45:00.000Z',
      });
    });

    it('adds submitted reviews to the stored PR and marks a dismissed one', async () => {
      const h = await harness(databaseId);
      await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
      const approval = {
        id: 9001,
        reviewer: 'grace',
        state: 'approved' as const,
        submittedAt: '2026-02-03T10:00:00Z',
      };
      await h.github(
        'pull_request_review',
        reviewDelivery('submitted', approval, OPENED_PR),
      );
      await h.github(
        'pull_request_review',
        reviewDelivery(
          'submitted',
          {
            id: 9002,
            reviewer: 'acme-lint[bot]',
            reviewerType: 'Bot',
            state: 'commented',
            submittedAt: '2026-02-03T10:05:00Z',
            body: '2 style findings',
          },
          OPENED_PR,
        ),
      );
      await h.github(
        'pull_request_review',
        reviewDelivery(
          'submitted',
          {
            id: 9003,
            reviewer: 'lin',
            state: 'changes_requested',
            submittedAt: '2026-02-03T11:00:00Z',
          },
          OPENED_PR,
        ),
      );
      expect((await h.store.getPullRequest('github', PR_ID))!.reviews).toEqual([
        {
          reviewer: 'grace',
          state: 'APPROVED',
          submittedAt: '2026-02-03T10:00:00.000Z',
          isBot: false,
        },
        {
          reviewer: 'acme-lint[bot]',
          state: 'COMMENTED',
          submittedAt: '2026-02-03T10:05:00.000Z',
          isBot: true,
        },
        {
          reviewer: 'lin',
          state: 'CHANGES_REQUESTED',
          submittedAt: '2026-02-03T11:00:00.000Z',
          isBot: false,
        },
      ]);

      // GitHub sends the dismissed review with its original submitted_at.
      await h.github(
        'pull_request_review',
        reviewDelivery(
          'dismissed',
          { ...approval, state: 'dismissed' },
          OPENED_PR,
        ),
      );
      const pr = await h.store.getPullRequest('github', PR_ID);
      expect(pr!.reviews).toEqual([
        {
          reviewer: 'acme-lint[bot]',
          state: 'COMMENTED',
          submittedAt: '2026-02-03T10:05:00.000Z',
          isBot: true,
        },
        {
          reviewer: 'lin',
          state: 'CHANGES_REQUESTED',
          submittedAt: '2026-02-03T11:00:00.000Z',
          isBot: false,
        },
        {
          reviewer: 'grace',
          state: 'DISMISSED',
          submittedAt: '2026-02-03T10:00:00.000Z',
          isBot: false,
        },
      ]);
      // Review payloads carry the simple PR (no sizes): the stored sizes stay.
      expect(pr).toMatchObject({
        additions: 10,
        deletions: 2,
        changedFiles: 2,
        title: 'Add coupon codes',
      });

      // Delivering the same review again (a GitHub redelivery has the same id) changes nothing.
      const again = await h.github(
        'pull_request_review',
        reviewDelivery('submitted', approval, OPENED_PR),
        'gh-delivery-2',
      );
      expect(again).toEqual({
        deliveryId: 'gh-delivery-2',
        duplicate: true,
        processed: false,
        events: 0,
      });
      expect(
        (await h.store.getPullRequest('github', PR_ID))!.reviews,
      ).toHaveLength(3);
    });

    it('creates the PR from a review that arrives first and completes it from the PR delivery', async () => {
      const h = await harness(databaseId);
      const pr43: PullRequestState = {
        ...OPENED_PR,
        number: 43,
        headRef: 'fix/rounding',
        additions: 5,
        deletions: 1,
        changedFiles: 1,
      };
      await h.github(
        'pull_request_review',
        reviewDelivery(
          'submitted',
          {
            id: 9100,
            reviewer: 'grace',
            state: 'approved',
            submittedAt: '2026-02-02T12:00:00Z',
          },
          pr43,
        ),
      );
      expect(
        await h.store.getPullRequest('github', 'acme/checkout#43'),
      ).toMatchObject({
        additions: 0,
        deletions: 0,
        changedFiles: 0,
        reviews: [
          {
            reviewer: 'grace',
            state: 'APPROVED',
            submittedAt: '2026-02-02T12:00:00.000Z',
            isBot: false,
          },
        ],
      });
      await h.github('pull_request', pullRequestDelivery('synchronize', pr43));
      expect(
        await h.store.getPullRequest('github', 'acme/checkout#43'),
      ).toMatchObject({
        additions: 5,
        deletions: 1,
        changedFiles: 1,
        headRef: 'fix/rounding',
        reviews: [{ reviewer: 'grace', state: 'APPROVED' }],
      });
    });

    it('maps deployment_status success, failure and error with their environment, and ignores other states', async () => {
      const h = await harness(databaseId);
      const base = {
        sha: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
        deploymentCreatedAt: '2026-02-04T10:00:00Z',
      };
      const inProgress = await h.github(
        'deployment_status',
        deploymentStatusDelivery({
          ...base,
          deploymentId: 501,
          statusId: 1,
          state: 'in_progress',
          environment: 'production',
          statusAt: '2026-02-04T10:00:05Z',
        }),
      );
      expect(inProgress).toMatchObject({ processed: true, events: 0 });
      expect((await h.store.countEvents()).deployment).toBe(0);

      await h.github(
        'deployment_status',
        deploymentStatusDelivery({
          ...base,
          deploymentId: 501,
          statusId: 2,
          state: 'success',
          environment: 'production',
          statusAt: '2026-02-04T10:04:30Z',
        }),
      );
      await h.github(
        'deployment_status',
        deploymentStatusDelivery({
          ...base,
          deploymentId: 502,
          statusId: 3,
          state: 'failure',
          environment: 'staging',
          statusAt: '2026-02-04T11:00:00Z',
        }),
      );
      await h.github(
        'deployment_status',
        deploymentStatusDelivery({
          ...base,
          deploymentId: 503,
          statusId: 4,
          state: 'error',
          environment: 'production',
          statusAt: '2026-02-04T12:00:00Z',
        }),
      );
      // A later deployment makes 501 inactive: that is not a new outcome.
      await h.github(
        'deployment_status',
        deploymentStatusDelivery({
          ...base,
          deploymentId: 501,
          statusId: 5,
          state: 'inactive',
          environment: 'production',
          statusAt: '2026-02-05T09:00:00Z',
        }),
      );

      const events = await h.store.loadEntityEvents(CHECKOUT, 0);
      expect(
        [...events.deployments].sort((a, b) => a.id.localeCompare(b.id)),
      ).toEqual([
        {
          id: 'acme/checkout/deployments/501',
          environment: 'production',
          status: 'success',
          startedAt: Date.parse('2026-02-04T10:00:00Z'),
          finishedAt: Date.parse('2026-02-04T10:04:30Z'),
          commitSha: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
          pullRequests: null,
        },
        {
          id: 'acme/checkout/deployments/502',
          environment: 'staging',
          status: 'failure',
          startedAt: Date.parse('2026-02-04T10:00:00Z'),
          finishedAt: Date.parse('2026-02-04T11:00:00Z'),
          commitSha: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
          pullRequests: null,
        },
        {
          id: 'acme/checkout/deployments/503',
          environment: 'production',
          status: 'failure',
          startedAt: Date.parse('2026-02-04T10:00:00Z'),
          finishedAt: Date.parse('2026-02-04T12:00:00Z'),
          commitSha: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
          pullRequests: null,
        },
      ]);
      expect(
        (await h.rawDeliveries()).every(
          r => r.processed_at !== null && r.error === null,
        ),
      ).toBe(true);
      expect(await h.rawDeliveries()).toHaveLength(5);
    });

    it('stores pushed commit messages and joins them to the PR of the head branch', async () => {
      const h = await harness(databaseId);
      // Commits pushed before the PR exists wait in the push log.
      const early = await h.github(
        'push',
        pushDelivery('refs/heads/feature/coupons', COUPON_COMMITS),
      );
      expect(early).toMatchObject({ processed: true, events: 0 });

      await h.github('pull_request', pullRequestDelivery('opened', OPENED_PR));
      expect((await h.store.getPullRequest('github', PR_ID))!.commits).toEqual([
        {
          sha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0001',
          authoredAt: '2026-02-01T22:30:00.000Z',
          message: 'Add coupon model',
        },
        {
          sha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0002',
          authoredAt: '2026-02-02T07:15:00.000Z',
          message:
            'Validate coupon codes\n\nCo-authored-by: Claude <noreply@anthropic.com>',
        },
      ]);

      // A push to the open PR's branch updates the PR.
      const third = {
        id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0003',
        message: 'Round coupon discounts down',
        timestamp: '2026-02-02T12:00:00Z',
        author: 'ada',
      };
      const push = pushDelivery('refs/heads/feature/coupons', [third]);
      expect(await h.github('push', push)).toMatchObject({
        processed: true,
        events: 1,
      });
      expect(
        (await h.store.getPullRequest('github', PR_ID))!.commits.map(
          c => c.sha,
        ),
      ).toEqual([
        'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0001',
        'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0002',
        'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0003',
      ]);
      // The same commits seen again (another delivery) are not doubled.
      await h.github('push', push);
      expect(
        (await h.store.getPullRequest('github', PR_ID))!.commits,
      ).toHaveLength(3);
      expect(await h.knex('qs_push_commits').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      expect(
        Number((await h.knex('qs_push_commits').count({ n: '*' }))[0].n),
      ).toBe(3);

      await h.github('pull_request', pullRequestDelivery('closed', MERGED_PR));
      // A push to main after the merge and a tag push touch no PR.
      expect(
        await h.github(
          'push',
          pushDelivery('refs/heads/main', [
            {
              id: MERGED_PR.mergeCommitSha!,
              message: 'Merge pull request #42 from acme/feature/coupons',
              timestamp: '2026-02-03T16:45:00Z',
              author: 'grace',
            },
          ]),
        ),
      ).toMatchObject({ events: 0 });
      expect(
        await h.github('push', pushDelivery('refs/tags/v1.4.0', [])),
      ).toMatchObject({ events: 0 });

      const stored = (await h.store.loadEntityEvents(CHECKOUT, 0)).pullRequests;
      expect(stored).toHaveLength(1);
      expect(stored[0].commits).toHaveLength(3);
      expect(stored[0].mergedAt).toBe(Date.parse('2026-02-03T16:45:00Z'));
      // The trailer reaches the AI detector through the stored PR.
      const detection = detectAiAssistance(stored[0]);
      expect(detection.aiAssisted).toBe(true);
      expect(detection.signals.map(s => s.kind)).toEqual(['trailer']);
    });

    it('takes the reverted PR number from the body GitHub writes for a revert', async () => {
      const h = await harness(databaseId);
      const revert: PullRequestState = {
        ...MERGED_PR,
        number: 44,
        title: 'Revert "Add coupon codes to checkout"',
        body: 'Reverts acme/checkout#42',
        headRef: 'revert-42-feature/coupons',
      };
      await h.github('pull_request', pullRequestDelivery('closed', revert));
      expect(
        await h.store.getPullRequest('github', 'acme/checkout#44'),
      ).toMatchObject({ reverts: 42 });
      expect(revertedPullRequestNumber({ body: 'Fixes #42' })).toBeNull();
    });

    it('acknowledges unknown event types and keeps them in the raw log', async () => {
      const h = await harness(databaseId);
      const repository = githubRepository();
      const results = [
        await h.github('ping', {
          zen: 'Keep it logically awesome.',
          hook_id: 1,
          hook: { type: 'Repository', events: ['*'] },
          repository,
        }),
        await h.github('issues', {
          action: 'opened',
          issue: {
            number: 7,
            title: 'Coupon field missing',
            user: githubUser('lin'),
            created_at: '2026-02-05T08:00:00Z',
          },
          repository,
        }),
        await h.github('workflow_run', {
          action: 'completed',
          workflow_run: { id: 1, conclusion: 'success', head_branch: 'main' },
          repository,
        }),
        await h.github('check_suite', {
          action: 'completed',
          check_suite: { id: 2 },
          repository,
        }),
      ];
      expect(results.map(r => [r.duplicate, r.processed, r.events])).toEqual([
        [false, true, 0],
        [false, true, 0],
        [false, true, 0],
        [false, true, 0],
      ]);
      expect(
        (await h.rawDeliveries()).map(r => [
          r.event_name,
          r.processed_at !== null,
          r.error,
        ]),
      ).toEqual([
        ['ping', true, null],
        ['issues', true, null],
        ['workflow_run', true, null],
        ['check_suite', true, null],
      ]);
      expect(await h.store.countEvents()).toEqual({
        pull_request: 0,
        deployment: 0,
        incident: 0,
        bug: 0,
      });
    });

    it('refuses missing or wrong signatures and bad headers, storing nothing', async () => {
      const h = await harness(databaseId);
      const body = JSON.stringify(pullRequestDelivery('opened', OPENED_PR));
      const receive = (overrides: Record<string, string | undefined>) =>
        h.receiveGithub({
          rawBody: Buffer.from(body),
          eventName: 'pull_request',
          deliveryId: 'd-1',
          ...overrides,
        });
      await expect(receive({})).rejects.toThrow(
        new AuthenticationError('Missing X-Hub-Signature-256 header'),
      );
      await expect(
        receive({ signature: await sign('another-secret', body) }),
      ).rejects.toThrow(
        new AuthenticationError('Invalid X-Hub-Signature-256 signature'),
      );
      await expect(receive({ signature: 'sha256=not-hex' })).rejects.toThrow(
        AuthenticationError,
      );
      await expect(
        receive({
          signature: (
            await sign(GITHUB_SECRET, body)
          ).replace('sha256=', 'sha1='),
        }),
      ).rejects.toThrow(AuthenticationError);
      // A signature over other bytes (the body re-serialized) does not match.
      await expect(
        receive({
          signature: await sign(
            GITHUB_SECRET,
            JSON.stringify(JSON.parse(body), null, 2),
          ),
        }),
      ).rejects.toThrow(AuthenticationError);
      const signature = await sign(GITHUB_SECRET, body);
      await expect(
        receive({ signature, eventName: undefined }),
      ).rejects.toThrow(new InputError('Missing X-GitHub-Event header'));
      await expect(
        receive({ signature, deliveryId: undefined }),
      ).rejects.toThrow(new InputError('Missing X-GitHub-Delivery header'));
      const notJson = 'payload=%7B%7D';
      await expect(
        h.receiveGithub({
          rawBody: Buffer.from(notJson),
          signature: await sign(GITHUB_SECRET, notJson),
          eventName: 'pull_request',
          deliveryId: 'd-2',
        }),
      ).rejects.toThrow(InputError);
      expect(await h.rawDeliveries()).toEqual([]);
      expect(await h.store.countEvents()).toEqual({
        pull_request: 0,
        deployment: 0,
        incident: 0,
        bug: 0,
      });
    });
  },
);

describe.each(databases.eachSupportedId())(
  'mapGithubDelivery on @octokit/webhooks-examples on %p',
  databaseId => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const examples: Array<{
      name: string;
      examples: any[];
    }> = require('@octokit/webhooks-examples');
    const byName = (name: string) =>
      examples.find(e => e.name === name)!.examples;

    it('maps the pull_request, review, deployment_status and push examples', async () => {
      const knex = await databases.init(databaseId);
      const h = await createIngestHarness(knex, {
        repositories: {
          'Codertocat/Hello-World': 'component:default/hello-world',
        },
      });

      const pulls = byName('pull_request');
      expect(pulls).toHaveLength(29);
      for (const payload of pulls) {
        const [event] = (await mapGithubDelivery(
          'pull_request',
          payload,
          h.store,
        )) as any[];
        expect(event).toMatchObject({
          type: 'pull_request',
          source: 'github',
          repository: payload.repository.full_name,
          number: payload.pull_request.number,
          author: payload.pull_request.user.login,
          createdAt: payload.pull_request.created_at,
        });
      }
      // The closed example is closed without merge (merged=false, merged_at=null).
      const closed = pulls.find(p => p.action === 'closed')!;
      const [closedEvent] = (await mapGithubDelivery(
        'pull_request',
        closed,
        h.store,
      )) as any[];
      expect(closedEvent).toMatchObject({
        id: 'codertocat/hello-world#2',
        number: 2,
        title: 'Update the README with new information.',
        author: 'Codertocat',
        createdAt: '2019-05-15T15:20:33Z',
        closedAt: '2019-05-15T15:21:18Z',
        mergedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
        additions: 1,
        deletions: 1,
        changedFiles: 1,
        labels: ['bug'],
        headRef: 'changes',
      });

      const reviews = byName('pull_request_review');
      const states = [];
      for (const payload of reviews) {
        const [event] = (await mapGithubDelivery(
          'pull_request_review',
          payload,
          h.store,
        )) as any[];
        states.push(
          event.reviews.map(
            (r: any) => `${r.reviewer}:${r.state}:${r.submittedAt}`,
          ),
        );
      }
      expect(states).toEqual([
        ['Codertocat:COMMENTED:2019-05-15T15:20:38.000Z'],
        ['Codertocat:DISMISSED:2019-05-15T15:20:38.000Z'],
        ['Codertocat:COMMENTED:2019-05-15T15:20:38.000Z'],
        ['Codertocat:COMMENTED:2019-05-15T15:20:38.000Z'],
      ]);

      const deployments = [];
      for (const payload of byName('deployment_status')) {
        deployments.push(
          ...(await mapGithubDelivery('deployment_status', payload, h.store)),
        );
      }
      // Three success examples of one deployment, and one in_progress (ignored).
      expect(deployments).toHaveLength(3);
      expect(deployments[0]).toEqual({
        type: 'deployment',
        source: 'github',
        id: 'codertocat/hello-world/deployments/145988746',
        repository: 'Codertocat/Hello-World',
        environment: 'production',
        status: 'success',
        startedAt: '2019-05-15T15:20:53Z',
        finishedAt: '2019-05-15T15:20:55Z',
        commitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      });

      for (const payload of byName('push')) {
        expect(await mapGithubDelivery('push', payload, h.store)).toEqual([]);
      }
      expect(
        await h.store.listPushCommits('Codertocat/Hello-World', 'master'),
      ).toEqual([
        {
          sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          authoredAt: '2019-05-15T15:19:25.000Z',
          message: 'Initial commit',
        },
      ]);
    });

    it('stores and processes every example of those events through the signed webhook path', async () => {
      const knex = await databases.init(databaseId);
      // The index holds slugs in lower case, as the catalog loader does.
      const h = await createIngestHarness(knex, {
        repositories: {
          'codertocat/hello-world': 'component:default/hello-world',
        },
      });
      const results: Record<string, Array<[boolean, number]>> = {};
      for (const name of [
        'pull_request',
        'pull_request_review',
        'deployment_status',
        'push',
      ]) {
        for (const payload of byName(name)) {
          const result = await h.github(name, payload);
          (results[name] ??= []).push([result.processed, result.events]);
        }
      }
      expect(results).toEqual({
        pull_request: Array(29).fill([true, 1]),
        pull_request_review: Array(4).fill([true, 1]),
        // The in_progress status is not an outcome.
        deployment_status: [
          [true, 1],
          [true, 0],
          [true, 1],
          [true, 1],
        ],
        // Pushes keep their commits in the push log; no event of their own.
        push: Array(7).fill([true, 0]),
      });
      expect(
        (await h.rawDeliveries()).filter(
          r => r.error !== null || r.processed_at === null,
        ),
      ).toEqual([]);
      expect(await h.store.countEvents()).toEqual({
        pull_request: 1,
        deployment: 1,
        incident: 0,
        bug: 0,
      });
      const pr = await h.store.getPullRequest(
        'github',
        'codertocat/hello-world#2',
      );
      expect(pr).toMatchObject({
        entityRef: 'component:default/hello-world',
        number: 2,
        author: 'Codertocat',
        createdAt: '2019-05-15T15:20:33.000Z',
      });
    });
  },
);
