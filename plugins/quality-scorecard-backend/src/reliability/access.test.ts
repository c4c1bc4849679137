/*
 * Access, table-driven over every route of the plugin: the routes of the
 * OpenAPI spec, checked against what the routers really register (so a new
 * route without a row here fails). On SQLite and PostgreSQL, in-process
 * (startTestBackend: the real credentials barrier and error handler).
 *
 * - without credentials: 401, except /health and the signed webhooks;
 * - a user without the admin permissions (a permission service that denies
 *   them, as the example policy does outside platform-team): 403 on admin
 *   routes, and neither 401 nor 403 elsewhere; an admin passes everywhere;
 * - SQL injection and path tricks in path and query parameters change no
 *   stored row, drop no table, read no other entity's data, bypass no auth;
 * - the configured secrets (webhook secrets, static token) appear in no log
 *   line and no response.
 */
import util from 'util';
import request from 'supertest';
import { Knex } from 'knex';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  RootLoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { qualityScorecardPlugin } from '../plugin';
import { spec } from '../schema/openapi';
import { createRouter } from '../http/router';
import { ingestRoutes, webhookRoutes } from '../ingest/router';
import { scorecardRoutes } from '../scorecards/scorecardRoutes';
import { checksRoutes } from '../checks/checksRoutes';
import { factsRoutes } from '../facts/factsRoutes';
import { baselineRoutes } from '../baselines/baselineRoutes';
import { lifecycleRoutes } from '../lifecycle/lifecycleRoutes';
import { listingRoutes } from '../listings/listingRoutes';
import { campaignRoutes } from '../campaigns/campaignRoutes';
import { deployment, pullRequest } from '../__fixtures__/events';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const BASE = '/api/quality-scorecard';

const SECRETS = {
  github: 'access-test-github-secret-7d1f09',
  pagerduty: 'access-test-pagerduty-secret-3be2c4',
  pagerdutyOld: 'access-test-pagerduty-rotated-99a0e1',
  staticToken: 'access-test-static-token-5c7e2b8d41',
};

const ADMIN = 'user:default/platform-admin';
const OUTSIDER = 'user:default/outsider';
const ADMIN_PERMISSIONS = [
  'quality-scorecard.admin',
  'quality-scorecard.refresh',
  'quality-scorecard.exemption.review',
  'quality-scorecard.baseline.manage',
  'quality-scorecard.campaign.manage',
];

type Access = 'public' | 'signed' | 'user' | 'admin';

/** Every route by operationId (and the raw webhook routes): who may call it. */
const ACCESS: Record<string, Access> = {
  Health: 'public',
  Webhook: 'signed',
  ListMetrics: 'user',
  IngestEvents: 'user',
  ListUnattributed: 'admin',
  Replay: 'admin',
  ListFailedDeliveries: 'admin',
  ListWebhookSecrets: 'admin',
  ListMissingEntities: 'admin',
  EntityScorecard: 'user',
  EntityMetricChart: 'user',
  OwnerScorecard: 'user',
  OwnerMetricChart: 'user',
  OwnerBreakdown: 'user',
  RefreshEntity: 'admin',
  ListChecks: 'user',
  ChecksOverview: 'user',
  EntityChecks: 'user',
  OwnerChecks: 'user',
  Gate: 'user',
  ListExemptions: 'user',
  RequestExemption: 'user',
  ApproveExemption: 'admin',
  DenyExemption: 'admin',
  RevokeExemption: 'admin',
  EntitiesFacts: 'user',
  EntitiesChecks: 'user',
  Overview: 'user',
  ListBaselines: 'user',
  ListEntityEvents: 'user',
  ListCampaigns: 'user',
  GetCampaign: 'user',
  EntityCampaigns: 'user',
  OwnerCampaigns: 'user',
  CreateCampaign: 'admin',
  UpdateCampaign: 'admin',
  CloseCampaign: 'admin',
  // A resource permission; the test's policy grants it to the admin only.
  StartBaseline: 'admin',
  // Served by the OpenAPI router itself.
  OpenApiSpec: 'user',
};

interface Route {
  operationId: string;
  method: string;
  path: string;
}

const routes: Route[] = [
  ...Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, { operationId: string }>).map(
      ([method, op]) => ({
        operationId: op.operationId,
        method,
        path,
      }),
    ),
  ),
  { operationId: 'OpenApiSpec', method: 'get', path: '/openapi.json' },
];

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();

/** A plausible request of a route: its parameters filled, a valid body. */
function sample(route: Route): { url: string; body?: object } {
  const owner =
    route.path.startsWith('/scorecards/owner') ||
    route.path.startsWith('/checks/owner') ||
    route.path.startsWith('/campaigns/owner');
  const url = route.path
    .replace('{kind}', owner ? 'group' : 'component')
    .replace('{namespace}', 'default')
    .replace('{name}', owner ? 'payments-team' : 'payments')
    .replace('{id}', '1')
    .replace('{source}', 'github')
    .replace('{metricId}', 'lead_time_for_changes');
  switch (route.operationId) {
    case 'Gate':
      return { url: `${url}?level=silver` };
    case 'GetCampaign':
      return { url: url.replace('/campaigns/1', '/campaigns/silver-payments') };
    case 'IngestEvents':
      return { url, body: { events: [] } };
    case 'RequestExemption':
      return {
        url,
        body: {
          entityRef: 'component:default/payments',
          checkId: 'cfr',
          reason: 'A reason that is long enough',
          expiresAt: inDays(30),
        },
      };
    case 'EntitiesFacts':
    case 'EntitiesChecks':
      return { url, body: { entityRefs: ['component:default/payments'] } };
    case 'StartBaseline':
      return { url, body: { from: inDays(-14), reason: 'Access test' } };
    case 'CreateCampaign':
    case 'UpdateCampaign':
      return {
        url,
        body: {
          ...(route.operationId === 'CreateCampaign' ? { id: 'access' } : {}),
          title: 'Access test',
          owner: 'group:default/platform-team',
          target: { checks: ['cfr'] },
          startDate: inDays(-1).slice(0, 10),
          dueDate: inDays(30).slice(0, 10),
        },
      };
    case 'ApproveExemption':
    case 'DenyExemption':
    case 'RevokeExemption':
      return { url, body: {} };
    default:
      return { url, body: route.method === 'post' ? {} : undefined };
  }
}

/** A root logger that keeps every line, with its metadata and errors, as text. */
class CapturingLogger implements RootLoggerService {
  constructor(readonly lines: string[], private readonly meta: object = {}) {}
  private add(level: string, message: string, meta?: unknown) {
    this.lines.push(
      `${level} ${message} ${util.inspect(
        { ...this.meta, meta },
        { depth: 6 },
      )}`,
    );
  }
  error(message: string, meta?: Error | object) {
    this.add('error', message, meta);
  }
  warn(message: string, meta?: Error | object) {
    this.add('warn', message, meta);
  }
  info(message: string, meta?: Error | object) {
    this.add('info', message, meta);
  }
  debug(message: string, meta?: Error | object) {
    this.add('debug', message, meta);
  }
  child(meta: object) {
    return new CapturingLogger(this.lines, { ...this.meta, ...meta });
  }
}

/** Every route the plugin's routers register, as `method path` with {param}s. */
async function registeredRoutes(): Promise<string[]> {
  const stub = {} as any;
  const out: string[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          out.push(
            `${method} ${String(layer.route.path).replace(/:(\w+)/g, '{$1}')}`,
          );
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  const router = await createRouter({
    logger: stub,
    httpAuth: stub,
    permissions: stub,
    maxBodySize: '1mb',
    rawRoutes: [webhookRoutes(stub)],
    routes: [
      ingestRoutes(stub),
      scorecardRoutes(stub),
      checksRoutes(stub, stub),
      factsRoutes(stub, stub),
      baselineRoutes(stub, stub),
      lifecycleRoutes(stub),
      listingRoutes(stub),
      campaignRoutes(stub, stub),
    ],
  });
  walk((router as express.Router & { stack: any[] }).stack);
  return out.sort();
}

async function tableCounts(knex: Knex): Promise<Record<string, number>> {
  const client = knex.client.config.client as string;
  const names: string[] = client.includes('sqlite')
    ? (
        await knex('sqlite_master')
          .where('type', 'table')
          .andWhere('name', 'like', 'qs_%')
          .select('name')
      ).map(r => r.name)
    : (
        await knex('information_schema.tables')
          .where('table_schema', 'public')
          .andWhere('table_name', 'like', 'qs_%')
          .select('table_name as name')
      ).map(r => r.name);
  const out: Record<string, number> = {};
  for (const name of names.sort()) {
    out[name] = Number((await knex(name).count({ n: '*' }))[0].n);
  }
  return out;
}

describe('the access table', () => {
  it('has a row for every route the routers register, and only for those', async () => {
    const registered = await registeredRoutes();
    const documented = routes.map(r => `${r.method} ${r.path}`).sort();
    expect(registered).toEqual(documented);
    expect(routes.map(r => r.operationId).sort()).toEqual(
      Object.keys(ACCESS).sort(),
    );
  });
});

describe.each(databases.eachSupportedId())('access on %p', databaseId => {
  let server: any;
  let knex: Knex;
  const logLines: string[] = [];
  const responses: string[] = [];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    const decide = (requests: Array<{ permission: { name: string } }>, options?: { credentials: { principal: unknown } }) =>
      requests.map(r => {
        const principal = options?.credentials.principal as {
          userEntityRef?: string;
        };
        const admin = principal?.userEntityRef === ADMIN;
        return {
          result:
            ADMIN_PERMISSIONS.includes(r.permission.name) && !admin
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        };
      });
    const permissions = mockServices.permissions.mock({
      authorize: async (requests, options) => decide(requests, options),
      authorizeConditional: async (requests, options) =>
        decide(requests, options) as any,
    });
    ({ server } = await startTestBackend({
      features: [
        qualityScorecardPlugin,
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: () => new CapturingLogger(logLines),
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'payments',
                namespace: 'default',
                annotations: { 'github.com/project-slug': 'acme/payments' },
              },
              spec: { owner: 'group:default/payments-team' },
              relations: [
                { type: 'ownedBy', targetRef: 'group:default/payments-team' },
              ],
            },
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'payments-team', namespace: 'default' },
              spec: { type: 'team' },
            },
          ] as any,
        }),
        mockServices.scheduler.mock().factory,
        mockServices.database.factory({ knex }),
        permissions.factory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: SECRETS.staticToken, subject: 'ci' },
                  },
                ],
              },
            },
            qualityScorecard: {
              github: { webhookSecret: SECRETS.github },
              pagerduty: {
                webhookSecrets: [SECRETS.pagerdutyOld, SECRETS.pagerduty],
              },
              demoData: { enabled: false },
              checks: {
                definitions: [
                  {
                    id: 'cfr',
                    title: 'CFR at most 15%',
                    metric: 'change_failure_rate',
                    operator: '<=',
                    threshold: 0.15,
                  },
                ],
                levels: [{ id: 'silver', checks: ['cfr'] }],
              },
              // Read as GET /campaigns/{id} with the id 'silver-payments'.
              campaigns: [
                {
                  id: 'silver-payments',
                  title: 'Silver for payments',
                  owner: 'group:default/platform-team',
                  target: { level: 'silver' },
                  startDate: inDays(-10).slice(0, 10),
                  dueDate: inDays(20).slice(0, 10),
                },
              ],
            },
          },
        }),
      ],
    }));
    // Some data, so that a read that escaped its entity would show it.
    const now = Date.now();
    const at = (days: number) =>
      new Date(now - days * 86_400_000).toISOString();
    await request(server)
      .post(`${BASE}/events`)
      .set('Authorization', mockCredentials.user.header(ADMIN))
      .send({
        events: [
          pullRequest({
            id: 'acme/payments#1',
            repository: 'acme/payments',
            createdAt: at(5),
            mergedAt: at(4),
            closedAt: at(4),
            commits: [],
            reviews: [],
          }),
          deployment({
            id: 'dep-1',
            entityRef: 'component:default/payments',
            finishedAt: at(3),
          }),
          deployment({
            id: 'dep-2',
            entityRef: 'component:default/payments',
            finishedAt: at(2),
            status: 'failure',
          }),
        ],
      })
      .expect(200);
    await request(server)
      .post(`${BASE}/scorecards/entity/component/default/payments/refresh`)
      .set('Authorization', mockCredentials.user.header(ADMIN))
      .expect(200);
  });

  async function call(route: Route, authorization?: string) {
    const { url, body } = sample(route);
    let r = (request(server) as any)[route.method](`${BASE}${url}`);
    if (authorization) r = r.set('Authorization', authorization);
    const res = await (body === undefined ? r : r.send(body));
    responses.push(res.text);
    return res;
  }

  const table = routes.map(
    r => [`${r.method.toUpperCase()} ${r.path}`, r] as const,
  );

  /** The answer a caller should get: a status, and what the error message says. */
  const SIGNATURE = /Missing X-(Hub|PagerDuty)-Signature/;
  const anonymous: Record<Access, object> = {
    public: { status: 200, message: undefined },
    signed: { status: 401, message: expect.stringMatching(SIGNATURE) },
    user: { status: 401, message: expect.any(String) },
    admin: { status: 401, message: expect.any(String) },
  };

  it.each(table)('%s: without credentials', async (_name, route) => {
    const res = await call(route);
    expect({ status: res.status, message: res.body?.error?.message }).toEqual(
      anonymous[ACCESS[route.operationId]],
    );
  });

  it.each(table)(
    '%s: as a user without the admin permissions',
    async (_name, route) => {
      const res = await call(route, mockCredentials.user.header(OUTSIDER));
      const access = ACCESS[route.operationId];
      const expected: Record<Access, object> = {
        admin: {
          status: 403,
          error: {
            name: 'NotAllowedError',
            message: expect.stringMatching(/^Not allowed: quality-scorecard\./),
          },
        },
        signed: {
          status: 401,
          error: expect.objectContaining({
            message: expect.stringMatching(SIGNATURE),
          }),
        },
        // Served: a success, no error.
        user: { status: expect.any(Number), error: undefined },
        public: { status: 200, error: undefined },
      };
      expect({ status: res.status, error: res.body?.error }).toEqual(
        expected[access],
      );
      expect(res.status).toBeLessThan(
        access === 'user' || access === 'public' ? 400 : 500,
      );
    },
  );

  it.each(table.filter(([, r]) => ACCESS[r.operationId] === 'admin'))(
    '%s: as an admin',
    async (_name, route) => {
      const res = await call(route, mockCredentials.user.header(ADMIN));
      expect(res.status).not.toBe(401);
      expect(res.status).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    },
  );

  const INJECTIONS = [
    "' OR '1'='1",
    "x'; DROP TABLE qs_deployments; --",
    'x" OR 1=1 --',
    "payments' UNION SELECT * FROM qs_raw_deliveries --",
    '%27%20OR%201%3D1',
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2fhealth',
    'payments%00',
    '*',
    '%25',
    '_',
    '\\',
  ];

  it('injection and path tricks in path and query parameters change nothing and read nothing else', async () => {
    const admin = mockCredentials.user.header(ADMIN);
    const before = await tableCounts(knex);
    const window = `from=${new Date(
      Date.now() - 28 * 86_400_000,
    ).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const cardBefore = await request(server)
      .get(`${BASE}/scorecards/entity/component/default/payments?${window}`)
      .set('Authorization', admin)
      .expect(200);
    const statuses: number[] = [];
    for (const evil of INJECTIONS) {
      const segment = encodeURIComponent(evil).replace(/%25/g, '%');
      const gets = [
        `/scorecards/entity/component/default/${segment}`,
        `/scorecards/entity/${segment}/default/payments`,
        `/scorecards/entity/component/${segment}/payments`,
        `/scorecards/owner/group/default/${segment}`,
        `/scorecards/owner/group/default/${segment}/breakdown`,
        `/checks/entity/component/default/${segment}`,
        `/checks/owner/group/default/${segment}`,
        `/gate/component/default/payments?level=${segment}`,
        `/gate/component/default/${segment}?level=silver`,
        `/exemptions?status=${segment}`,
        `/exemptions?entityRef=${segment}`,
        `/exemptions?entityRef=component:default/${segment}`,
        `/scorecards/entity/component/default/payments?from=${segment}`,
        `/overview?to=${segment}`,
        `/baselines/entity/component/default/${segment}`,
      ];
      for (const url of gets) {
        const res = await request(server)
          .get(`${BASE}${url}`)
          .set('Authorization', admin);
        responses.push(res.text);
        statuses.push(res.status);
        expect([url, res.status < 500]).toEqual([url, true]);
        // A scorecard of a name that is not payments holds none of payments' data.
        const metrics: Array<{ id: string; n: number }> =
          res.status === 200 && url.startsWith('/scorecards/entity/')
            ? res.body.metrics
            : [];
        expect([url, metrics.filter(m => m.n > 0).map(m => m.id)]).toEqual([
          url,
          [],
        ]);
      }
      const posts = [
        `/exemptions/${segment}/approve`,
        `/exemptions/${segment}/revoke`,
        `/replay?source=${segment}`,
      ];
      for (const url of posts) {
        const res = await request(server)
          .post(`${BASE}${url}`)
          .set('Authorization', admin)
          .send({});
        responses.push(res.text);
        statuses.push(res.status);
        expect([url, res.status < 500]).toEqual([url, true]);
      }
      const bulk = await request(server)
        .post(`${BASE}/facts/by-refs`)
        .set('Authorization', admin)
        .send({ entityRefs: [`component:default/${evil}`, evil] });
      expect(bulk.status).toBeLessThan(500);
    }
    // U+0000, which PostgreSQL refuses in text, in a body, a query and a path.
    const nulBody = await request(server)
      .post(`${BASE}/exemptions`)
      .set('Authorization', admin)
      .send({
        entityRef: 'component:default/payments',
        checkId: 'cfr',
        reason: 'A reason\u0000 long enough',
        expiresAt: inDays(30),
      });
    expect([nulBody.status, nulBody.body.error.message]).toEqual([
      400,
      'reason: must not contain the character U+0000',
    ]);
    const nulBulk = await request(server)
      .post(`${BASE}/facts/by-refs`)
      .set('Authorization', admin)
      .send({ entityRefs: ['component:default/pay\u0000'] });
    expect([nulBulk.status, nulBulk.body.error.message]).toEqual([
      400,
      'entityRefs[0]: must not contain the character U+0000',
    ]);
    const nulQuery = await request(server)
      .get(`${BASE}/exemptions?entityRef=component:default/pay%00`)
      .set('Authorization', admin);
    expect([nulQuery.status, nulQuery.body.error.message]).toEqual([
      400,
      'query.entityRef: must not contain the character U+0000',
    ]);
    const nulPath = await request(server)
      .get(`${BASE}/checks/entity/component/default/pay%00`)
      .set('Authorization', admin);
    expect([nulPath.status, nulPath.body.error.message]).toEqual([
      400,
      'path: must not contain the character U+0000',
    ]);
    // A refresh or a first gate call of such a name evaluates that (empty)
    // entity's checks (the gate "evaluates once if the entity never was"):
    // check results under the name as given are all that may be written.
    for (const evil of INJECTIONS.slice(0, 4)) {
      const res = await request(server)
        .post(
          `${BASE}/scorecards/entity/component/default/${encodeURIComponent(
            evil,
          )}/refresh`,
        )
        .set('Authorization', admin);
      expect(res.status).toBeLessThan(500);
    }
    // Nothing else written, nothing dropped.
    const after = await tableCounts(knex);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(
      Object.keys(after).filter(
        t => after[t] !== before[t] && !t.startsWith('qs_check_'),
      ),
    ).toEqual([]);
    // The names as the routes received them: the segment decoded once, refs in lower case.
    const decodedOnce = (e: string) => {
      try {
        return decodeURIComponent(encodeURIComponent(e).replace(/%25/g, '%'));
      } catch {
        return e;
      }
    };
    const names = new Set(
      ['payments', ...INJECTIONS, ...INJECTIONS.map(decodedOnce)].map(e =>
        `component:default/${e}`.toLocaleLowerCase('en-US'),
      ),
    );
    const written = await knex('qs_check_results')
      .distinct('entity_ref')
      .pluck('entity_ref');
    expect(written.filter((ref: string) => !names.has(ref))).toEqual([]);
    // payments still reads its own data.
    const card = await request(server)
      .get(`${BASE}/scorecards/entity/component/default/payments?${window}`)
      .set('Authorization', admin)
      .expect(200);
    expect(card.body).toEqual(cardBefore.body);
    expect(
      card.body.metrics.filter((m: { n: number }) => m.n > 0).length,
    ).toBeGreaterThan(0);
    expect(statuses.filter(s => s === 200).length).toBeGreaterThan(0);
  });

  it.each([
    ['a path that climbs out of the public /health', '/health/../unattributed'],
    ['an encoded climb out of /health', '/health/..%2Funattributed'],
    [
      'a path that climbs out of the unauthenticated /webhooks',
      '/webhooks/../replay',
    ],
    ['an encoded climb out of /webhooks', '/webhooks/..%2F..%2Freplay'],
    ['a doubled slash', '//unattributed'],
    ['another case', '/UNATTRIBUTED'],
    ['a trailing dot segment', '/unattributed/.'],
    ['a matrix parameter', '/unattributed;health'],
  ])(
    'does not serve an admin route without credentials through %s',
    async (_name, path) => {
      for (const method of ['get', 'post'] as const) {
        const res = await request(server)[method](`${BASE}${path}`);
        responses.push(res.text);
        expect([path, method, [401, 404].includes(res.status)]).toEqual([
          path,
          method,
          true,
        ]);
      }
    },
  );

  it('never shows a configured secret in a response or a log line', async () => {
    // Requests that exercise signature checks and error paths.
    await request(server)
      .post(`${BASE}/webhooks/github`)
      .set('content-type', 'application/json')
      .set('x-github-event', 'pull_request')
      .set('x-github-delivery', 'secret-check')
      .set('x-hub-signature-256', 'sha256=0000')
      .send('{}')
      .then(res => responses.push(res.text));
    await request(server)
      .post(`${BASE}/webhooks/pagerduty`)
      .set('content-type', 'application/json')
      .set('x-pagerduty-signature', 'v1=00')
      .send('{}')
      .then(res => responses.push(res.text));
    // (The static token is checked against the real backend's log and answers
    // in test/reliability/load.js: the mock auth here echoes unknown tokens.)
    expect(logLines.length).toBeGreaterThan(0);
    expect(responses.length).toBeGreaterThan(50);
    for (const secret of Object.values(SECRETS)) {
      expect(logLines.filter(l => l.includes(secret))).toEqual([]);
      expect(responses.filter(r => r.includes(secret))).toEqual([]);
    }
  });
});
