import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { pullRequest } from '../__fixtures__/events';
import { createScorecardServices } from '../scorecards/scorecardServices';
import { OwnershipService } from './OwnershipService';
import { SnapshotResultCache } from './SnapshotResultCache';
import { DEFAULT_SIGNAL_SETTINGS } from '../engine/spc/designs';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  ...['a', 'b'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team' }],
  })),
];

const END = Date.parse('2026-11-23T00:00:00Z'); // a Monday
const DAY = 86_400_000;
const WINDOW = { from: END - 28 * DAY, to: END };
const merged = (card: { metrics: Array<{ id: string; numerator?: number }> }) =>
  card.metrics.find(m => m.id === 'pr_merge_rate')?.numerator;

async function setup(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  // Counts the snapshot reads, to tell a served result from a computed one.
  let snapshotReads = 0;
  const counted = Object.assign(Object.create(store), {
    readSnapshots: (
      ...args: Parameters<DatabaseQualityStore['readSnapshots']>
    ) => {
      snapshotReads += 1;
      return store.readSnapshots(...args);
    },
  }) as DatabaseQualityStore;
  const options = {
    engine: { productionEnvironments: ['production'] },
    aggregate: {
      minSampleSize: 5,
      timeToRestoreAggregation: 'median' as const,
      baselineWeeks: 12, signals: DEFAULT_SIGNAL_SETTINGS,
    },
    seriesWeeks: 26,
    logger: mockServices.logger.mock(),
  };
  const ownership = () =>
    new OwnershipService(
      catalogServiceMock({ entities: ENTITIES as any }),
      mockServices.auth(),
    );
  // Two services over one database, as two backend instances.
  const one = createScorecardServices(counted, ownership(), options);
  const two = createScorecardServices(store, ownership(), options);
  const merge = (ref: string, n: number) =>
    store.writeEvents(
      [
        {
          ...pullRequest({
            number: n,
            createdAt: new Date(END - 10 * DAY).toISOString(),
            mergedAt: new Date(END - 9 * DAY).toISOString(),
            closedAt: new Date(END - 9 * DAY).toISOString(),
          }),
          id: `${ref}-${n}`,
          resolvedEntityRef: `component:default/${ref}`,
        } as any,
      ],
      { demo: false, now: END },
    );
  return { store, one, two, merge, reads: () => snapshotReads };
}

describe.each(databases.eachSupportedId())(
  'cached scorecards on %p',
  databaseId => {
    it('serves a read again until a recompute on any instance rewrites its snapshots', async () => {
      const { one, two, merge, reads } = await setup(databaseId);
      await merge('a', 1);
      await two.recompute.recomputeDirty(() => END);

      const first = await one.reader.entityScorecard('component:default/a', WINDOW);
      expect(merged(first)).toBe(1);
      expect(reads()).toBe(1);
      // The same weeks, each as complete (a window starting later the same
      // week) are served, not recomputed.
      const again = await one.reader.entityScorecard('component:default/a', {
        from: WINDOW.from + 3600_000,
        to: WINDOW.to,
      });
      expect(again).toBe(first);
      expect(reads()).toBe(1);

      // The other instance recomputes after a new merge: the next read here sees it.
      await merge('a', 2);
      await two.recompute.recomputeDirty(() => END);
      const after = await one.reader.entityScorecard('component:default/a', WINDOW);
      expect(merged(after)).toBe(2);
      expect(reads()).toBe(2);
    });

    it('recomputes an owner roll-up when any one of its services changes, and only then', async () => {
      const { one, two, merge, reads } = await setup(databaseId);
      await merge('a', 1);
      await merge('b', 1);
      await two.recompute.recomputeDirty(() => END);
      const first = await one.reader.ownerScorecard('group:default/team', WINDOW);
      expect(first.entities).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
      expect(merged(first)).toBe(2);
      expect(await one.reader.ownerScorecard('group:default/team', WINDOW)).toBe(
        first,
      );
      expect(reads()).toBe(1);

      await merge('b', 2);
      await two.recompute.recomputeDirty(() => END);
      const after = await one.reader.ownerScorecard('group:default/team', WINDOW);
      expect(merged(after)).toBe(3);
      expect(reads()).toBe(2);
    });
  },
);

describe('SnapshotResultCache', () => {
  it('keeps at most maxEntries results, dropping the least recently used', async () => {
    const versions = new Map<string, number>();
    const cache = new SnapshotResultCache(
      { snapshotVersions: async () => versions },
      2,
    );
    let computed = 0;
    const read = (key: string) =>
      cache.get(key, [key], async () => ({ key, n: ++computed }));
    await read('x');
    await read('y');
    await read('x'); // x is now the most recently used
    await read('z'); // drops y
    expect(cache.size).toBe(2);
    expect(computed).toBe(3);
    expect((await read('x')).n).toBe(1);
    expect((await read('y')).n).toBe(4);
    versions.set('x', 1);
    expect((await read('x')).n).toBe(5);
  });
});
