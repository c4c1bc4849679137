import { createHmac } from 'crypto';
import { dirname, join } from 'path';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import type { JsonObject } from '@backstage/types';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests run the real plugin with its module
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import qualityScorecardModuleEvents from './index';

/*
 * GitHub webhooks through the real events backend and its GitHub module
 * into the real quality scorecard plugin, on SQLite and PostgreSQL.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const INGRESS = '/api/events/http/github';
const SECRET = 'events-backend-secret';
/** `secretFingerprint('scorecard-secret')`, the first 8 hex digits of
 * `printf %s shewhart-fingerprint | openssl dgst -sha256 -hmac scorecard-secret`. */
const FINGERPRINT = '5ee752ca';

const checkout = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'github.com/project-slug': 'acme/checkout' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};

const user = (login: string) => ({ login, id: login.length, type: 'User' });
const repository = {
  id: 4242,
  name: 'checkout',
  full_name: 'acme/checkout',
  owner: user('acme'),
  html_url: 'https://github.com/acme/checkout',
  default_branch: 'main',
};

/** PR #42 of acme/checkout, merged, as GitHub's `pull_request` `closed` delivery carries it. */
const mergedPullRequest = {
  action: 'closed',
  number: 42,
  repository,
  sender: user('grace'),
  pull_request: {
    id: 1_000_042,
    number: 42,
    html_url: 'https://github.com/acme/checkout/pull/42',
    state: 'closed',
    title: 'Add coupon codes',
    user: user('ada'),
    body: 'Lets a shopper enter a coupon code at checkout.',
    created_at: '2026-02-02T09:00:00Z',
    updated_at: '2026-02-03T15:30:00Z',
    closed_at: '2026-02-03T15:30:00Z',
    merged_at: '2026-02-03T15:30:00Z',
    merge_commit_sha: 'b1946ac92492d2347c6235b4d2611184b1946ac9',
    labels: [{ id: 100, name: 'feature' }],
    draft: false,
    head: {
      ref: 'feature/coupons',
      sha: '5d41402abc4b2a76b9719d911017c592aaaa0001',
    },
    base: { ref: 'main', sha: '0000000000000000000000000000000000000b45' },
    merged: true,
    merged_by: user('grace'),
    commits: 2,
    additions: 10,
    deletions: 2,
    changed_files: 2,
  },
};

const sign = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * The two modules `@backstage/plugin-events-backend-module-github` loads:
 * its feature loader imports them dynamically, which Jest's CommonJS
 * runtime cannot, and its package exports nothing else.
 */
function githubEventsModules(): BackendFeature[] {
  const dir = dirname(
    require.resolve(
      '@backstage/plugin-events-backend-module-github/package.json',
    ),
  );
  return ['eventsModuleGithubWebhook', 'eventsModuleGithubEventRouter'].map(
    name => require(join(dir, 'dist', 'service', `${name}.cjs.js`)).default,
  );
}

/** The database of each plugin: the events backend keeps its own migrations. */
function databasePerPlugin(own: Knex, events: Knex) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => ({
      getClient: async () => (plugin.getId() === 'events' ? events : own),
    }),
  });
}

async function start(databaseId: TestDatabaseId, config: JsonObject) {
  const knex = await databases.init(databaseId);
  const eventsKnex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleEvents,
      // The events service a backend made by createBackend has (the test
      // backend's default is a mock per plugin).
      eventsServiceFactory,
      eventsPlugin,
      ...githubEventsModules(),
      catalogServiceMock.factory({ entities: [checkout] as any }),
      databasePerPlugin(knex, eventsKnex),
      mockServices.rootConfig.factory({
        data: {
          qualityScorecard: { demoData: { enabled: false } },
          ...config,
          // The event bus's long poll ends within a second at shutdown.
          events: { notifyTimeoutMs: 1000, ...(config.events as JsonObject) },
        },
      }),
    ],
  });
  return { server, knex };
}

type Server = Awaited<ReturnType<typeof start>>['server'];

function post(
  server: Server,
  path: string,
  options: {
    deliveryId: string;
    secret?: string;
    event?: string;
    payload?: object;
  },
) {
  const body = JSON.stringify(options.payload ?? mergedPullRequest);
  const req = request(server)
    .post(path)
    .set('content-type', 'application/json')
    .set('x-github-event', options.event ?? 'pull_request')
    .set('x-github-delivery', options.deliveryId);
  if (options.secret) {
    req.set('x-hub-signature-256', sign(options.secret, body));
  }
  return req.send(body);
}

async function rawDeliveries(knex: Knex) {
  const rows = await knex('qs_raw_deliveries')
    .orderBy('id')
    .select(
      'source',
      'delivery_id',
      'event_name',
      'secret_fingerprint',
      'processed_at',
      'error',
    );
  return rows.map(r => ({
    source: r.source,
    deliveryId: r.delivery_id,
    eventName: r.event_name,
    secretFingerprint: r.secret_fingerprint,
    processed: r.processed_at !== null,
    error: r.error,
  }));
}

async function pullRequests(knex: Knex) {
  const rows = await knex('qs_pull_requests').orderBy('id');
  const iso = (v: unknown) =>
    v === null ? null : new Date(Number(v)).toISOString();
  return rows.map(r => ({
    source: r.source,
    externalId: r.external_id,
    entityRef: r.entity_ref,
    repository: r.repository,
    number: Number(r.number),
    title: r.title,
    author: r.author,
    url: r.url,
    createdAt: iso(r.created_at),
    mergedAt: iso(r.merged_at),
    closedAt: iso(r.closed_at),
    additions: Number(r.additions),
    deletions: Number(r.deletions),
    changedFiles: Number(r.changed_files),
    labels: JSON.parse(r.labels),
    mergeCommitSha: r.merge_commit_sha,
    mergedBy: r.merged_by,
    headRef: r.head_ref,
  }));
}

const STORED_PR = {
  source: 'github',
  externalId: 'acme/checkout#42',
  entityRef: 'component:default/checkout',
  repository: 'acme/checkout',
  number: 42,
  title: 'Add coupon codes',
  author: 'ada',
  url: 'https://github.com/acme/checkout/pull/42',
  createdAt: '2026-02-02T09:00:00.000Z',
  mergedAt: '2026-02-03T15:30:00.000Z',
  closedAt: '2026-02-03T15:30:00.000Z',
  additions: 10,
  deletions: 2,
  changedFiles: 2,
  labels: ['feature'],
  mergeCommitSha: 'b1946ac92492d2347c6235b4d2611184b1946ac9',
  mergedBy: 'grace',
  headRef: 'feature/coupons',
};

describe.each(databases.eachSupportedId())(
  'GitHub webhooks through the events backend on %p',
  databaseId => {
    it('stores a signed delivery once, verified by the events backend, and maps it', async () => {
      const { server, knex } = await start(databaseId, {
        events: { modules: { github: { webhookSecret: SECRET } } },
      });
      await post(server, INGRESS, { deliveryId: 'd-1', secret: SECRET }).expect(
        202,
      );
      // GitHub's redelivery carries the same delivery id.
      await post(server, INGRESS, { deliveryId: 'd-1', secret: SECRET }).expect(
        202,
      );
      expect(await rawDeliveries(knex)).toEqual([
        {
          source: 'github',
          deliveryId: 'd-1',
          eventName: 'pull_request',
          secretFingerprint: null,
          processed: true,
          error: null,
        },
      ]);
      expect(await pullRequests(knex)).toEqual([STORED_PR]);
    });

    it('stores nothing the events backend rejects: unsigned, or signed with another secret', async () => {
      const { server, knex } = await start(databaseId, {
        events: { modules: { github: { webhookSecret: SECRET } } },
      });
      const unsigned = await post(server, INGRESS, { deliveryId: 'u-1' });
      expect([unsigned.status, unsigned.body]).toEqual([
        403,
        { message: 'invalid signature' },
      ]);
      await post(server, INGRESS, {
        deliveryId: 'u-2',
        secret: 'someone-else',
      }).expect(403);
      expect(await rawDeliveries(knex)).toEqual([]);
      expect(await pullRequests(knex)).toEqual([]);
    });

    it('does not subscribe while the events backend accepts unsigned posts', async () => {
      // A topic listed in events.http.topics gets an ingress without a validator.
      const { server, knex } = await start(databaseId, {
        events: { http: { topics: ['github'] } },
      });
      await post(server, INGRESS, { deliveryId: 'n-1' }).expect(202);
      await post(server, INGRESS, { deliveryId: 'n-2', secret: SECRET }).expect(
        202,
      );
      expect(await rawDeliveries(knex)).toEqual([]);
      expect(await pullRequests(knex)).toEqual([]);
    });

    it('stores a delivery sent both to its own route and to the events backend once', async () => {
      const { server, knex } = await start(databaseId, {
        qualityScorecard: {
          demoData: { enabled: false },
          github: { webhookSecrets: ['scorecard-secret'] },
        },
        events: { modules: { github: { webhookSecret: SECRET } } },
      });
      await post(server, '/api/quality-scorecard/webhooks/github', {
        deliveryId: 'both-1',
        secret: 'scorecard-secret',
      }).expect(202);
      await post(server, INGRESS, {
        deliveryId: 'both-1',
        secret: SECRET,
      }).expect(202);
      await post(server, INGRESS, {
        deliveryId: 'both-2',
        secret: SECRET,
      }).expect(202);
      expect(
        (await rawDeliveries(knex)).map(d => [
          d.deliveryId,
          d.secretFingerprint,
        ]),
      ).toEqual([
        // Verified by the scorecard's own secret; the events backend's copy was a duplicate.
        ['both-1', FINGERPRINT],
        ['both-2', null],
      ]);
      expect(await pullRequests(knex)).toEqual([STORED_PR]);
    });
  },
);
