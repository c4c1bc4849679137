import request from 'supertest';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { as, startQualityBackend } from '../__testUtils__/qualityBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BASE = '/api/quality-scorecard';
const ADMIN = 'user:default/root';
const READER = 'user:default/ada';
const DAY = 86_400_000;

describe.each(databases.eachSupportedId())(
  'GET /lifecycle/entities on %p',
  databaseId => {
    it('lists missing entities with their deletion date to admins only', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startQualityBackend({
        knex,
        allow: ({ permission, user }) =>
          permission !== 'quality-scorecard.admin' || user === ADMIN,
        qualityScorecard: { retention: { deletedEntities: 'P10D' } },
        features: [mockServices.scheduler.mock().factory],
      });
      const since = Date.parse('2026-12-01T00:00:00Z');
      await knex('qs_entity_presence').insert([
        {
          entity_ref: 'component:default/payments',
          first_seen_at: since - DAY,
          missing_since: since,
          checked_at: since,
        },
        {
          entity_ref: 'component:default/billing',
          first_seen_at: since - DAY,
          missing_since: null,
          checked_at: since,
        },
        {
          entity_ref: 'component:default/ledger',
          first_seen_at: null,
          missing_since: since - 3 * DAY,
          checked_at: since,
        },
      ]);

      const admin = await request(server)
        .get(`${BASE}/lifecycle/entities`)
        .set(as(ADMIN));
      expect(admin.status).toBe(200);
      expect(admin.body).toEqual({
        items: [
          {
            entityRef: 'component:default/ledger',
            missingSince: '2026-11-28T00:00:00.000Z',
            deleteAfter: '2026-12-08T00:00:00.000Z',
          },
          {
            entityRef: 'component:default/payments',
            missingSince: '2026-12-01T00:00:00.000Z',
            deleteAfter: '2026-12-11T00:00:00.000Z',
          },
        ],
      });

      const reader = await request(server)
        .get(`${BASE}/lifecycle/entities`)
        .set(as(READER));
      expect(reader.status).toBe(403);
      expect(reader.body.error).toEqual(
        expect.objectContaining({
          name: 'NotAllowedError',
          message: 'Not allowed: quality-scorecard.admin',
        }),
      );
      await request(server).get(`${BASE}/lifecycle/entities`).expect(401);
    });
  },
);
