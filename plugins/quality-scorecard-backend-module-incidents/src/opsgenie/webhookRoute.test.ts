/*
 * Opsgenie / Jira Service Management Operations alert webhooks through the
 * plugin's route, into the real store, on SQLite and PostgreSQL; then the
 * scorecard computed from them.
 */
import request from 'supertest';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  BASE,
  component,
  counts,
  databases,
  scorecardMetrics,
  sendDeployments,
  Server,
  startBackend,
  storedIncidents,
} from '../__testUtils__/backend';
import { alertAction, AlertInput } from '../__testUtils__/opsgeniePayloads';

jest.setTimeout(60_000);

const SECRETS = ['old-opsgenie-secret', 'new-opsgenie-secret'];
const TOKEN = { 'x-shewhart-token': SECRETS[1] };
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString(
    'base64',
  )}`,
});
const ALERT_URL =
  'https://acme.app.opsgenie.com/alert/detail/{alertId}/details';

const ENTITIES = [
  component('payments', {
    'opsgenie.com/component-selector':
      'tag:"service:payments" OR tag:payments-api',
  }),
  component('checkout', { 'opsgenie.com/team': 'Checkout' }),
];

function start(databaseId: TestDatabaseId, opsgenie: object = {}) {
  return startBackend(databaseId, {
    entities: ENTITIES,
    qualityScorecard: {
      opsgenie: {
        webhookSecrets: SECRETS,
        alertUrlTemplate: ALERT_URL,
        ...opsgenie,
      },
    },
  });
}

function post(
  server: Server,
  body: unknown,
  headers: Record<string, string> = TOKEN,
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  let r = request(server)
    .post(`${BASE}/webhooks/opsgenie`)
    .set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) r = r.set(name, value);
  return r.send(raw);
}

const A1: AlertInput = {
  alertId: 'a1000000-0000-4000-8000-000000000001',
  message: 'Payments API 5xx',
  createdAt: '2026-03-03T13:00:00Z',
  // A tag the payments selector selects comes before the team: it wins.
  tags: ['service:payments', 'env:prod'],
  teams: ['Checkout'],
  priority: 'P1',
};
const A2: AlertInput = {
  alertId: 'a2000000-0000-4000-8000-000000000002',
  message: 'Refund latency',
  createdAt: '2026-03-04T09:00:00Z',
  tags: ['payments-api'],
  // The webhook sends the priority as a number too.
  priority: 3,
};
const A3: AlertInput = {
  alertId: 'a3000000-0000-4000-8000-000000000003',
  message: 'Cart errors',
  createdAt: '2026-03-05T10:00:00Z',
  teams: ['Checkout'],
  priority: 'P5',
};

describe.each(databases.eachSupportedId())(
  'Opsgenie webhooks on %p',
  databaseId => {
    it('answers 401 to a missing or wrong secret and stores nothing; either secret of a rotation, in the header or as basic auth, passes', async () => {
      const { server, knex } = await start(databaseId);
      const body = alertAction('Create', A1, A1.createdAt);
      const cases: Array<[Record<string, string>, string]> = [
        [{}, 'Missing x-shewhart-token header or basic auth password'],
        [
          { 'x-shewhart-token': 'new-opsgenie-secreT' },
          'Invalid Opsgenie webhook secret',
        ],
        [
          basic('opsgenie', 'not-the-secret'),
          'Invalid Opsgenie webhook secret',
        ],
        [
          { authorization: `Bearer ${SECRETS[1]}` },
          'Missing x-shewhart-token header or basic auth password',
        ],
      ];
      for (const [headers, message] of cases) {
        const res = await post(server, body, headers);
        expect([res.status, res.body.error?.message]).toEqual([401, message]);
      }
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 0, incidents: 0 });

      const viaBasic = await post(server, body, basic('opsgenie', SECRETS[0]));
      expect(viaBasic.status).toBe(202);
      expect(viaBasic.body).toMatchObject({
        duplicate: false,
        processed: true,
        events: 1,
      });
      const viaHeader = await post(
        server,
        alertAction('Acknowledge', A1, '2026-03-03T13:10:00Z'),
        { 'x-shewhart-token': SECRETS[0] },
      );
      expect(viaHeader.status).toBe(202);
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 2, incidents: 1 });
    });

    it('takes the secret in the header the operator names', async () => {
      const { server, knex } = await start(databaseId, {
        authHeader: 'X-Ops-Key',
      });
      const body = alertAction('Create', A1, A1.createdAt);
      expect((await post(server, body)).status).toBe(401);
      expect(
        (await post(server, body, { 'x-ops-key': SECRETS[1] })).status,
      ).toBe(202);
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 1, incidents: 1 });
    });

    it('stores a retried action once: named by alert id, action and its time', async () => {
      const { server, knex } = await start(databaseId);
      const body = alertAction('Create', A1, A1.createdAt);
      const first = await post(server, body);
      expect(first.status).toBe(202);
      // 2026-03-03T13:00:00Z = 1772542800000 ms = 1772542800000000000 ns.
      expect(first.body.deliveryId).toBe(
        `${A1.alertId}/Create/1772542800000000000`,
      );
      const again = await post(server, body);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        deliveryId: first.body.deliveryId,
        duplicate: true,
      });
      // Without updatedAt, a hash of the body names it.
      const { updatedAt: _, ...noTime } = alertAction(
        'AddNote',
        A1,
        A1.createdAt,
      ).alert;
      const unnamed = {
        ...alertAction('AddNote', A1, A1.createdAt),
        alert: noTime,
      };
      const hashed = await post(server, unnamed);
      expect(hashed.body.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await post(server, unnamed)).body).toMatchObject({
        duplicate: true,
      });
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 2, incidents: 1 });
    });

    const create = alertAction('Create', A1, A1.createdAt);
    it.each([
      ['{"action": "Create",', /JSON/i],
      [
        { ...create, action: undefined },
        /^Opsgenie alert webhook: action is required$/,
      ],
      [
        { ...create, alert: undefined },
        /^Opsgenie alert webhook: alert is required$/,
      ],
      [
        { ...create, alert: { ...create.alert, alertId: 42 } },
        /^Opsgenie alert webhook: alert\.alertId must be string, not number$/,
      ],
      [
        { ...create, alert: { ...create.alert, createdAt: 'yesterday' } },
        /^Opsgenie alert webhook: alert\.createdAt must be epoch milliseconds/,
      ],
      [
        { ...create, alert: { ...create.alert, tags: 'payments' } },
        /^Opsgenie alert webhook: alert\.tags must be array, not string$/,
      ],
    ])(
      'answers 400 naming the field and stores nothing: %#',
      async (body, message) => {
        const { server, knex } = await start(databaseId);
        const res = await post(server, body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await counts(knex, 'opsgenie')).toEqual({
          raw: 0,
          incidents: 0,
        });
      },
    );

    it('removes the incident of a deleted alert', async () => {
      const { server, knex } = await start(databaseId);
      await post(server, alertAction('Create', A3, A3.createdAt)).expect(202);
      await post(
        server,
        alertAction('Delete', A3, '2026-03-05T11:00:00Z'),
      ).expect(202);
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 2, incidents: 0 });
      // An Acknowledge from before the delete, delivered after it, does not bring it back.
      await post(
        server,
        alertAction('Acknowledge', A3, '2026-03-05T10:30:00Z'),
      ).expect(202);
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 3, incidents: 0 });
      // A Delete delivered before the Create it follows keeps the Create out too.
      await post(
        server,
        alertAction('Delete', A1, '2026-03-03T16:00:00Z'),
      ).expect(202);
      await post(
        server,
        alertAction('Create', A1, '2026-03-03T13:00:00Z'),
      ).expect(202);
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 5, incidents: 0 });
    });

    it('maps actions to incidents with status, priority and entity, keeps a late Acknowledge from reopening a closed alert, and scores them', async () => {
      const { server, knex } = await start(databaseId);
      const sent = [
        alertAction('Create', A1, '2026-03-03T13:00:00Z'),
        alertAction('Acknowledge', A1, '2026-03-03T13:10:00Z'),
        alertAction('AddNote', A1, '2026-03-03T13:20:00Z', {
          note: 'rolling back',
        }),
        alertAction('Close', A1, '2026-03-03T15:00:00Z'),
        alertAction('Create', A2, '2026-03-04T09:00:00Z'),
        alertAction('Close', A2, '2026-03-04T09:30:00Z'),
        // Sent at 09:10, delivered after the close.
        alertAction('Acknowledge', A2, '2026-03-04T09:10:00Z'),
        alertAction('Create', A3, '2026-03-05T10:00:00Z'),
        alertAction('Acknowledge', A3, '2026-03-05T10:05:00Z'),
      ];
      for (const body of sent) {
        const res = await post(server, body);
        expect({ action: body.action, status: res.status }).toEqual({
          action: body.action,
          status: 202,
        });
      }
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 9, incidents: 3 });
      const url = (id: string) =>
        `https://acme.app.opsgenie.com/alert/detail/${id}/details`;
      expect(await storedIncidents(knex, 'opsgenie')).toEqual([
        {
          id: A1.alertId,
          entityRef: 'component:default/payments',
          title: 'Payments API 5xx',
          severity: 'critical', // P1
          status: 'resolved',
          statusAt: '2026-03-03T15:00:00.000Z',
          createdAt: '2026-03-03T13:00:00.000Z',
          resolvedAt: '2026-03-03T15:00:00.000Z',
          url: url(A1.alertId),
        },
        {
          id: A2.alertId,
          entityRef: 'component:default/payments',
          title: 'Refund latency',
          severity: 'medium', // 3 = P3
          status: 'resolved',
          statusAt: '2026-03-04T09:30:00.000Z',
          createdAt: '2026-03-04T09:00:00.000Z',
          resolvedAt: '2026-03-04T09:30:00.000Z',
          url: url(A2.alertId),
        },
        {
          id: A3.alertId,
          entityRef: 'component:default/checkout',
          title: 'Cart errors',
          severity: 'low', // P5
          status: 'acknowledged',
          statusAt: '2026-03-05T10:05:00.000Z',
          createdAt: '2026-03-05T10:00:00.000Z',
          resolvedAt: null,
          url: url(A3.alertId),
        },
      ]);

      await sendDeployments(server, 'component:default/payments', [
        '2026-03-03T12:00:00Z',
        '2026-03-04T08:00:00Z',
        '2026-03-05T12:00:00Z',
      ]);
      const metrics = await scorecardMetrics(
        server,
        'payments',
        '2026-03-02T00:00:00Z',
        '2026-03-09T00:00:00Z',
      );
      // A1 restored in 2 h (7,200 s), A2 in 30 min (1,800 s): median 4,500 s.
      expect(metrics.time_to_restore).toMatchObject({ value: 4500, n: 2 });
      // A1 (03-03 13:00) follows the 12:00 deployment, A2 (03-04 09:00) the 08:00 one; 03-05 12:00 has none: 2 of 3.
      expect(metrics.change_failure_rate).toMatchObject({
        numerator: 2,
        denominator: 3,
      });
      expect(metrics.change_failure_rate.value).toBeCloseTo(2 / 3, 12);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'Opsgenie webhooks without secrets on %p',
  databaseId => {
    it('stays idle: every request is a 401, nothing is stored', async () => {
      const { server, knex } = await startBackend(databaseId, {
        entities: ENTITIES,
        qualityScorecard: {},
      });
      for (const headers of [{}, TOKEN, basic('opsgenie', SECRETS[1])]) {
        const res = await post(
          server,
          alertAction('Create', A1, A1.createdAt),
          headers,
        );
        expect([res.status, res.body.error.message]).toEqual([
          401,
          'Opsgenie webhooks are not configured (qualityScorecard.opsgenie.webhookSecrets)',
        ]);
      }
      const incidentIo = await request(server)
        .post(`${BASE}/webhooks/incident-io`)
        .set('content-type', 'application/json')
        .send('{}');
      expect([incidentIo.status, incidentIo.body.error.message]).toEqual([
        401,
        'incident.io webhooks are not configured (qualityScorecard.incidentIo.webhookSecrets)',
      ]);
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 0, incidents: 0 });
      expect(await counts(knex, 'incident-io')).toEqual({
        raw: 0,
        incidents: 0,
      });
    });
  },
);
