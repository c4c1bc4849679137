import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { pullRequest } from '../__fixtures__/events';
import { createScorecardServices } from '../scorecards/scorecardServices';
import type { OwnershipService } from '../scorecards/OwnershipService';
import { DEFAULT_SIGNAL_SETTINGS } from '../engine/spc/designs';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const NOW = Date.parse('2026-11-23T00:00:00Z');

describe.each(databases.eachSupportedId())(
  'batched recompute on %p',
  databaseId => {
    it('recomputes every dirty entity across write batches, and one marked again meanwhile once more', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseQualityStore.create({
        database: { getClient: async () => knex },
      });
      const refs = Array.from(
        { length: 45 },
        (_, i) => `component:default/svc-${String(i).padStart(2, '0')}`,
      );
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
      const service = createScorecardServices(store, {} as OwnershipService, {
        engine: { productionEnvironments: ['production'] },
        aggregate: {
          minSampleSize: 5,
          timeToRestoreAggregation: 'median',
          baselineWeeks: 12, signals: DEFAULT_SIGNAL_SETTINGS,
        },
        seriesWeeks: 26,
        logger: mockServices.logger.mock(),
      });
      const told: string[] = [];
      service.recompute.onRecomputed(async ({ entityRef }) => {
        told.push(entityRef);
        // New events for svc-30 arrive while its batch is being written (once).
        if (
          entityRef === refs[30] &&
          told.filter(r => r === entityRef).length === 1
        ) {
          await store.markDirty([{ entityRef, since: NOW }], NOW + 1);
        }
      });
      // Its mark is newer than the one the batch took: it stays, and the same run takes it again.
      expect(await service.recompute.recomputeDirty(() => NOW)).toBe(46);
      expect([...told].sort()).toEqual([...refs, refs[30]].sort());
      expect(await store.listDirty(100)).toEqual([]);
      expect(await knex('qs_snapshots').distinct('entity_ref')).toHaveLength(
        45,
      );
      const versions = await store.snapshotVersions(refs);
      expect(refs.filter(r => versions.get(r) !== 1)).toEqual([refs[30]]);
      expect(versions.get(refs[30])).toBe(2);
    });
  },
);
