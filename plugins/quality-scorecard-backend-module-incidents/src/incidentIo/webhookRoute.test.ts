/*
 * incident.io webhooks through the plugin's signed route, into the real
 * store, on SQLite and PostgreSQL; then the scorecard computed from them.
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
import {
  incidentEvent,
  IncidentInput,
  signed,
} from '../__testUtils__/incidentIoPayloads';

jest.setTimeout(60_000);

const secret = (text: string) =>
  `whsec_${Buffer.from(text).toString('base64')}`;
const SECRETS = [
  secret('old incident.io secret'),
  secret('new incident.io secret'),
];
const OTHER = secret('someone else');

const ENTITIES = [
  // Answers to default/payments, the external id the catalog importer gives it.
  component('payments'),
  // Named in incident.io by an entry of another external id.
  component('checkout', { 'incident.io/catalog-entry-id': '01HCHECKOUTENTRY' }),
];

const start = (databaseId: TestDatabaseId) =>
  startBackend(databaseId, {
    entities: ENTITIES,
    qualityScorecard: {
      incidentIo: {
        webhookSecrets: SECRETS,
        // This organisation's "Elevated" (rank 2) is high.
        severities: { high: ['rank:2'] },
      },
    },
  });

let deliveries = 0;
function post(
  server: Server,
  body: unknown,
  options: {
    secret?: string;
    id?: string;
    at?: Date;
    headers?: Record<string, string>;
  } = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers =
    options.headers ??
    signed(
      options.secret ?? SECRETS[1],
      options.id ?? `msg_${++deliveries}`,
      raw,
      options.at,
    );
  let r = request(server)
    .post(`${BASE}/webhooks/incident-io`)
    .set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) r = r.set(name, value);
  return r.send(raw);
}

const PAYMENTS_ENTRY = {
  id: '01HPAYMENTSENTRY',
  external_id: 'default/payments',
  name: 'payments',
};
const I1: IncidentInput = {
  id: '01HINC00000000000000000001',
  name: 'Payments API down',
  reference: 'INC-1',
  severity: { name: 'Critical', rank: 3 },
  category: 'triage',
  createdAt: '2026-03-03T13:00:00Z',
  updatedAt: '2026-03-03T13:00:00Z',
  components: [PAYMENTS_ENTRY],
};
const I2: IncidentInput = {
  id: '01HINC00000000000000000002',
  name: 'Refunds slow',
  reference: 'INC-2',
  severity: { name: 'Elevated', rank: 2 },
  category: 'live',
  createdAt: '2026-03-04T09:00:00Z',
  updatedAt: '2026-03-04T09:00:00Z',
  components: [PAYMENTS_ENTRY],
};
const I3: IncidentInput = {
  id: '01HINC00000000000000000003',
  name: 'Cart errors',
  reference: 'INC-3',
  severity: { name: 'Minor', rank: 1 },
  category: 'live',
  createdAt: '2026-03-05T10:00:00Z',
  updatedAt: '2026-03-05T10:00:00Z',
  components: [{ id: '01HCHECKOUTENTRY', name: 'Checkout' }],
};

describe.each(databases.eachSupportedId())(
  'incident.io webhooks on %p',
  databaseId => {
    it('answers 401 to a missing, wrong, stale or tampered signature and stores nothing; either secret of a rotation passes', async () => {
      const { server, knex } = await start(databaseId);
      const body = JSON.stringify(incidentEvent('created', I1));
      const good = signed(SECRETS[1], 'msg_auth', body);
      const cases: Array<[Record<string, string>, string | RegExp, string?]> = [
        [{}, 'Missing webhook-id header'],
        [
          { ...good, 'webhook-signature': '' },
          'Missing webhook-signature header',
        ],
        [
          signed(OTHER, 'msg_auth', body),
          'Invalid webhook-signature: No matching signature found',
        ],
        // Signed ten minutes ago: past the five-minute tolerance.
        [
          signed(SECRETS[1], 'msg_auth', body, new Date(Date.now() - 600_000)),
          'Invalid webhook-signature: Message timestamp too old',
        ],
        // Another id than the one signed.
        [
          { ...good, 'webhook-id': 'msg_other' },
          'Invalid webhook-signature: No matching signature found',
        ],
        [
          good,
          'Invalid webhook-signature: No matching signature found',
          body.replace('Payments API down', 'Payments API fine'),
        ],
      ];
      for (const [headers, message, sentBody] of cases) {
        const res = await post(server, sentBody ?? body, { headers });
        expect([res.status, res.body.error?.message]).toEqual([401, message]);
      }
      expect(await counts(knex, 'incident-io')).toEqual({
        raw: 0,
        incidents: 0,
      });

      expect((await post(server, body, { secret: SECRETS[0] })).status).toBe(
        202,
      );
      expect((await post(server, body, { headers: good })).status).toBe(202);
    });

    it('stores a retried delivery once, by webhook-id', async () => {
      const { server, knex } = await start(databaseId);
      const body = incidentEvent('created', I1);
      const first = await post(server, body, {
        id: 'msg_2Rb2bXJ0eVvN8T0F6AQ3',
      });
      expect(first.status).toBe(202);
      const again = await post(server, body, {
        id: 'msg_2Rb2bXJ0eVvN8T0F6AQ3',
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        deliveryId: 'msg_2Rb2bXJ0eVvN8T0F6AQ3',
        duplicate: true,
      });
      expect(await counts(knex, 'incident-io')).toEqual({
        raw: 1,
        incidents: 1,
      });
    });

    const created = incidentEvent('created', I1);
    const inner = (
      created['public_incident.incident_created_v2'] as { incident: object }
    ).incident;
    const withIncident = (changes: object) => ({
      ...created,
      'public_incident.incident_created_v2': {
        incident: { ...inner, ...changes },
      },
    });
    it.each([
      ['{"event_type": "public_incident.incident_created_v2",', /JSON/i],
      [
        { ...created, event_type: undefined },
        /^incident\.io webhook: event_type is required$/,
      ],
      [
        withIncident({ id: 7 }),
        /^incident\.io webhook: public_incident\.incident_created_v2\.incident\.id must be string, not number$/,
      ],
      [
        withIncident({ created_at: 'yesterday' }),
        /^incident\.io webhook: public_incident\.incident_created_v2\.incident\.created_at must be an ISO-8601 time$/,
      ],
      [
        withIncident({ incident_status: undefined }),
        /^incident\.io webhook: public_incident\.incident_created_v2\.incident\.incident_status is required$/,
      ],
      [
        withIncident({ severity: { name: 'Critical', rank: 'high' } }),
        /^incident\.io webhook: public_incident\.incident_created_v2\.incident\.severity\.rank must be number, not string$/,
      ],
    ])(
      'answers 400 naming the field and stores nothing: %#',
      async (body, message) => {
        const { server, knex } = await start(databaseId);
        const res = await post(server, body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await counts(knex, 'incident-io')).toEqual({
          raw: 0,
          incidents: 0,
        });
      },
    );

    it('keeps other event types and test incidents in the raw log only, and removes a declined incident', async () => {
      const { server, knex } = await start(databaseId);
      const alert = {
        event_type: 'public_alert.alert_created_v1',
        'public_alert.alert_created_v1': { id: 'alert-1' },
      };
      expect((await post(server, alert)).body).toMatchObject({
        processed: true,
        events: 0,
      });
      expect(
        (
          await post(
            server,
            incidentEvent('created', {
              ...I3,
              id: 'test-incident',
              mode: 'test',
            }),
          )
        ).body,
      ).toMatchObject({ events: 0 });
      await post(
        server,
        incidentEvent('created', { ...I3, category: 'triage' }),
      ).expect(202);
      expect(await counts(knex, 'incident-io')).toEqual({
        raw: 3,
        incidents: 1,
      });
      await post(
        server,
        incidentEvent('updated', {
          ...I3,
          category: 'declined',
          updatedAt: '2026-03-05T10:20:00Z',
        }),
      ).expect(202);
      expect(await counts(knex, 'incident-io')).toEqual({
        raw: 4,
        incidents: 0,
      });
      // The creation, retried after the decline, does not bring it back.
      await post(
        server,
        incidentEvent('updated', {
          ...I3,
          category: 'triage',
          updatedAt: '2026-03-05T10:10:00Z',
        }),
      ).expect(202);
      expect(await counts(knex, 'incident-io')).toEqual({
        raw: 5,
        incidents: 0,
      });
    });

    it('maps incidents to status, severity and entity, keeps a late update from reopening a resolved incident, and scores them', async () => {
      const { server, knex } = await start(databaseId);
      const sent = [
        incidentEvent('created', I1),
        incidentEvent('updated', {
          ...I1,
          category: 'live',
          updatedAt: '2026-03-03T13:20:00Z',
        }),
        incidentEvent('updated', {
          ...I1,
          category: 'learning',
          updatedAt: '2026-03-03T15:00:00Z',
        }),
        // Sent at 13:20 with a newer name, delivered after the resolution.
        incidentEvent('updated', {
          ...I1,
          name: 'Payments API degraded',
          category: 'live',
          updatedAt: '2026-03-03T13:20:00Z',
        }),
        // Closed the next day: resolved when it reached learning.
        incidentEvent('updated', {
          ...I1,
          category: 'closed',
          updatedAt: '2026-03-04T10:00:00Z',
        }),
        incidentEvent('created', I2),
        incidentEvent('updated', {
          ...I2,
          category: 'closed',
          updatedAt: '2026-03-04T09:30:00Z',
        }),
        incidentEvent('created', I3),
      ];
      for (const body of sent) {
        const res = await post(server, body);
        expect({ event: body.event_type, status: res.status }).toEqual({
          event: body.event_type,
          status: 202,
        });
      }
      expect(await counts(knex, 'incident-io')).toEqual({
        raw: 8,
        incidents: 3,
      });
      const permalink = (ref: string) =>
        `https://app.incident.io/acme/incidents/${ref}`;
      expect(await storedIncidents(knex, 'incident-io')).toEqual([
        {
          id: I1.id,
          entityRef: 'component:default/payments',
          title: 'Payments API down',
          severity: 'critical', // Critical
          status: 'resolved',
          statusAt: '2026-03-04T10:00:00.000Z',
          createdAt: '2026-03-03T13:00:00.000Z',
          resolvedAt: '2026-03-03T15:00:00.000Z',
          url: permalink('INC-1'),
        },
        {
          id: I2.id,
          entityRef: 'component:default/payments',
          title: 'Refunds slow',
          severity: 'high', // rank 2, configured
          status: 'resolved',
          statusAt: '2026-03-04T09:30:00.000Z',
          createdAt: '2026-03-04T09:00:00.000Z',
          resolvedAt: '2026-03-04T09:30:00.000Z',
          url: permalink('INC-2'),
        },
        {
          id: I3.id,
          entityRef: 'component:default/checkout',
          title: 'Cart errors',
          severity: 'medium', // Minor
          status: 'acknowledged', // live
          statusAt: '2026-03-05T10:00:00.000Z',
          createdAt: '2026-03-05T10:00:00.000Z',
          resolvedAt: null,
          url: permalink('INC-3'),
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
      // INC-1 13:00 → learning 15:00 (7,200 s), INC-2 09:00 → closed 09:30 (1,800 s): median 4,500 s.
      expect(metrics.time_to_restore).toMatchObject({ value: 4500, n: 2 });
      // INC-1 follows the 03-03 12:00 deployment, INC-2 the 03-04 08:00 one; 03-05 12:00 has none: 2 of 3.
      expect(metrics.change_failure_rate).toMatchObject({
        numerator: 2,
        denominator: 3,
      });
      expect(metrics.change_failure_rate.value).toBeCloseTo(2 / 3, 12);
    });
  },
);
