/*
 * Secret rotation of GitLab's X-Gitlab-Token through the plugin's route, on
 * SQLite and PostgreSQL: which configured token verified each stored
 * delivery, and GET /admin/webhook-secrets.
 *
 * Fingerprints computed apart from this code, with
 *   printf %s shewhart-fingerprint | openssl dgst -sha256 -hmac <secret>
 * (the first 8 hex digits).
 */
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests run the real plugin with its module
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import qualityScorecardModuleGitlab from '../index';

jest.setTimeout(60_000);

const BASE = '/api/quality-scorecard';
const SECRETS = ['gl-old', 'gl-new'];
const FINGERPRINTS = ['6447e8b8', 'e18ef92f'];
const ADMIN = 'user:default/admin';
const KEY = 'qualityScorecard.gitlab.webhookSecrets';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function start(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleGitlab,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.database.factory({ knex }),
      // Only the admin may read the secrets' use.
      mockServices.permissions.mock({
        authorize: async (requests, options) =>
          requests.map(() => ({
            result:
              (options?.credentials.principal as { userEntityRef?: string })
                ?.userEntityRef === ADMIN
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          })),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          qualityScorecard: {
            gitlab: { webhookSecrets: SECRETS },
            demoData: { enabled: false },
          },
        },
      }),
    ],
  });
  return { server, knex };
}

type Server = Awaited<ReturnType<typeof start>>['server'];

function post(server: Server, idempotencyKey: string, token: string) {
  return request(server)
    .post(`${BASE}/webhooks/gitlab`)
    .set('content-type', 'application/json')
    .set('x-gitlab-event', 'System Hook')
    .set('idempotency-key', idempotencyKey)
    .set('x-gitlab-token', token)
    .send(JSON.stringify({ event_name: 'repository_update' }));
}

describe.each(databases.eachSupportedId())(
  'GitLab secret rotation on %p',
  databaseId => {
    it('stores which token verified a delivery, refuses a wrong one and reports each token', async () => {
      const { server, knex } = await start(databaseId);
      await post(server, 'k-1', SECRETS[0]).expect(202);
      await post(server, 'k-2', SECRETS[1]).expect(202);
      await post(server, 'k-3', SECRETS[1]).expect(202);
      await post(server, 'k-4', 'gl-older').expect(401);
      const rows = await knex('qs_raw_deliveries')
        .orderBy('id')
        .select(
          'delivery_id',
          'secret_position',
          'secret_fingerprint',
          'received_at',
        );
      const at = (i: number) =>
        new Date(Number(rows[i].received_at)).toISOString();
      expect(
        rows.map(r => [
          r.delivery_id,
          Number(r.secret_position),
          r.secret_fingerprint,
        ]),
      ).toEqual([
        ['k-1', 0, FINGERPRINTS[0]],
        ['k-2', 1, FINGERPRINTS[1]],
        ['k-3', 1, FINGERPRINTS[1]],
      ]);

      const answer = await request(server)
        .get(`${BASE}/admin/webhook-secrets?days=7`)
        .set({ Authorization: mockCredentials.user.header(ADMIN) })
        .expect(200);
      const gitlab = answer.body.sources.find(
        (s: { source: string }) => s.source === 'gitlab',
      );
      expect(
        gitlab.secrets.map((s: any) => [
          s.list,
          s.position,
          s.fingerprint,
          s.deliveries,
          s.lastVerifiedAt,
        ]),
      ).toEqual([
        [KEY, 0, FINGERPRINTS[0], 1, at(0)],
        [KEY, 1, FINGERPRINTS[1], 2, at(2)],
      ]);
      expect(gitlab.unconfigured).toEqual([]);
      await request(server)
        .get(`${BASE}/admin/webhook-secrets`)
        .set({ Authorization: mockCredentials.user.header('user:default/dev') })
        .expect(403);
    });
  },
);
