import { Knex } from 'knex';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests run the real plugin with its module
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import qualityScorecardModuleIncidents from '../index';

export const BASE = '/api/quality-scorecard';
export const AUTH = { Authorization: mockCredentials.user.header() };
export const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
});

/** A catalog component owned by payments-team, registered from a location as real ones are. */
export const component = (
  name: string,
  annotations: Record<string, string> = {},
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `url:https://git.example.com/${name}/catalog-info.yaml`,
      ...annotations,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
});

/** The real plugin with this module, on a test database. */
export async function startBackend(
  databaseId: TestDatabaseId,
  options: { entities: object[]; qualityScorecard: JsonObject },
) {
  const knex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleIncidents,
      catalogServiceMock.factory({ entities: options.entities as any }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          qualityScorecard: {
            demoData: { enabled: false },
            ...options.qualityScorecard,
          },
        },
      }),
    ],
  });
  return { server, knex };
}

export type Server = Awaited<ReturnType<typeof startBackend>>['server'];

/** What is stored for a source: its raw deliveries and every incident. */
export async function counts(knex: Knex, source: string) {
  const n = async (table: string, where: object = {}) =>
    Number((await knex(table).where(where).count({ c: '*' }))[0].c);
  return {
    raw: await n('qs_raw_deliveries', { source }),
    incidents: await n('qs_incidents'),
  };
}

/** The stored incidents of a source, oldest first, as the scorecard reads them. */
export async function storedIncidents(knex: Knex, source: string) {
  const rows = await knex('qs_incidents')
    .where({ source })
    .orderBy('created_at');
  const iso = (v: unknown) =>
    v === null ? null : new Date(Number(v)).toISOString();
  return rows.map(r => ({
    id: r.external_id,
    entityRef: r.entity_ref,
    title: r.title,
    severity: r.severity,
    status: r.status,
    statusAt: iso(r.status_at),
    createdAt: iso(r.created_at),
    resolvedAt: iso(r.resolved_at),
    url: r.url,
  }));
}

/** Production deployments of an entity through the events API. */
export async function sendDeployments(
  server: Server,
  entityRef: string,
  finishedAt: string[],
) {
  const events = finishedAt.map((at, i) => ({
    type: 'deployment',
    source: 'ci',
    id: `${entityRef}/deploy-${i + 1}`,
    entityRef,
    environment: 'production',
    status: 'success',
    finishedAt: at,
  }));
  await request(server)
    .post(`${BASE}/events`)
    .set(AUTH)
    .send({ events })
    .expect(200);
}

/** The metrics of an entity's scorecard after a refresh, by id. */
export async function scorecardMetrics(
  server: Server,
  name: string,
  from: string,
  to: string,
) {
  await request(server)
    .post(`${BASE}/scorecards/entity/component/default/${name}/refresh`)
    .set(AUTH)
    .expect(200);
  const card = await request(server)
    .get(`${BASE}/scorecards/entity/component/default/${name}`)
    .query({ from, to })
    .set(AUTH)
    .expect(200);
  return Object.fromEntries(
    card.body.metrics.map((m: { id: string }) => [m.id, m]),
  ) as Record<string, any>;
}
