/**
 * The real quality-scorecard plugin with this module in a test backend, a
 * catalog of entities annotated with `jira/project-key`, a test database.
 */
import { Knex } from 'knex';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests run the real plugin with its module
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import qualityScorecardModuleJira from '../index';
import { hubSignature } from './jiraPayloads';

export const BASE = '/api/quality-scorecard';
export const AUTH = { Authorization: mockCredentials.user.header() };
export const SECRETS = ['old-jira-secret', 'new-jira-secret'];
export const DC_TOKEN = 'dc-shared-token';

export function component(name: string, annotations: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments-team',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  };
}

/** payments: PAY's Payments component; pay-all: the rest of PAY; ops: OPS. */
export const ENTITIES = [
  component('payments', {
    'jira/project-key': 'PAY',
    'jira/component': 'Payments',
  }),
  component('pay-all', { 'jira/project-key': 'PAY' }),
  component('ops', { 'jira/project-key': 'OPS' }),
];

export async function startBackend(knex: Knex, jira: JsonObject = {}) {
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleJira,
      catalogServiceMock.factory({ entities: ENTITIES as any }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          qualityScorecard: {
            jira: {
              webhookSecrets: SECRETS,
              webhookTokens: [DC_TOKEN],
              ...jira,
            },
            demoData: { enabled: false },
          },
        },
      }),
    ],
  });
  return server;
}

type Server = Parameters<typeof request>[0];

/** Two PRs merged in March 2026 by alice and bob: two active authors. */
export async function sendPullRequests(server: Server, entity: string) {
  const pr = (n: number, author: string, day: string) => ({
    type: 'pull_request',
    id: `${entity}-pr-${n}`,
    source: 'github',
    entityRef: `component:default/${entity}`,
    number: n,
    title: `PR ${n}`,
    author,
    url: `https://example.test/pull/${n}`,
    createdAt: `2026-03-${day}T08:00:00Z`,
    mergedAt: `2026-03-${day}T09:00:00Z`,
    additions: 1,
    deletions: 1,
    changedFiles: 1,
    labels: [],
    commits: [],
    reviews: [],
  });
  await request(server)
    .post(`${BASE}/events`)
    .set(AUTH)
    .send({ events: [pr(1, 'alice', '02'), pr(2, 'bob', '03')] })
    .expect(200);
}

/** The window's metrics of an entity, recomputed now. */
export async function scorecard(
  server: Server,
  entity: string,
  window: { from: string; to: string },
) {
  await request(server)
    .post(`${BASE}/scorecards/entity/component/default/${entity}/refresh`)
    .set(AUTH)
    .expect(200);
  const res = await request(server)
    .get(`${BASE}/scorecards/entity/component/default/${entity}`)
    .query(window)
    .set(AUTH)
    .expect(200);
  return Object.fromEntries(
    res.body.metrics.map((m: any) => [m.id, m]),
  ) as Record<string, any>;
}

const time = (v: unknown) =>
  v === null || v === undefined ? null : new Date(Number(v)).toISOString();

export async function counts(knex: Knex) {
  const n = async (table: string, where: object = {}) =>
    Number((await knex(table).where(where).count({ c: '*' }))[0].c);
  return {
    raw: await n('qs_raw_deliveries', { source: 'jira' }),
    bugs: await n('qs_bugs'),
    incidents: await n('qs_incidents'),
  };
}

/** The stored Jira bugs and incidents, times as ISO strings. */
export async function storedIssues(knex: Knex) {
  const bugs = await knex('qs_bugs').where({ source: 'jira' }).orderBy('url');
  const incidents = await knex('qs_incidents')
    .where({ source: 'jira' })
    .orderBy('url');
  return {
    bugs: bugs.map(r => ({
      id: r.external_id,
      entityRef: r.entity_ref,
      title: r.title,
      severity: r.severity,
      createdAt: time(r.created_at),
      closedAt: time(r.closed_at),
      introducedBy:
        r.introduced_by_pr === null ? null : Number(r.introduced_by_pr),
      url: r.url,
    })),
    incidents: incidents.map(r => ({
      id: r.external_id,
      entityRef: r.entity_ref,
      title: r.title,
      severity: r.severity,
      createdAt: time(r.created_at),
      resolvedAt: time(r.resolved_at),
      url: r.url,
    })),
  };
}

/** Posts a webhook body, signed with the current secret unless other headers are given. */
export function postWebhook(
  server: Server,
  body: unknown,
  headers?: Record<string, string>,
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  let r = request(server)
    .post(`${BASE}/webhooks/jira`)
    .set('content-type', 'application/json');
  for (const [name, value] of Object.entries(
    headers ?? { 'x-hub-signature': hubSignature(raw, SECRETS[1]) },
  )) {
    r = r.set(name, value);
  }
  return r.send(raw);
}
