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
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests run the real plugin with its modules
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import qualityScorecardModuleGitlab from '@shewhart/plugin-quality-scorecard-backend-module-gitlab';
import qualityScorecardModuleEvents from './index';

/*
 * GitLab webhooks through the real events backend and its GitLab module
 * into the real quality scorecard plugin and its GitLab module (which
 * installs the `gitlab` webhook source that maps them), on SQLite and
 * PostgreSQL.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const INGRESS = '/api/events/http/gitlab';
const SECRET = 'events-backend-gitlab-secret';
const EVENT = 'Merge Request Hook';
const KEY = '3f6c8a52-7d4e-4b1a-9c2f-0a1b2c3d4e5f';

const HOST = 'gitlab.example.com';
const PATH = 'acme/platform/payments';
const WEB_URL = `https://${HOST}/${PATH}`;

const payments = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'gitlab.com/project-slug': PATH,
      'gitlab.com/instance': HOST,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};

const project = {
  id: 42,
  name: 'payments',
  web_url: WEB_URL,
  path_with_namespace: PATH,
  default_branch: 'main',
};

/**
 * Merge request !7 of acme/platform/payments, opened by alice (id 1) and
 * merged by bob (id 2), as GitLab's Merge Request Hook for the `merge`
 * action carries it: the hook names the author only by id.
 */
const mergeHook = {
  object_kind: 'merge_request',
  event_type: 'merge_request',
  user: { id: 2, name: 'Bob', username: 'bob', avatar_url: null },
  project,
  object_attributes: {
    id: 1007,
    iid: 7,
    title: 'Refund partial payments',
    description: 'Lets support refund part of a payment.',
    author_id: 1,
    created_at: '2026-03-02 10:00:00 UTC',
    updated_at: '2026-03-02 14:00:00 UTC',
    state: 'merged',
    action: 'merge',
    source_branch: 'feature/refunds',
    target_branch: 'main',
    source_project_id: 42,
    target_project_id: 42,
    merge_commit_sha: 'c'.repeat(40),
    merge_user_id: 2,
    url: `${WEB_URL}/-/merge_requests/7`,
    last_commit: {
      id: 'a'.repeat(40),
      message: 'Refund partial payments',
      timestamp: '2026-03-02T09:00:00+00:00',
    },
    draft: false,
    labels: [{ id: 7, title: 'feature' }],
  },
  labels: [{ id: 7, title: 'feature' }],
  changes: {},
};

/**
 * The two modules `@backstage/plugin-events-backend-module-gitlab` loads:
 * its feature loader imports them dynamically, which Jest's CommonJS
 * runtime cannot, and its package exports neither.
 */
function gitlabEventsModules(): BackendFeature[] {
  const dir = dirname(
    require.resolve(
      '@backstage/plugin-events-backend-module-gitlab/package.json',
    ),
  );
  return ['eventsModuleGitlabWebhook', 'eventsModuleGitlabEventRouter'].map(
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

async function start(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const eventsKnex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleGitlab,
      qualityScorecardModuleEvents,
      // The events service a backend made by createBackend has (the test
      // backend's default is a mock per plugin).
      eventsServiceFactory,
      eventsPlugin,
      ...gitlabEventsModules(),
      catalogServiceMock.factory({ entities: [payments] as any }),
      databasePerPlugin(knex, eventsKnex),
      mockServices.rootConfig.factory({
        data: {
          qualityScorecard: { demoData: { enabled: false } },
          events: {
            modules: { gitlab: { webhookSecret: SECRET } },
            // The event bus's long poll ends within a second at shutdown.
            notifyTimeoutMs: 1000,
          },
        },
      }),
    ],
  });
  return { server, knex };
}

type Server = Awaited<ReturnType<typeof start>>['server'];

function post(server: Server, headers: Record<string, string>) {
  let req = request(server)
    .post(INGRESS)
    .set('content-type', 'application/json')
    .set('x-gitlab-event', EVENT);
  for (const [name, value] of Object.entries(headers)) {
    req = req.set(name, value);
  }
  return req.send(JSON.stringify(mergeHook));
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
    gitlabProject: r.gitlab_project,
    gitlabInstance: r.gitlab_instance,
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
    // Times in a commit are stored as epoch milliseconds.
    commits: JSON.parse(r.commits).map((c: JsonObject) => [
      c.sha,
      iso(c.authoredAt),
      iso(c.committedAt),
      c.message,
    ]),
    reviews: JSON.parse(r.reviews),
  }));
}

const STORED_MR = {
  source: 'gitlab',
  externalId: 'gitlab.example.com/acme/platform/payments!7',
  entityRef: 'component:default/payments',
  gitlabProject: 'acme/platform/payments',
  gitlabInstance: 'gitlab.example.com',
  repository: null,
  number: 7,
  title: 'Refund partial payments',
  // The merger acted, not the author: named by id until the sync names them.
  author: 'gitlab-user-1',
  url: 'https://gitlab.example.com/acme/platform/payments/-/merge_requests/7',
  createdAt: '2026-03-02T10:00:00.000Z',
  // No merged_at in the hook: the time it was updated to merged.
  mergedAt: '2026-03-02T14:00:00.000Z',
  closedAt: '2026-03-02T14:00:00.000Z',
  // Hooks carry no diff stats.
  additions: 0,
  deletions: 0,
  changedFiles: 0,
  labels: ['feature'],
  mergeCommitSha: 'cccccccccccccccccccccccccccccccccccccccc',
  mergedBy: 'bob',
  headRef: 'feature/refunds',
  commits: [
    [
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      '2026-03-02T09:00:00.000Z',
      '2026-03-02T09:00:00.000Z',
      'Refund partial payments',
    ],
  ],
  reviews: [],
};

describe.each(databases.eachSupportedId())(
  'GitLab webhooks through the events backend on %p',
  databaseId => {
    it('stores a delivery with the right token once, verified by the events backend, and maps it', async () => {
      const { server, knex } = await start(databaseId);
      const headers = { 'x-gitlab-token': SECRET, 'idempotency-key': KEY };
      await post(server, headers).expect(202);
      // GitLab's retry of a delivery carries the same Idempotency-Key.
      await post(server, headers).expect(202);
      expect(await rawDeliveries(knex)).toEqual([
        {
          source: 'gitlab',
          deliveryId: KEY,
          eventName: 'Merge Request Hook',
          secretFingerprint: null,
          processed: true,
          error: null,
        },
      ]);
      expect(await pullRequests(knex)).toEqual([STORED_MR]);
    });

    it('names a delivery without Idempotency-Key by a hash of its event name and payload, stored once', async () => {
      const { server, knex } = await start(databaseId);
      await post(server, { 'x-gitlab-token': SECRET }).expect(202);
      await post(server, { 'x-gitlab-token': SECRET }).expect(202);
      expect(await rawDeliveries(knex)).toEqual([
        {
          source: 'gitlab',
          // `{ printf 'Merge Request Hook\n'; printf %s "$body"; } | openssl dgst -sha256`
          // with the body JSON.stringify(mergeHook) sent.
          deliveryId:
            'sha256:d4f83401dbb73be6541ef888b1a9fc6c94e237c9551d355ba6c37d6d2ea00fba',
          eventName: 'Merge Request Hook',
          secretFingerprint: null,
          processed: true,
          error: null,
        },
      ]);
      expect(await pullRequests(knex)).toEqual([STORED_MR]);
    });

    it('stores nothing the events backend rejects: no token, or another one', async () => {
      const { server, knex } = await start(databaseId);
      const wrong = await post(server, {
        'x-gitlab-token': 'someone-else',
        'idempotency-key': KEY,
      });
      expect([wrong.status, wrong.body]).toEqual([
        403,
        { message: 'invalid token' },
      ]);
      const missing = await post(server, { 'idempotency-key': KEY });
      expect([missing.status, missing.body]).toEqual([
        403,
        { message: 'invalid token' },
      ]);
      expect(await rawDeliveries(knex)).toEqual([]);
      expect(await pullRequests(knex)).toEqual([]);
      // Subscribed all along: the same delivery with the right token is stored.
      await post(server, {
        'x-gitlab-token': SECRET,
        'idempotency-key': KEY,
      }).expect(202);
      expect((await rawDeliveries(knex)).map(d => d.deliveryId)).toEqual([KEY]);
      expect(await pullRequests(knex)).toEqual([STORED_MR]);
    });
  },
);
