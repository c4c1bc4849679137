import { TestDatabases } from '@backstage/backend-test-utils';
import { FakeGithub } from './__testUtils__/FakeGithub';
import { repository } from './__testUtils__/githubPayloads';
import {
  TEAM,
  component,
  sendWebhook,
  startBackend,
  storedPullRequests,
  syncAll,
} from './__testUtils__/backend';
import { PAYMENTS, paymentsScenario } from './__testUtils__/scenario';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

// Two components share acme/payments and claim their parts by path.
const ENTITIES = [
  component('payments-api', PAYMENTS, { 'shewhart.dev/paths': 'src/**' }),
  component('payments-docs', PAYMENTS, { 'shewhart.dev/paths': 'docs/**' }),
  TEAM,
];

describe.each(databases.eachSupportedId())(
  'a monorepo PR from a webhook on %p',
  databaseId => {
    let github: FakeGithub;
    let scenario: ReturnType<typeof paymentsScenario>;

    beforeEach(async () => {
      github = new FakeGithub();
      await github.start();
      scenario = paymentsScenario(Date.now());
      scenario.install(github);
    });

    afterEach(async () => {
      await github.stop();
    });

    it('waits unattributed for its file list, which the sync fetches from GitHub, then goes to the component whose path it touches', async () => {
      const knex = await databases.init(databaseId);
      const server = await startBackend({
        knex,
        githubUrl: github.baseUrl,
        entities: ENTITIES,
      });
      await sendWebhook(server, 'pull_request', {
        action: 'closed',
        number: 1,
        pull_request: scenario.pulls.pr1.detail,
        repository: repository(PAYMENTS),
        sender: { login: 'grace', type: 'User' },
      });
      const [fromWebhook] = await storedPullRequests(knex);
      // GitHub's pull_request webhook carries no file list.
      expect(fromWebhook).toMatchObject({
        id: 'acme/payments#1',
        files: null,
        entityRef: null,
      });

      await syncAll(server);
      const [synced] = (await storedPullRequests(knex)).filter(
        p => p.number === 1,
      );
      expect(synced).toMatchObject({
        files: ['src/refunds.ts', 'src/refunds.test.ts'],
        entityRef: 'component:default/payments-api',
      });
      expect(
        await knex('qs_event_entities').where({
          external_id: 'acme/payments#1',
        }),
      ).toEqual([]);
      expect(
        github.count(r => r.path === '/repos/acme/payments/pulls/1/files'),
      ).toBeGreaterThanOrEqual(1);
    });
  },
);
