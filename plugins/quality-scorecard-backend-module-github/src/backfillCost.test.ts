/**
 * What a first backfill of a 500-PR repository costs in GitHub API requests
 * (GitHub's own page size of 100), and that it stores every PR once.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { FakeGithub } from './__testUtils__/FakeGithub';
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
} from './__testUtils__/githubPayloads';
import {
  TEAM,
  component,
  startBackend,
  syncAll,
} from './__testUtils__/backend';
import { githubTime } from './__testUtils__/scenario';

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const REPO = 'acme/monolith';
const HOUR = 3_600_000;

function monolith(now: number) {
  const pulls = Array.from({ length: 500 }, (_, i) => {
    const number = i + 1;
    const created = now - (179 * 24 - i * 8) * HOUR;
    const merged = number % 10 !== 0;
    const fileCount = number % 50 === 0 ? 120 : 4;
    const files = Array.from({ length: fileCount }, (__, f) =>
      file(REPO, `src/module${f}/file${number}.ts`, 10, 2),
    );
    return {
      detail: pullRequest(
        REPO,
        {
          number,
          title: `Change ${number}`,
          author: `dev${number % 17}`,
          createdAt: githubTime(created),
          updatedAt: githubTime(created + 5 * HOUR),
          closedAt: githubTime(created + 5 * HOUR),
          mergedAt: merged ? githubTime(created + 5 * HOUR) : null,
          mergedBy: merged ? 'lead' : null,
        },
        {
          additions: fileCount * 10,
          deletions: fileCount * 2,
          changedFiles: fileCount,
          commits: 3,
        },
      ),
      commits: [0, 1, 2].map(c =>
        commit(REPO, {
          sha: sha(`${number}:${c}`),
          author: `dev${number % 17}`,
          date: githubTime(created + c * HOUR),
          message: `Step ${c}`,
        }),
      ),
      reviews: [
        review(REPO, number, {
          reviewer: 'lead',
          state: 'COMMENTED',
          submittedAt: githubTime(created + 2 * HOUR),
        }),
        review(REPO, number, {
          reviewer: 'lead',
          state: 'APPROVED',
          submittedAt: githubTime(created + 4 * HOUR),
        }),
      ],
      files,
    };
  });
  const deployments = Array.from({ length: 20 }, (_, i) => {
    const created = now - (170 - i * 8) * 24 * HOUR;
    const id = 7000 + i;
    const at = githubTime(created + HOUR);
    return {
      deployment: deployment(REPO, {
        id,
        sha: pulls[i * 20].detail.merge_commit_sha,
        environment: 'production',
        createdAt: githubTime(created),
        updatedAt: at,
      }),
      statuses: [
        deploymentStatus(REPO, id, {
          state: 'success',
          environment: 'production',
          at,
        }),
      ],
    };
  });
  const issues = [
    issue(REPO, {
      number: 900,
      title: 'Outage',
      author: 'oncall',
      labels: ['Incident'],
      createdAt: githubTime(now - 30 * 24 * HOUR),
      updatedAt: githubTime(now - 29 * 24 * HOUR),
      closedAt: githubTime(now - 29 * 24 * HOUR),
      body: `root cause: ${pulls[420].detail.merge_commit_sha.slice(0, 12)}`,
    }),
  ];
  return { meta: repository(REPO), pulls, deployments, issues };
}

describe('backfill cost', () => {
  it('backfills a 500-PR repository with 2489 requests', async () => {
    const github = new FakeGithub();
    await github.start();
    try {
      github.addRepository(monolith(Date.now()));
      const server = await startBackend({
        knex: await databases.init('SQLITE_3'),
        githubUrl: github.baseUrl,
        entities: [component('monolith', REPO), TEAM],
      });
      const startedAt = Date.now();
      const run = await syncAll(server);
      const byKind = (pattern: RegExp) =>
        github.count(r => pattern.test(r.path));
      // eslint-disable-next-line no-console
      console.log(
        `Backfill of a 500-PR repository: ${run.requests} requests in ${
          Date.now() - startedAt
        } ms against a loopback GitHub ` +
          `(repository 1, PR list ${byKind(/\/pulls$/)}, PR details ${byKind(
            /\/pulls\/\d+$/,
          )}, commits ${byKind(/\/commits$/)}, ` +
          `reviews ${byKind(/\/reviews$/)}, files ${byKind(
            /\/files$/,
          )}, deployments ${byKind(/\/deployments$/)}, ` +
          `statuses ${byKind(/\/statuses$/)}, issues ${byKind(/\/issues$/)})`,
      );
      expect(run).toMatchObject({
        status: 'succeeded',
        items: { pullRequests: 500, deployments: 20, incidents: 1, bugs: 0 },
      });
      // 1 repository + 5 list pages + 4 per PR + a second files page for the 10
      // PRs with 120 files + 1 deployments page + 20 status lists + 2 issue lists.
      // 450 merged PRs also read their timeline (when a draft was marked ready).
      expect(run.requests).toBe(1 + 5 + 500 * 4 + 450 + 10 + 1 + 20 + 2);
      expect(github.count()).toBe(run.requests);
    } finally {
      await github.stop();
    }
  });
});
