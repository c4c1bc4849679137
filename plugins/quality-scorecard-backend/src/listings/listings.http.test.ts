import request from 'supertest';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BASE = '/api/quality-scorecard';
const ENTITY = 'component:default/payments-api';
const PATH = `${BASE}/events/entity/component/default/payments-api`;
const READER = 'user:default/ada';
const OUTSIDER = 'user:default/mallory';
const DAY = 86_400_000;

describe.each(databases.eachSupportedId())(
  'incidents and bugs of an entity over HTTP on %p',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      // Everyone may read scorecards, but only the reader this entity.
      const { server } = await startQualityBackend({
        knex,
        allow: ({ permission, user, resourceRef }) =>
          permission !== 'quality-scorecard.entity.read' ||
          (user === READER && resourceRef === ENTITY),
        features: [mockServices.scheduler.mock().factory],
      });
      const now = Date.now();
      const at = (daysAgo: number) =>
        new Date(now - daysAgo * DAY).toISOString();
      await request(server)
        .post(`${BASE}/events`)
        .set(as(READER))
        .send({
          events: [
            {
              type: 'incident',
              id: 'Q1',
              source: 'pagerduty',
              entityRef: ENTITY,
              title: 'Refunds failing',
              severity: 'SEV1',
              url: 'https://acme.pagerduty.com/incidents/Q1',
              createdAt: at(3),
              resolvedAt: at(2.5),
            },
            {
              type: 'bug',
              id: 'PAY-7',
              source: 'jira',
              entityRef: ENTITY,
              title: 'Refund rounding',
              url: 'https://acme.atlassian.net/browse/PAY-7',
              createdAt: at(1),
              closedAt: null,
            },
            // Older than the default window of 28 days.
            {
              type: 'bug',
              id: 'PAY-1',
              source: 'jira',
              entityRef: ENTITY,
              title: 'Old bug',
              createdAt: at(40),
              closedAt: at(39),
            },
          ],
        })
        .expect(200);
      return { server, at };
    }

    it('lists the entity’s incidents and bugs of the default window, newest first', async () => {
      const { server, at } = await start();
      const res = await request(server).get(PATH).set(as(READER)).expect(200);
      expect(res.body.entityRef).toBe(ENTITY);
      expect(res.body.more).toBe(false);
      expect(res.body.items).toEqual([
        {
          type: 'bug',
          id: 'PAY-7',
          source: 'jira',
          title: 'Refund rounding',
          url: 'https://acme.atlassian.net/browse/PAY-7',
          severity: null,
          status: 'open',
          createdAt: at(1),
          closedAt: null,
        },
        {
          type: 'incident',
          id: 'Q1',
          source: 'pagerduty',
          title: 'Refunds failing',
          url: 'https://acme.pagerduty.com/incidents/Q1',
          severity: 'SEV1',
          status: 'resolved',
          createdAt: at(3),
          resolvedAt: at(2.5),
        },
      ]);
      // the window is 28 days ending now
      expect(
        Date.parse(res.body.window.to) - Date.parse(res.body.window.from),
      ).toBe(28 * DAY);
    });

    it('filters by type, window and limit', async () => {
      const { server, at } = await start();
      const ids = async (query: Record<string, string>) =>
        (
          await request(server)
            .get(PATH)
            .query(query)
            .set(as(READER))
            .expect(200)
        ).body.items.map((i: { id: string }) => i.id);
      expect(await ids({ type: 'incident' })).toEqual(['Q1']);
      expect(await ids({ type: 'bug' })).toEqual(['PAY-7']);
      expect(await ids({ from: at(60), to: at(0) })).toEqual([
        'PAY-7',
        'Q1',
        'PAY-1',
      ]);
      const limited = await request(server)
        .get(PATH)
        .query({ limit: '1' })
        .set(as(READER))
        .expect(200);
      expect(limited.body.items.map((i: { id: string }) => i.id)).toEqual([
        'PAY-7',
      ]);
      expect(limited.body.more).toBe(true);
    });

    it.each([
      [{ type: 'deployment' }, 'type'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '201' }, 'limit'],
      [{ from: 'yesterday' }, 'from'],
    ])('answers 400 for %p naming %s', async (query, field) => {
      const { server } = await start();
      const res = await request(server).get(PATH).query(query).set(as(READER));
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(new RegExp(field));
    });

    it('answers 401 without credentials and 403 to a caller who may not read the entity', async () => {
      const { server } = await start();
      await request(server).get(PATH).expect(401);
      const denied = await request(server).get(PATH).set(as(OUTSIDER));
      expect(denied.status).toBe(403);
      expect(denied.body.error.name).toBe('NotAllowedError');
    });
  },
);
