import request from 'supertest';
import { Knex } from 'knex';
import { JsonObject } from '@backstage/types';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabaseId,
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import type { PullRequestEvent } from '@shewhart/plugin-quality-scorecard-common';
import { qualityScorecardPlugin } from '../plugin';
import { WEEK_MS, weekStartOf } from '../engine/time';

jest.setTimeout(120_000);

/*
 * The notifier with the real notifications backend: owners' members read
 * what they were sent through GET /api/notifications/notifications.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const group = (name: string, members: string[], children: string[] = []) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children },
  relations: [
    ...members.map(m => ({
      type: 'hasMember',
      targetRef: `user:default/${m}`,
    })),
    ...children.map(c => ({
      type: 'parentOf',
      targetRef: `group:default/${c}`,
    })),
  ],
});
const user = (name: string, team: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: [team] },
  relations: [{ type: 'memberOf', targetRef: `group:default/${team}` }],
});
const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: `group:default/${owner}`,
  },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

const entities = [
  component('payments', 'payments-team'),
  component('ledger', 'payments-team'),
  component('storefront', 'storefront-team'),
  // Fraud is a sub-team of payments: it does not own payments' services.
  group('payments-team', ['ada', 'grace'], ['fraud-team']),
  group('fraud-team', ['alan']),
  group('storefront-team', ['linus']),
  user('ada', 'payments-team'),
  user('grace', 'payments-team'),
  user('linus', 'storefront-team'),
  user('alan', 'fraud-team'),
];

/** Each plugin its own database, as in a real backend (their knex migration tables differ). */
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

async function start(
  databaseId: TestDatabaseId,
  notifications: JsonObject = {},
) {
  const tasks = new Map<string, () => Promise<void>>();
  // Tasks run only when a test says so.
  const keep = async (task: {
    id: string;
    fn: (signal: AbortSignal) => void | Promise<void>;
  }) => {
    tasks.set(task.id, () =>
      Promise.resolve(task.fn(new AbortController().signal)),
    );
  };
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: jest.fn(keep),
    createScheduledTaskRunner: jest.fn(() => ({ run: jest.fn(keep) })),
  });
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      notificationsPlugin,
      catalogServiceMock.factory({ entities: entities as any }),
      scheduler.factory,
      databasePerPlugin(databaseId),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          qualityScorecard: {
            demoData: { enabled: false },
            metrics: { seriesWeeks: 16, baselineWeeks: 12 },
            // Hand-checked episodes of the textbook design's Western Electric rules.
            signals: { design: 'classic' },
            notifications,
          },
        },
      }),
    ],
  });
  const runTask = (id: string) => tasks.get(id)!();
  return { server, runTask };
}

const service = { Authorization: mockCredentials.service.header() };
const userHeader = (name: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${name}`),
});

const NOW = Date.now();
const W0 = weekStartOf(NOW);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Ten merged PRs in a week, `reviewed` of them approved by a second person;
 * everything else (authors, cycle times) stays the same week after week.
 */
function week(
  entity: string,
  weekStart: number,
  reviewed: number,
): PullRequestEvent[] {
  const n = Math.round((weekStart - W0) / WEEK_MS) + 100;
  return Array.from({ length: 10 }, (_, i) => {
    const author = i % 2 ? 'ada' : 'grace';
    const other = i % 2 ? 'grace' : 'ada';
    const mergedAt = weekStart + (i + 1) * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      type: 'pull_request',
      id: `acme/${entity}#${n * 100 + i}`,
      source: 'github',
      entityRef: `component:default/${entity}`,
      number: n * 100 + i,
      title: `Change ${i} of week ${n}`,
      author,
      url: `https://github.com/acme/${entity}/pull/${n * 100 + i}`,
      createdAt: iso(mergedAt - 3_600_000),
      mergedAt: iso(mergedAt),
      closedAt: iso(mergedAt),
      additions: 10,
      deletions: 2,
      changedFiles: 1,
      labels: [],
      files: ['src/a.ts'],
      commits: [
        {
          sha: `${entity}${n}x${i}`,
          authoredAt: iso(mergedAt - 7_200_000),
          message: 'Change',
        },
      ],
      reviews:
        i < reviewed
          ? [
              {
                reviewer: other,
                state: 'APPROVED',
                submittedAt: iso(mergedAt - 60_000),
              },
            ]
          : [],
      mergedBy: other,
    };
  });
}

/** Fourteen weeks at 90% review coverage, up to the week before last. */
const baseline = (entity: string) =>
  Array.from({ length: 14 }, (_, i) =>
    week(entity, W0 - (15 - i) * WEEK_MS, 9),
  ).flat();

async function ingest(server: any, events: PullRequestEvent[]) {
  const res = await request(server)
    .post('/api/quality-scorecard/events')
    .set(service)
    .send({ events });
  expect(res.status).toBe(200);
}

async function refresh(server: any, entity: string) {
  await request(server)
    .post(
      `/api/quality-scorecard/scorecards/entity/component/default/${entity}/refresh`,
    )
    .set(service)
    .expect(200);
}

async function inbox(server: any, name: string) {
  const res = await request(server)
    .get('/api/notifications/notifications')
    .set(userHeader(name));
  expect(res.status).toBe(200);
  return res.body.notifications as Array<{ user: string; payload: any }>;
}

describe.each(databases.eachSupportedId())(
  'SignalNotifier with the notifications backend on %p',
  databaseId => {
    it('tells the owner once per episode: new, repeated, cleared, raised again', async () => {
      const { server } = await start(databaseId);
      await ingest(server, [
        ...baseline('payments'),
        ...baseline('storefront'),
      ]);
      await refresh(server, 'payments');
      expect(await inbox(server, 'ada')).toEqual([]);

      // Last week only 2 of 10 PRs were reviewed: below the lower control limit.
      await ingest(server, week('payments', W0 - WEEK_MS, 2));
      await refresh(server, 'payments');
      const first = await inbox(server, 'ada');
      expect(first).toHaveLength(1);
      expect(first[0].user).toBe('user:default/ada');
      expect(first[0].payload).toMatchObject({
        title: `payments: review coverage fell below its control limit in the week of ${day(
          W0 - WEEK_MS,
        )}`,
        link: '/catalog/default/component/payments/quality?metric=review_coverage',
        severity: 'high',
        topic: 'quality-scorecard:signal',
      });
      expect(first[0].payload.description).toBe(
        `The week of ${day(W0 - WEEK_MS)} below the lower control limit. ` +
          `In the week of ${day(W0 - WEEK_MS)}: 20% (n = 10); centre line 90%.`,
      );
      expect(await inbox(server, 'grace')).toHaveLength(1);
      expect(await inbox(server, 'linus')).toEqual([]);
      expect(await inbox(server, 'alan')).toEqual([]);

      // The same episode seen by the next recompute sends nothing.
      await refresh(server, 'payments');
      expect(await inbox(server, 'ada')).toHaveLength(1);

      // Late reviews arrive: last week is back to 9 of 10, the episode clears, silently.
      await ingest(server, week('payments', W0 - WEEK_MS, 9));
      await refresh(server, 'payments');
      expect(await inbox(server, 'ada')).toHaveLength(1);

      // A new episode this week is told again.
      await ingest(server, week('payments', W0, 1));
      await refresh(server, 'payments');
      const second = await inbox(server, 'ada');
      expect(second).toHaveLength(2);
      expect(second.map(n => n.payload.title)).toContain(
        `payments: review coverage fell below its control limit in the week of ${day(
          W0,
        )}`,
      );
      await refresh(server, 'payments');
      expect(await inbox(server, 'ada')).toHaveLength(2);
    });

    it('in digest mode sends one notification per owner when the daily task runs', async () => {
      const { server, runTask } = await start(databaseId, { digest: 'daily' });
      await ingest(server, [
        ...baseline('payments'),
        ...baseline('ledger'),
        ...week('payments', W0 - WEEK_MS, 2),
        ...week('ledger', W0 - WEEK_MS, 3),
      ]);
      await refresh(server, 'payments');
      await refresh(server, 'ledger');
      expect(await inbox(server, 'ada')).toEqual([]);

      await runTask('quality-scorecard-notifications');
      const digest = await inbox(server, 'ada');
      expect(digest).toHaveLength(1);
      expect(digest[0].payload).toMatchObject({
        title: 'payments-team: 2 new quality signals today',
        link: '/catalog/default/group/payments-team/quality',
        severity: 'high',
        topic: 'quality-scorecard:digest',
      });
      expect(digest[0].payload.description.split('\n').sort()).toEqual([
        `• ledger: review coverage fell below its control limit in the week of ${day(
          W0 - WEEK_MS,
        )}`,
        `• payments: review coverage fell below its control limit in the week of ${day(
          W0 - WEEK_MS,
        )}`,
      ]);

      await refresh(server, 'payments');
      await runTask('quality-scorecard-notifications');
      expect(await inbox(server, 'ada')).toHaveLength(1);
    });

    it('sends nothing for a switched-off rule', async () => {
      const { server } = await start(databaseId, {
        rules: { 'beyond-3-sigma': { enabled: false } },
      });
      await ingest(server, [
        ...baseline('payments'),
        ...week('payments', W0 - WEEK_MS, 2),
      ]);
      await refresh(server, 'payments');
      const card = await request(server)
        .get(
          '/api/quality-scorecard/scorecards/entity/component/default/payments',
        )
        .set(service);
      const coverage = card.body.metrics.find(
        (m: any) => m.id === 'review_coverage',
      );
      expect(coverage.control.signals.map((s: any) => s.rule)).toEqual([
        'beyond-3-sigma',
      ]);
      expect(await inbox(server, 'ada')).toEqual([]);
    });
  },
);
