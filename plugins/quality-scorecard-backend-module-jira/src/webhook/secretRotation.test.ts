/*
 * Secret rotation of Jira's Cloud signature and Data Center token through
 * the plugin's route, on SQLite and PostgreSQL: which configured secret or
 * token verified each stored delivery, and GET /admin/webhook-secrets.
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
import qualityScorecardModuleJira from '../index';
import {
  hubSignature,
  issueWebhook,
  PAY1,
} from '../__testUtils__/jiraPayloads';

jest.setTimeout(60_000);

const BASE = '/api/quality-scorecard';
const ADMIN = 'user:default/admin';
const SECRETS = ['jira-old', 'jira-new'];
const TOKENS = ['jira-token-old', 'jira-token-new'];
const FP: Record<string, string> = {
  'jira-old': '5ef6ca55',
  'jira-new': '02e8cae8',
  'jira-token-old': '2a642d4c',
  'jira-token-new': 'dbedd9f4',
};
const SECRETS_KEY = 'qualityScorecard.jira.webhookSecrets';
const TOKENS_KEY = 'qualityScorecard.jira.webhookTokens';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function start(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleJira,
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
            jira: { webhookSecrets: SECRETS, webhookTokens: TOKENS },
            demoData: { enabled: false },
          },
        },
      }),
    ],
  });
  return { server, knex };
}

type Server = Awaited<ReturnType<typeof start>>['server'];

const BODY = JSON.stringify(issueWebhook('jira:issue_created', PAY1));

function post(
  server: Server,
  identifier: string,
  headers: Record<string, string>,
  query = '',
) {
  let r = request(server)
    .post(`${BASE}/webhooks/jira${query}`)
    .set('content-type', 'application/json')
    .set('x-atlassian-webhook-identifier', identifier);
  for (const [name, value] of Object.entries(headers)) r = r.set(name, value);
  return r.send(BODY);
}

describe.each(databases.eachSupportedId())(
  'Jira secret rotation on %p',
  databaseId => {
    it('stores which secret or token verified a delivery, refuses a wrong one and reports each', async () => {
      const { server, knex } = await start(databaseId);
      await post(server, 'c-1', {
        'x-hub-signature': hubSignature(BODY, 'jira-old'),
      }).expect(202);
      await post(server, 'c-2', {
        'x-hub-signature': hubSignature(BODY, 'jira-new'),
      }).expect(202);
      await post(server, 'd-1', {
        'x-shewhart-webhook-token': 'jira-token-old',
      }).expect(202);
      await post(server, 'd-2', {}, '?token=jira-token-new').expect(202);
      // A token is no signing secret, nor the other way round.
      await post(server, 'x-1', {
        'x-hub-signature': hubSignature(BODY, 'jira-token-old'),
      }).expect(401);
      await post(server, 'x-2', {
        'x-shewhart-webhook-token': 'jira-old',
      }).expect(401);
      const rows = await knex('qs_raw_deliveries')
        .orderBy('id')
        .select(
          'delivery_id',
          'secret_position',
          'secret_fingerprint',
          'received_at',
        );
      expect(
        rows.map(r => [
          r.delivery_id,
          Number(r.secret_position),
          r.secret_fingerprint,
        ]),
      ).toEqual([
        ['c-1', 0, FP['jira-old']],
        ['c-2', 1, FP['jira-new']],
        ['d-1', 0, FP['jira-token-old']],
        ['d-2', 1, FP['jira-token-new']],
      ]);
      const at = (i: number) =>
        new Date(Number(rows[i].received_at)).toISOString();

      const answer = await request(server)
        .get(`${BASE}/admin/webhook-secrets`)
        .set({ Authorization: mockCredentials.user.header(ADMIN) })
        .expect(200);
      const jira = answer.body.sources.find(
        (s: { source: string }) => s.source === 'jira',
      );
      expect(jira.secrets).toEqual([
        {
          list: SECRETS_KEY,
          position: 0,
          fingerprint: FP['jira-old'],
          deliveries: 1,
          lastVerifiedAt: at(0),
        },
        {
          list: SECRETS_KEY,
          position: 1,
          fingerprint: FP['jira-new'],
          deliveries: 1,
          lastVerifiedAt: at(1),
        },
        {
          list: TOKENS_KEY,
          position: 0,
          fingerprint: FP['jira-token-old'],
          deliveries: 1,
          lastVerifiedAt: at(2),
        },
        {
          list: TOKENS_KEY,
          position: 1,
          fingerprint: FP['jira-token-new'],
          deliveries: 1,
          lastVerifiedAt: at(3),
        },
      ]);
      await request(server)
        .get(`${BASE}/admin/webhook-secrets`)
        .set({ Authorization: mockCredentials.user.header('user:default/dev') })
        .expect(403);
    });
  },
);
