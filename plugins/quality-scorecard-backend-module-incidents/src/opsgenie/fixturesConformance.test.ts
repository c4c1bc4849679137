/*
 * Conformance: the real Opsgenie alert webhooks in ../shared/fixtures/opsgenie
 * (captured by Zulip's integration; read at test time, never copied) pass
 * through the route and give the statuses and times its NOTES.md documents.
 */
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import {
  BASE,
  component,
  counts,
  databases,
  startBackend,
  storedIncidents,
} from '../__testUtils__/backend';

jest.setTimeout(60_000);

// CI lays shared/ beside the checkout; SHEWHART_SHARED_DIR points elsewhere.
const FIXTURES = path.join(
  process.env.SHEWHART_SHARED_DIR ??
    path.resolve(__dirname, '../../../../../shared'),
  'fixtures/opsgenie/zulip-fixtures',
);
const SECRET = 'conformance-secret';

/** What NOTES.md says of each fixture, as the stored incident. */
const EXPECTED: Record<string, object> = {
  // action Create, createdAt 1502709956288 ms, priority 3, tags [vip].
  'create.json': {
    id: 'ec03dad6-62c8-4c94-b38b-d88f398e900f',
    entityRef: 'component:default/vip-service',
    title: 'another alert',
    severity: 'medium',
    status: 'triggered',
    statusAt: '2017-08-14T11:25:56.288Z',
    createdAt: '2017-08-14T11:25:56.288Z',
    resolvedAt: null,
    url: null,
  },
  // action Close, createdAt 1420452191104 ms, updatedAt 1420452374669001603 ns: 183.565 s later.
  'close.json': {
    id: '052652ac-5d1c-464a-812a-7dd18bbfba8c',
    entityRef: null,
    title: 'test alert',
    severity: null,
    status: 'resolved',
    statusAt: '2015-01-05T10:06:14.669Z',
    createdAt: '2015-01-05T10:03:11.104Z',
    resolvedAt: '2015-01-05T10:06:14.669Z',
    url: null,
  },
};

describe.each(databases.eachSupportedId())(
  'Opsgenie fixtures conformance on %p',
  databaseId => {
    it('maps the real alert webhooks to the documented statuses and times', async () => {
      if (!fs.existsSync(FIXTURES)) {
        // eslint-disable-next-line no-console
        console.log('skipped: ../shared/fixtures/opsgenie is absent');
        return;
      }
      const { server, knex } = await startBackend(databaseId, {
        entities: [
          component('vip-service', {
            'opsgenie.com/component-selector': 'tag:vip',
          }),
        ],
        qualityScorecard: { opsgenie: { webhookSecrets: [SECRET] } },
      });
      const names = Object.keys(EXPECTED);
      for (const name of names) {
        const raw = fs.readFileSync(path.join(FIXTURES, name));
        for (const expected of [202, 200]) {
          const res = await request(server)
            .post(`${BASE}/webhooks/opsgenie`)
            .set('content-type', 'application/json')
            .set('x-shewhart-token', SECRET)
            .send(raw.toString('utf8'));
          expect({ name, status: res.status }).toEqual({
            name,
            status: expected,
          });
        }
      }
      expect(await counts(knex, 'opsgenie')).toEqual({ raw: 2, incidents: 2 });
      const stored = await storedIncidents(knex, 'opsgenie');
      expect(stored).toEqual([EXPECTED['close.json'], EXPECTED['create.json']]);
      const close = stored[0];
      // NOTES.md: ~183.6 s between create and close.
      expect(
        (Date.parse(close.resolvedAt!) - Date.parse(close.createdAt!)) / 1000,
      ).toBe(183.565);
    });
  },
);
