/*
 * Secret rotation of Opsgenie's shared secret and incident.io's signing
 * secret through the plugin's routes, on SQLite and PostgreSQL: which
 * configured secret verified each stored delivery, and
 * GET /admin/webhook-secrets (its 403 for a non-admin: the plugin's and the
 * GitLab and Jira modules' tests).
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
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests run the real plugin with its module
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import qualityScorecardModuleIncidents from './index';
import { BASE, databases } from './__testUtils__/backend';
import { alertAction } from './__testUtils__/opsgeniePayloads';
import { incidentEvent, signed } from './__testUtils__/incidentIoPayloads';

jest.setTimeout(60_000);

const ADMIN = 'user:default/admin';
const OPSGENIE = ['og-old', 'og-new'];
// whsec_ and the base64 of old-incident-io-secret / new-incident-io-secret.
const INCIDENT_IO = [
  'whsec_b2xkLWluY2lkZW50LWlvLXNlY3JldA==',
  'whsec_bmV3LWluY2lkZW50LWlvLXNlY3JldA==',
];
const FP: Record<string, string> = {
  'og-old': '0346a2e3',
  'og-new': '24084528',
  [INCIDENT_IO[0]]: '470ece5c',
  [INCIDENT_IO[1]]: '370b0691',
};

async function start(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleIncidents,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          qualityScorecard: {
            opsgenie: { webhookSecrets: OPSGENIE },
            incidentIo: { webhookSecrets: INCIDENT_IO },
            demoData: { enabled: false },
          },
        },
      }),
    ],
  });
  return { server, knex };
}

type Server = Awaited<ReturnType<typeof start>>['server'];

function postOpsgenie(
  server: Server,
  alertId: string,
  headers: Record<string, string>,
) {
  const body = alertAction(
    'Create',
    { alertId, createdAt: '2026-03-03T13:00:00Z' },
    '2026-03-03T13:00:00Z',
  );
  let r = request(server)
    .post(`${BASE}/webhooks/opsgenie`)
    .set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) r = r.set(name, value);
  return r.send(JSON.stringify(body));
}

const basic = (password: string) =>
  `Basic ${Buffer.from(`opsgenie:${password}`).toString('base64')}`;

function postIncidentIo(server: Server, webhookId: string, secret: string) {
  const body = JSON.stringify(
    incidentEvent('created', {
      id: `01HINC0000000000000000000${webhookId.slice(-1)}`,
      name: 'Payments API down',
      reference: 'INC-1',
      category: 'triage',
      createdAt: '2026-03-03T13:00:00Z',
      updatedAt: '2026-03-03T13:00:00Z',
    }),
  );
  let r = request(server)
    .post(`${BASE}/webhooks/incident-io`)
    .set('content-type', 'application/json');
  for (const [name, value] of Object.entries(signed(secret, webhookId, body))) {
    r = r.set(name, value);
  }
  return r.send(body);
}

describe.each(databases.eachSupportedId())(
  'Opsgenie and incident.io secret rotation on %p',
  databaseId => {
    it('stores which secret verified a delivery, refuses a wrong one and reports each', async () => {
      const { server, knex } = await start(databaseId);
      await postOpsgenie(server, 'a-1', {
        'x-shewhart-token': 'og-old',
      }).expect(202);
      await postOpsgenie(server, 'a-2', {
        authorization: basic('og-new'),
      }).expect(202);
      await postOpsgenie(server, 'a-3', {
        'x-shewhart-token': 'og-older',
      }).expect(401);
      await postIncidentIo(server, 'msg_1', INCIDENT_IO[0]).expect(202);
      await postIncidentIo(server, 'msg_2', INCIDENT_IO[1]).expect(202);
      await postIncidentIo(
        server,
        'msg_3',
        'whsec_b2xkZXItaW5jaWRlbnQtaW8tc2VjcmV0',
      ).expect(401);

      const rows = await knex('qs_raw_deliveries')
        .orderBy('id')
        .select(
          'source',
          'secret_position',
          'secret_fingerprint',
          'received_at',
        );
      expect(
        rows.map(r => [
          r.source,
          Number(r.secret_position),
          r.secret_fingerprint,
        ]),
      ).toEqual([
        ['opsgenie', 0, FP['og-old']],
        ['opsgenie', 1, FP['og-new']],
        ['incident-io', 0, FP[INCIDENT_IO[0]]],
        ['incident-io', 1, FP[INCIDENT_IO[1]]],
      ]);
      const at = (i: number) =>
        new Date(Number(rows[i].received_at)).toISOString();

      const answer = await request(server)
        .get(`${BASE}/admin/webhook-secrets?days=1`)
        .set({ Authorization: mockCredentials.user.header(ADMIN) })
        .expect(200);
      const bySource = (id: string) =>
        answer.body.sources.find((s: { source: string }) => s.source === id);
      const opsgenieKey = 'qualityScorecard.opsgenie.webhookSecrets';
      const incidentIoKey = 'qualityScorecard.incidentIo.webhookSecrets';
      expect(bySource('opsgenie').secrets).toEqual([
        {
          list: opsgenieKey,
          position: 0,
          fingerprint: FP['og-old'],
          deliveries: 1,
          lastVerifiedAt: at(0),
        },
        {
          list: opsgenieKey,
          position: 1,
          fingerprint: FP['og-new'],
          deliveries: 1,
          lastVerifiedAt: at(1),
        },
      ]);
      expect(bySource('incident-io').secrets).toEqual([
        {
          list: incidentIoKey,
          position: 0,
          fingerprint: FP[INCIDENT_IO[0]],
          deliveries: 1,
          lastVerifiedAt: at(2),
        },
        {
          list: incidentIoKey,
          position: 1,
          fingerprint: FP[INCIDENT_IO[1]],
          deliveries: 1,
          lastVerifiedAt: at(3),
        },
      ]);
    });
  },
);
