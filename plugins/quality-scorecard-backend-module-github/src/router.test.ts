import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { FakeGithub } from './__testUtils__/FakeGithub';
import { repository } from './__testUtils__/githubPayloads';
import {
  AUTH,
  TEAM,
  component,
  startBackend,
  waitForRun,
} from './__testUtils__/backend';
import { PAYMENTS, paymentsScenario } from './__testUtils__/scenario';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ENTITIES = [
  component('payments', PAYMENTS),
  component('ledger', 'acme/ledger'),
  TEAM,
];

describe('GitHub sync endpoints', () => {
  let github: FakeGithub;

  beforeEach(async () => {
    github = new FakeGithub();
    await github.start();
    paymentsScenario(Date.now()).install(github);
    github.addRepository({ meta: repository('acme/ledger') });
  });

  afterEach(async () => {
    await github.stop();
  });

  it('syncs one entity on demand and reports the run', async () => {
    const server = await startBackend({
      knex: await databases.init('SQLITE_3'),
      githubUrl: github.baseUrl,
      entities: ENTITIES,
    });

    const started = await request(server)
      .post('/api/quality-scorecard/github/sync')
      .set(AUTH)
      .send({ entityRef: 'payments' })
      .expect(202);
    expect(started.body).toEqual({
      entityRef: 'component:default/payments',
      runId: expect.any(Number),
      repository: PAYMENTS,
    });

    const run = await waitForRun(server, started.body.runId);
    expect(run).toMatchObject({
      trigger: 'manual',
      entityRef: 'component:default/payments',
      status: 'succeeded',
      repositories: { total: 1, done: 1, current: null },
      items: { pullRequests: 4, deployments: 3, incidents: 2, bugs: 1 },
      errors: [],
      message: null,
    });
    expect(run.requests).toBe(github.count());
    // Only that entity's repository.
    expect(
      github.requests.every(r => r.path.startsWith('/repos/acme/payments')),
    ).toBe(true);
  });

  it('answers 400 for an entity without the annotation or a bad ref, 404 for an unknown entity', async () => {
    const server = await startBackend({
      knex: await databases.init('SQLITE_3'),
      githubUrl: github.baseUrl,
      entities: ENTITIES,
    });
    const post = (body: object) =>
      request(server)
        .post('/api/quality-scorecard/github/sync')
        .set(AUTH)
        .send(body);

    const noAnnotation = await post({
      entityRef: 'group:default/payments-team',
    });
    expect(noAnnotation.status).toBe(400);
    expect(noAnnotation.body.error.message).toBe(
      'group:default/payments-team has no valid github.com/project-slug annotation',
    );
    expect((await post({ entityRef: 42 })).status).toBe(400);
    expect((await post({ entityRef: 'component:default/nope' })).status).toBe(
      404,
    );
    expect(github.count()).toBe(0);
  });

  it('requires credentials, the refresh permission for one entity and the admin permission for all', async () => {
    const knex = await databases.init('SQLITE_3');
    const anonymous = await startBackend({
      knex,
      githubUrl: github.baseUrl,
      entities: ENTITIES,
      features: [
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    await request(anonymous)
      .get('/api/quality-scorecard/github/sync/status')
      .expect(401);
    await request(anonymous)
      .post('/api/quality-scorecard/github/sync')
      .send({ entityRef: 'payments' })
      .expect(401);

    const refreshOnly = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            r.permission.name === 'quality-scorecard.admin'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const server = await startBackend({
      knex: await databases.init('SQLITE_3'),
      githubUrl: github.baseUrl,
      entities: ENTITIES,
      features: [refreshOnly.factory],
    });
    const all = await request(server)
      .post('/api/quality-scorecard/github/sync')
      .set(AUTH)
      .send({});
    expect(all.status).toBe(403);
    expect(all.body.error.message).toBe('Not allowed: quality-scorecard.admin');
    await request(server)
      .get('/api/quality-scorecard/github/sync/status')
      .set(AUTH)
      .expect(200);
    const one = await request(server)
      .post('/api/quality-scorecard/github/sync')
      .set(AUTH)
      .send({ entityRef: 'ledger' })
      .expect(202);
    await waitForRun(server, one.body.runId);
  });

  it('starts without GitHub credentials: sync off, the plugin serves as before', async () => {
    const server = await startBackend({
      knex: await databases.init('SQLITE_3'),
      entities: ENTITIES,
    });
    await request(server)
      .get('/api/quality-scorecard/health')
      .expect(200, { status: 'ok' });
    const status = await request(server)
      .get('/api/quality-scorecard/github/sync/status')
      .set(AUTH)
      .expect(200);
    expect(status.body).toEqual({
      enabled: false,
      reason:
        'no GitHub integration with a token or GitHub App is configured (integrations.github)',
      runs: [],
      repositories: [],
    });
    const post = await request(server)
      .post('/api/quality-scorecard/github/sync')
      .set(AUTH)
      .send({ entityRef: 'payments' });
    expect(post.status).toBe(503);
    expect(post.body.error.message).toMatch(
      /^GitHub sync is disabled: no GitHub integration/,
    );

    const off = await startBackend({
      knex: await databases.init('SQLITE_3'),
      githubUrl: github.baseUrl,
      entities: ENTITIES,
      sync: { enabled: false },
    });
    const offStatus = await request(off)
      .get('/api/quality-scorecard/github/sync/status')
      .set(AUTH)
      .expect(200);
    expect(offStatus.body.reason).toBe(
      'qualityScorecard.github.sync.enabled is false',
    );
    expect(github.count()).toBe(0);
  });
});
