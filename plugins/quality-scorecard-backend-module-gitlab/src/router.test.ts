/*
 * `POST /gitlab/sync` and `GET /gitlab/sync/status`: one entity on demand,
 * permissions, and the module without a GitLab token.
 */
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { FakeGitlab } from './__testUtils__/FakeGitlab';
import {
  AUTH,
  BASE,
  TEAM,
  component,
  startBackend,
  storedPullRequests,
  syncStatus,
  waitForRun,
} from './__testUtils__/backend';
import { PATH, dayZero, paymentsHistory } from './__testUtils__/gitlabHistory';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const LEDGER = 'acme/ledger';
const ENTITIES = [
  component('payments', PATH),
  component('ledger', LEDGER),
  TEAM,
];

describe.each(databases.eachSupportedId())(
  'GitLab sync endpoints on %p',
  databaseId => {
    let gitlab: FakeGitlab;

    beforeEach(async () => {
      gitlab = new FakeGitlab();
      await gitlab.start();
      paymentsHistory(dayZero(), gitlab.baseUrl).install(gitlab);
      gitlab.addProject({
        meta: {
          id: 43,
          path_with_namespace: LEDGER,
          web_url: `${gitlab.baseUrl}/${LEDGER}`,
        },
      });
    });

    afterEach(async () => {
      await gitlab.stop();
    });

    const post = (server: any, body: object) =>
      request(server).post(`${BASE}/gitlab/sync`).set(AUTH).send(body);

    it('syncs one entity on demand and reports the run and the project', async () => {
      const knex = await databases.init(databaseId);
      const server = await startBackend({ knex, gitlab, entities: ENTITIES });

      const started = await post(server, { entityRef: 'payments' }).expect(202);
      expect(started.body).toEqual({
        entityRef: 'component:default/payments',
        runId: expect.any(Number),
        project: PATH,
      });

      const run = await waitForRun(server, started.body.runId);
      // With pages of 100: the project, one page per list, four reads per merge request.
      expect(run).toEqual({
        id: started.body.runId,
        trigger: 'manual',
        entityRef: 'component:default/payments',
        status: 'succeeded',
        startedAt: expect.any(String),
        updatedAt: expect.any(String),
        finishedAt: expect.any(String),
        projects: { total: 1, done: 1, current: null },
        requests: 1 + 3 + 3 * 4,
        items: { mergeRequests: 3, deployments: 4, incidents: 1, bugs: 1 },
        errors: [],
        message: null,
      });
      expect(run.requests).toBe(gitlab.count());
      // Only that entity's project.
      expect(
        gitlab.requests.every(r =>
          r.path.startsWith(`/api/v4/projects/${PATH}`),
        ),
      ).toBe(true);
      expect((await storedPullRequests(knex)).map(p => p.number)).toEqual([
        1, 2, 3,
      ]);

      const status = await syncStatus(server);
      expect(status.projects).toEqual([
        {
          project: PATH,
          host: gitlab.host,
          key: `${gitlab.host}/${PATH}`,
          status: 'ok',
          error: null,
          lastStartedAt: expect.any(String),
          lastFinishedAt: expect.any(String),
          historyFrom: expect.any(String),
          cursors: {
            mergeRequests: expect.any(String),
            deployments: expect.any(String),
            issues: expect.any(String),
          },
          counts: { mergeRequests: 3, deployments: 4, incidents: 1, bugs: 1 },
        },
      ]);
    });

    it('answers 400 for an entity without the annotation or a bad ref, 404 for an unknown entity', async () => {
      const server = await startBackend({
        knex: await databases.init(databaseId),
        gitlab,
        entities: ENTITIES,
      });
      const noAnnotation = await post(server, {
        entityRef: 'group:default/payments-team',
      });
      expect(noAnnotation.status).toBe(400);
      expect(noAnnotation.body.error.message).toBe(
        'group:default/payments-team has no valid gitlab.com/project-slug annotation',
      );
      expect((await post(server, { entityRef: 42 })).status).toBe(400);
      expect(
        (await post(server, { entityRef: 'component:default/nope' })).status,
      ).toBe(404);
      expect(gitlab.count()).toBe(0);
    });

    it('requires credentials, the refresh permission for one entity and the admin permission for all', async () => {
      const anonymous = await startBackend({
        knex: await databases.init(databaseId),
        gitlab,
        entities: ENTITIES,
        features: [
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
        ],
      });
      await request(anonymous).get(`${BASE}/gitlab/sync/status`).expect(401);
      await request(anonymous)
        .post(`${BASE}/gitlab/sync`)
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
        knex: await databases.init(databaseId),
        gitlab,
        entities: ENTITIES,
        features: [refreshOnly.factory],
      });
      const all = await post(server, {});
      expect(all.status).toBe(403);
      expect(all.body.error.message).toBe(
        'Not allowed: quality-scorecard.admin',
      );
      await request(server)
        .get(`${BASE}/gitlab/sync/status`)
        .set(AUTH)
        .expect(200);
      const one = await post(server, { entityRef: 'ledger' }).expect(202);
      expect(await waitForRun(server, one.body.runId)).toMatchObject({
        status: 'succeeded',
        items: { mergeRequests: 0, deployments: 0, incidents: 0, bugs: 0 },
      });
    });

    it('starts without a GitLab token: sync off, status says why, POST answers 503', async () => {
      const server = await startBackend({
        knex: await databases.init(databaseId),
        entities: ENTITIES,
      });
      await request(server).get(`${BASE}/health`).expect(200, { status: 'ok' });
      expect(await syncStatus(server)).toEqual({
        enabled: false,
        reason:
          'no GitLab integration with a token is configured (integrations.gitlab)',
        runs: [],
        projects: [],
      });
      for (const body of [{ entityRef: 'payments' }, {}]) {
        const answer = await post(server, body);
        expect(answer.status).toBe(503);
        expect(answer.body.error).toMatchObject({
          name: 'ServiceUnavailableError',
          message:
            'GitLab sync is disabled: no GitLab integration with a token is configured (integrations.gitlab)',
        });
      }

      const off = await startBackend({
        knex: await databases.init(databaseId),
        gitlab,
        entities: ENTITIES,
        sync: { enabled: false },
      });
      expect((await syncStatus(off)).reason).toBe(
        'qualityScorecard.gitlab.sync.enabled is false',
      );
      expect(gitlab.count()).toBe(0);
    });
  },
);
