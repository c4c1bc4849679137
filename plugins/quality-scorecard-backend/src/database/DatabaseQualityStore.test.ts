import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from './DatabaseQualityStore';
import { deployment, incident, pullRequest } from '../__fixtures__/events';
import type { AttributedEvent } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  return { knex, store };
}

const attributed = (
  e: any,
  ref: string | null = 'component:default/payments',
): AttributedEvent => ({
  ...e,
  resolvedEntityRef: ref,
});

describe.each(databases.eachSupportedId())(
  'DatabaseQualityStore on %p',
  databaseId => {
    it('migrates down and up again', async () => {
      const { knex } = await createStore(databaseId);
      const dir = DatabaseQualityStore.migrationsDirectory();
      await knex.migrate.rollback({ directory: dir }, true);
      expect(await knex.schema.hasTable('qs_pull_requests')).toBe(false);
      await knex.migrate.latest({ directory: dir });
      expect(await knex.schema.hasTable('qs_pull_requests')).toBe(true);
      expect(await knex.schema.hasTable('qs_snapshots')).toBe(true);
    });

    it('stores each event once, counts duplicates and applies changes', async () => {
      const { store } = await createStore(databaseId);
      const now = Date.parse('2026-03-05T00:00:00Z');
      const batch = [
        attributed(pullRequest()),
        attributed(deployment()),
        attributed(incident()),
      ];
      expect(await store.writeEvents(batch, { demo: false, now })).toEqual({
        accepted: 3,
        duplicates: 0,
        unattributed: 0,
      });
      expect(await store.writeEvents(batch, { demo: false, now })).toEqual({
        accepted: 0,
        duplicates: 3,
        unattributed: 0,
      });
      // The same PR id with a later state replaces the stored row.
      const reverted = attributed(
        pullRequest({ title: 'Add refund endpoint (v2)' }),
      );
      expect(await store.writeEvents([reverted], { demo: false, now })).toEqual(
        {
          accepted: 1,
          duplicates: 0,
          unattributed: 0,
        },
      );
      expect(await store.countEvents()).toEqual({
        pull_request: 1,
        deployment: 1,
        incident: 1,
        bug: 0,
      });
      const events = await store.loadEntityEvents(
        'component:default/payments',
        0,
      );
      expect(events.pullRequests[0]).toMatchObject({
        title: 'Add refund endpoint (v2)',
        createdAt: Date.parse('2026-03-02T09:00:00Z'),
        mergedAt: Date.parse('2026-03-03T15:30:00Z'),
        additions: 120,
        reviews: [{ reviewer: 'grace', state: 'APPROVED', isBot: false }],
      });
      expect(events.deployments[0]).toMatchObject({
        pullRequests: [17],
        finishedAt: Date.parse('2026-03-04T10:00:00Z'),
      });
      expect(
        events.incidents[0].resolvedAt! - events.incidents[0].createdAt,
      ).toBe(90 * 60_000);
    });

    it('reads back every field of an entity\'s events as written', async () => {
      const { store } = await createStore(databaseId);
      const body = 'Quotes " and \\ backslash, tab\t, émoji 🤖, 中文\nSecond line';
      await store.writeEvents(
        [
          attributed(
            pullRequest({
              body,
              labels: ['feature', 'ai-assisted'],
              reverts: 12,
              startedBy: 'grace',
            }),
          ),
          attributed(
            pullRequest({
              id: 'acme/payments#18',
              number: 18,
              title: 'Open, with no files',
              createdAt: '2026-03-05T08:00:00Z',
              mergedAt: null,
              closedAt: null,
              labels: [],
              files: undefined,
              commits: [],
              reviews: [],
              mergeCommitSha: null,
              mergedBy: null,
            }),
          ),
          attributed(deployment({ pullRequests: undefined, commitSha: 'ffeeddcc' })),
          attributed(
            incident({
              severity: 'SEV1',
              causedBy: { deploymentId: 'deploy-1', pullRequest: 17 },
            }),
          ),
          attributed({
            type: 'bug',
            id: 'BUG-1',
            source: 'jira',
            entityRef: 'component:default/payments',
            title: 'Refund rounding',
            createdAt: '2026-03-06T00:00:00Z',
            closedAt: null,
            introducedBy: { pullRequest: 17 },
            severity: 'P2',
          }),
        ],
        { demo: true, now: Date.parse('2026-03-07T00:00:00Z') },
      );
      expect(
        await store.loadEntityEvents('component:default/payments', 0),
      ).toEqual({
        demo: true,
        pullRequests: [
          {
            id: 'acme/payments#17',
            number: 17,
            title: 'Add refund endpoint',
            author: 'ada',
            url: 'https://github.com/acme/payments/pull/17',
            repository: 'acme/payments',
            createdAt: Date.parse('2026-03-02T09:00:00Z'),
            mergedAt: Date.parse('2026-03-03T15:30:00Z'),
            closedAt: Date.parse('2026-03-03T15:30:00Z'),
            additions: 120,
            deletions: 8,
            changedFiles: 4,
            labels: ['feature', 'ai-assisted'],
            files: ['src/refund.ts', 'src/refund.test.ts'],
            body,
            mergeCommitSha: 'ffeeddcc',
            mergedBy: 'grace',
            startedBy: 'grace',
            reverts: 12,
            commits: [
              {
                sha: 'a1b2c3d4',
                authoredAt: Date.parse('2026-03-01T17:00:00Z'),
                message:
                  'Add refunds\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>',
              },
            ],
            reviews: [
              {
                reviewer: 'grace',
                state: 'APPROVED',
                submittedAt: Date.parse('2026-03-03T14:00:00Z'),
                isBot: false,
              },
            ],
          },
          {
            id: 'acme/payments#18',
            number: 18,
            title: 'Open, with no files',
            author: 'ada',
            url: 'https://github.com/acme/payments/pull/17',
            repository: 'acme/payments',
            createdAt: Date.parse('2026-03-05T08:00:00Z'),
            mergedAt: null,
            closedAt: null,
            additions: 120,
            deletions: 8,
            changedFiles: 4,
            labels: [],
            files: null,
            body: null,
            mergeCommitSha: null,
            mergedBy: null,
            startedBy: null,
            reverts: null,
            commits: [],
            reviews: [],
          },
        ],
        deployments: [
          {
            id: 'deploy-1',
            environment: 'production',
            status: 'success',
            startedAt: null,
            finishedAt: Date.parse('2026-03-04T10:00:00Z'),
            commitSha: 'ffeeddcc',
            pullRequests: null,
          },
        ],
        incidents: [
          {
            id: 'INC-1',
            title: 'Refunds failing',
            createdAt: Date.parse('2026-03-04T12:00:00Z'),
            resolvedAt: Date.parse('2026-03-04T13:30:00Z'),
            severity: 'SEV1',
            causedByDeployment: 'deploy-1',
            causedByPr: 17,
          },
        ],
        bugs: [
          {
            id: 'BUG-1',
            createdAt: Date.parse('2026-03-06T00:00:00Z'),
            closedAt: null,
            introducedByPr: 17,
            severity: 'P2',
          },
        ],
      });
    });

    it('counts an id repeated inside one batch as a duplicate', async () => {
      const { store } = await createStore(databaseId);
      const e = attributed(deployment({ id: 'same' }));
      expect(await store.writeEvents([e, e], { demo: false, now: 1 })).toEqual({
        accepted: 1,
        duplicates: 1,
        unattributed: 0,
      });
    });

    it('writes nothing of a batch whose write fails', async () => {
      const { store } = await createStore(databaseId);
      const good = attributed(deployment({ id: 'good' }));
      const bad = attributed(
        deployment({ id: 'bad', finishedAt: 'not a time' }),
      );
      await expect(
        store.writeEvents([good, bad], { demo: false, now: 1 }),
      ).rejects.toThrow();
      expect((await store.countEvents()).deployment).toBe(0);
    });

    it('keeps unattributed events and attributes them when a mapping appears', async () => {
      const { store } = await createStore(databaseId);
      const result = await store.writeEvents(
        [attributed(pullRequest(), null), attributed(incident(), null)],
        { demo: false, now: 1 },
      );
      expect(result.unattributed).toBe(2);
      expect(await store.listUnattributed()).toEqual(
        expect.arrayContaining([
          {
            type: 'pull_request',
            repository: 'acme/payments',
            pagerDutyServiceId: null,
            gitlabProject: null,
            gitlabInstance: null,
            locators: null,
            count: 1,
          },
          {
            type: 'incident',
            repository: null,
            pagerDutyServiceId: 'PAYAPI1',
            gitlabProject: null,
            gitlabInstance: null,
            locators: null,
            count: 1,
          },
        ]),
      );
      const updated = await store.attribute({
        repositories: new Map([
          ['acme/payments', 'component:default/payments'],
        ]),
        pagerDutyServices: new Map([['PAYAPI1', 'component:default/payments']]),
        now: 2,
      });
      expect(updated).toBe(2);
      expect(await store.listUnattributed()).toEqual([]);
      expect(await store.listDirty(10)).toEqual([
        { entityRef: 'component:default/payments', since: 0, markedAt: 2 },
      ]);
    });

    it('marks touched entities dirty from the earliest touched time', async () => {
      const { store } = await createStore(databaseId);
      await store.writeEvents([attributed(pullRequest())], {
        demo: false,
        now: 10,
      });
      const [dirty] = await store.listDirty(10);
      expect(dirty).toEqual({
        entityRef: 'component:default/payments',
        since: Date.parse('2026-03-01T17:00:00Z'),
        markedAt: 10,
      });
      // A mark set again after it was read survives clearing it.
      await store.markDirty([{ entityRef: dirty.entityRef, since: 5 }], 20);
      await store.clearDirty(dirty.entityRef, 10);
      expect(await store.listDirty(10)).toHaveLength(1);
      await store.clearDirty(dirty.entityRef, 20);
      expect(await store.listDirty(10)).toHaveLength(0);
    });

    it('stores a raw delivery once per delivery id', async () => {
      const { store } = await createStore(databaseId);
      const d = {
        source: 'github',
        deliveryId: 'abc',
        eventName: 'push',
        payload: '{}',
        receivedAt: 1,
      };
      const first = await store.insertRawDelivery(d);
      const second = await store.insertRawDelivery(d);
      expect(first.duplicate).toBe(false);
      expect(second).toEqual({ id: first.id, duplicate: true });
      expect(
        await store.listUnprocessedDeliveries({ receivedBefore: 2, limit: 10 }),
      ).toHaveLength(1);
      await store.markDeliveryProcessed(first.id, 3);
      expect(
        await store.listUnprocessedDeliveries({ receivedBefore: 2, limit: 10 }),
      ).toHaveLength(0);
    });
  },
);
