import { TestDatabases } from '@backstage/backend-test-utils';
import { FakeGithub } from './__testUtils__/FakeGithub';
import { repository } from './__testUtils__/githubPayloads';
import {
  TEAM,
  component,
  startBackend,
  storedPullRequests,
  syncAll,
} from './__testUtils__/backend';
import { PAYMENTS, paymentsScenario } from './__testUtils__/scenario';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('GitHub rate limits', () => {
  let github: FakeGithub;

  beforeEach(async () => {
    github = new FakeGithub();
    github.maxPerPage = 2;
    await github.start();
    paymentsScenario(Date.now()).install(github);
    github.addRepository({ meta: repository('acme/ledger') });
  });

  afterEach(async () => {
    await github.stop();
  });

  const start = async (sync: Record<string, number> = {}) => {
    const knex = await databases.init('SQLITE_3');
    const server = await startBackend({
      knex,
      githubUrl: github.baseUrl,
      entities: [
        component('payments', PAYMENTS),
        component('ledger', 'acme/ledger'),
        TEAM,
      ],
      sync: { concurrency: 1, ...sync },
    });
    return { knex, server };
  };

  it('waits for the reset when the quota is spent, instead of being refused', async () => {
    const { server } = await start();
    github.setQuota(5, 2);
    const startedAt = Date.now();

    const run = await syncAll(server);

    expect(run).toMatchObject({
      status: 'succeeded',
      items: { pullRequests: 4 },
    });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
    expect(github.count(r => r.status === 403)).toBe(0);
    expect(run.requests).toBe(github.count());
  });

  it('waits and retries when GitHub refuses with a spent quota (another client used it)', async () => {
    const { knex, server } = await start();
    github.primaryRateLimit(/\/pulls\/2$/, 1);

    const run = await syncAll(server);

    expect(run).toMatchObject({
      status: 'succeeded',
      items: { pullRequests: 4 },
    });
    expect(
      github.requests.filter(r => r.status === 403).map(r => r.path),
    ).toEqual(['/repos/acme/payments/pulls/2']);
    expect((await storedPullRequests(knex)).map(p => p.number)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('stops the run when the reset is further away than allowed, and the next run resumes', async () => {
    const { knex, server } = await start({ maxRateLimitWaitMinutes: 1 });
    // Enough for the repository, 3 list pages and three of the four PRs.
    github.setQuota(20, 7200);

    const stopped = await syncAll(server);

    expect(stopped).toMatchObject({
      status: 'failed',
      repositories: { total: 2, done: 0 },
      items: { pullRequests: 3 },
      errors: [
        {
          repository: PAYMENTS,
          message: expect.stringMatching(/^GitHub rate limit spent until /),
        },
      ],
      message: expect.stringMatching(/^GitHub rate limit spent until /),
    });
    expect(stopped.requests).toBe(20);
    // The ledger was not tried; the PRs fetched before the limit are stored.
    expect(github.count(r => r.path.startsWith('/repos/acme/ledger'))).toBe(0);
    expect((await storedPullRequests(knex)).map(p => p.number)).toEqual([
      2, 3, 4,
    ]);

    github.setQuota(5000, 3600);
    github.clearRequests();
    const resumed = await syncAll(server);
    expect(resumed).toMatchObject({
      status: 'succeeded',
      repositories: { total: 2, done: 2 },
      items: { pullRequests: 1 },
    });
    expect(
      github.requests.map(r => r.path).filter(p => /\/pulls\/\d+$/.test(p)),
    ).toEqual(['/repos/acme/payments/pulls/1']);
    expect(github.count(r => r.path.startsWith('/repos/acme/ledger'))).toBe(5);
    expect((await storedPullRequests(knex)).map(p => p.number)).toEqual([
      1, 2, 3, 4,
    ]);
  });
});
