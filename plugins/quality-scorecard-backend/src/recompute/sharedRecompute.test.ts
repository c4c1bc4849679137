import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { pullRequest } from '../__fixtures__/events';
import { createScorecardServices } from '../scorecards/scorecardServices';
import type { OwnershipService } from '../scorecards/OwnershipService';
import { DEFAULT_SIGNAL_SETTINGS } from '../engine/spc/designs';
import { CLAIM_BATCH } from './RecomputeService';

/*
 * One recompute shared by several backend instances (each its own
 * RecomputeService, so its own claimant) on one database: every entity is
 * committed exactly once (its snapshot version becomes 1), whoever claims it;
 * a dead instance's claims are taken over once they lapse; an instance whose
 * claim lapsed while it computed does not commit.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const NOW = Date.parse('2026-11-23T00:00:00Z');
const refs = Array.from(
  { length: 90 },
  (_, i) => `component:default/svc-${String(i).padStart(2, '0')}`,
);

async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  await store.writeEvents(
    refs.map((ref, i) => ({
      ...pullRequest({
        number: i + 1,
        createdAt: '2026-11-16T09:00:00Z',
        mergedAt: '2026-11-17T09:00:00Z',
        closedAt: '2026-11-17T09:00:00Z',
      }),
      id: `pr-${i}`,
      resolvedEntityRef: ref,
    })),
    { demo: false, now: NOW },
  );
  const instance = (claimLeaseMs = 60_000) => {
    const services = createScorecardServices(store, {} as OwnershipService, {
      engine: { productionEnvironments: ['production'] },
      aggregate: {
        minSampleSize: 5,
        timeToRestoreAggregation: 'median',
        baselineWeeks: 12,
        signals: DEFAULT_SIGNAL_SETTINGS,
      },
      seriesWeeks: 26,
      claimLeaseMs,
      logger: mockServices.logger.mock(),
    });
    const told: string[] = [];
    services.recompute.onRecomputed(async ({ entityRef }) => {
      told.push(entityRef);
    });
    return { recompute: services.recompute, told };
  };
  return { knex, store, instance };
}

describe.each(databases.eachSupportedId())(
  'recompute shared by instances on %p',
  databaseId => {
    it('two instances at once commit every entity exactly once between them', async () => {
      const { store, instance } = await setUp(databaseId);
      const a = instance();
      const b = instance();
      expect(a.recompute.claimant).not.toBe(b.recompute.claimant);
      const [countA, countB] = await Promise.all([
        a.recompute.recomputeDirty(() => NOW),
        b.recompute.recomputeDirty(() => NOW),
      ]);
      expect(countA + countB).toBe(90);
      expect([...a.told, ...b.told].sort()).toEqual(refs);
      expect(a.told.filter(r => b.told.includes(r))).toEqual([]);
      const versions = await store.snapshotVersions(refs);
      expect(refs.filter(r => versions.get(r) !== 1)).toEqual([]);
      expect(await store.listDirty(100)).toEqual([]);
    });

    it('takes over the claims of a dead instance once they lapse', async () => {
      const { knex, store, instance } = await setUp(databaseId);
      // An instance claimed a batch, then died (kill -9): nothing cleared.
      const dead = await store.claimDirty({
        limit: CLAIM_BATCH,
        claimant: 'dead-instance',
        now: NOW,
        leaseMs: 60_000,
      });
      expect(dead.map(d => d.entityRef)).toEqual(refs.slice(0, CLAIM_BATCH));
      const live = instance();
      // Before the lease lapses the live one does the rest only.
      expect(await live.recompute.recomputeDirty(() => NOW + 59_999)).toBe(
        90 - CLAIM_BATCH,
      );
      expect(
        (await knex('qs_dirty_entities').orderBy('entity_ref')).map(
          r => r.claimed_by,
        ),
      ).toEqual(Array(CLAIM_BATCH).fill('dead-instance'));
      // At the lapse it takes them over.
      expect(await live.recompute.recomputeDirty(() => NOW + 60_000)).toBe(
        CLAIM_BATCH,
      );
      expect(await store.listDirty(100)).toEqual([]);
      const versions = await store.snapshotVersions(refs);
      expect(refs.filter(r => versions.get(r) !== 1)).toEqual([]);
    });

    it('does not commit what it no longer holds', async () => {
      const { store, instance } = await setUp(databaseId);
      const slow = instance(1_000);
      // While `slow` computes its first batch its claim lapses and another
      // instance claims and commits the same entities.
      let stolen = false;
      const other = instance();
      const clock = { now: NOW };
      slow.recompute.onRecomputed(async () => {});
      const origCommit = (slow.recompute as any).commit.bind(slow.recompute);
      (slow.recompute as any).commit = async (...args: any[]) => {
        if (!stolen) {
          stolen = true;
          clock.now = NOW + 1_000;
          await other.recompute.recomputeDirty(() => clock.now);
        }
        return origCommit(...args);
      };
      const count = await slow.recompute.recomputeDirty(() => clock.now);
      expect(count).toBe(0);
      expect(slow.told).toEqual([]);
      expect([...other.told].sort()).toEqual(refs);
      const versions = await store.snapshotVersions(refs);
      expect(refs.filter(r => versions.get(r) !== 1)).toEqual([]);
    });
  },
);
