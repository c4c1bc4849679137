import request from 'supertest';
import { Knex } from 'knex';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import {
  TestDatabaseId,
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { qualityScorecardPlugin } from '../plugin';

jest.setTimeout(120_000);

/*
 * Checks → notifications, wired in the plugin: an entity that newly fails a
 * check tells its owner's members once, with the real notifications backend.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/payments-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/ada' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ada', namespace: 'default' },
    spec: { memberOf: ['payments-team'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/payments-team' }],
  },
];

function databasePerPlugin(databaseId: TestDatabaseId) {
  const clients = new Map<string, Promise<Knex>>();
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    async factory({ pluginMetadata }) {
      const id = pluginMetadata.getId();
      if (!clients.has(id)) clients.set(id, databases.init(databaseId));
      const client = clients.get(id)!;
      return { getClient: () => client };
    },
  });
}

const service = { Authorization: mockCredentials.service.header() };
const DAY = 86_400_000;

function prs(from: number, count: number, approved: boolean) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const mergedAt = Date.now() - (2 + i / 10) * DAY;
    return {
      type: 'pull_request',
      id: `acme/payments#${n}`,
      source: 'github',
      entityRef: 'component:default/payments',
      number: n,
      title: `Change ${n}`,
      author: 'ada',
      url: `https://github.com/acme/payments/pull/${n}`,
      createdAt: iso(mergedAt - 3_600_000),
      mergedAt: iso(mergedAt),
      closedAt: iso(mergedAt),
      additions: 10,
      deletions: 2,
      changedFiles: 1,
      labels: [],
      commits: [{ sha: `abc${n}`, authoredAt: iso(mergedAt - 7_200_000), message: 'Change' }],
      reviews: approved ? [{ reviewer: 'grace', state: 'APPROVED', submittedAt: iso(mergedAt - 60_000) }] : [],
      mergedBy: 'grace',
    };
  });
}

describe.each(databases.eachSupportedId())('check notifications on %p', databaseId => {
  it('a newly failing check tells the owner once; the first evaluation and a repeat say nothing', async () => {
    const { server } = await startTestBackend({
      features: [
        qualityScorecardPlugin,
        notificationsPlugin,
        catalogServiceMock.factory({ entities: entities as any }),
        mockServices.scheduler.mock({
          scheduleTask: jest.fn(async () => {}),
          createScheduledTaskRunner: jest.fn(() => ({ run: jest.fn(async () => {}) })),
        }).factory,
        databasePerPlugin(databaseId),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            qualityScorecard: {
              demoData: { enabled: false },
              // Only the check speaks here; chart signals are covered elsewhere.
              notifications: { metrics: ['deployment_frequency'] },
              checks: {
                definitions: [
                  { id: 'review', title: 'Review coverage at least 90%', metric: 'review_coverage', operator: '>=', threshold: 0.9, minSampleSize: 5 },
                ],
                levels: [{ id: 'silver', checks: ['review'] }],
              },
            },
          },
        }),
      ],
    });
    const ingest = (events: unknown[]) =>
      request(server).post('/api/quality-scorecard/events').set(service).send({ events }).expect(200);
    const refresh = () =>
      request(server).post('/api/quality-scorecard/scorecards/entity/component/default/payments/refresh').set(service).expect(200);
    const inbox = async () =>
      (
        await request(server)
          .get('/api/notifications/notifications')
          .set({ Authorization: mockCredentials.user.header('user:default/ada') })
          .expect(200)
      ).body.notifications as Array<{ payload: any }>;

    // 10 approved PRs: the check passes on its first evaluation; no news.
    await ingest(prs(1, 10, true));
    await refresh();
    expect(await inbox()).toEqual([]);

    // 10 more without approval: 10/20 = 50%, the check now fails, and silver is lost.
    await ingest(prs(100, 10, false));
    await refresh();
    const received = await inbox();
    const titles = received.map(n => n.payload.title).sort();
    expect(titles).toEqual(['payments: lost level silver and holds no level now', 'payments: now fails the check "Review coverage at least 90%"'].sort());
    const check = received.find(n => n.payload.title.includes('now fails'))!;
    expect(check.payload.link).toBe('/catalog/default/component/payments/quality?check=review');

    // Still failing: nothing more.
    await refresh();
    expect(await inbox()).toHaveLength(2);
  });
});
