import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { DEFAULT_SIGNAL_SETTINGS } from '../engine/spc/designs';
import type { OwnershipService } from '../scorecards/OwnershipService';
import { createScorecardServices } from '../scorecards/scorecardServices';
import { pullRequest } from '../__fixtures__/events';
import { fullRecomputeTask, recomputeTask } from './recomputeTask';

const NOW = Date.parse('2026-11-20T00:00:00Z');

/** A PR merged in one week, attributed to `entityRef`. */
const merged = (entityRef: string, id = 'acme/payments#1') => ({
  ...pullRequest({
    id,
    createdAt: '2026-11-16T09:00:00Z',
    mergedAt: '2026-11-17T09:00:00Z',
    closedAt: '2026-11-17T09:00:00Z',
  }),
  resolvedEntityRef: entityRef,
});

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'the recompute tasks on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseQualityStore.create({
        database: { getClient: async () => knex },
      });
      const logger = mockServices.logger.mock();
      const { recompute } = createScorecardServices(
        store,
        {} as OwnershipService,
        {
          logger,
          seriesWeeks: 12,
          engine: { productionEnvironments: ['production'] },
          aggregate: {
            minSampleSize: 5,
            timeToRestoreAggregation: 'median',
            baselineWeeks: 8,
            signals: DEFAULT_SIGNAL_SETTINGS,
          },
        },
      );
      return { knex, store, logger, recompute };
    }

    it('recompute: recomputes the dirty entities, says how many, and stops when aborted', async () => {
      const { knex, store, logger, recompute } = await setup();
      await store.writeEvents([merged('component:default/payments')], {
        demo: false,
        now: NOW,
      });
      const task = recomputeTask({
        recompute,
        intervalMs: 30_000,
        timeoutMs: 600_000,
        logger,
      });
      expect(task).toMatchObject({
        id: 'quality-scorecard-recompute',
        frequency: { seconds: 30 },
        timeout: { milliseconds: 600_000 },
      });

      const aborted = new AbortController();
      aborted.abort();
      await task.fn(aborted.signal);
      expect(await store.listDirty(10)).toHaveLength(1);
      expect(logger.info).not.toHaveBeenCalled();

      await task.fn(new AbortController().signal);
      expect(await store.listDirty(10)).toEqual([]);
      expect(logger.info).toHaveBeenCalledWith(
        'Recomputed snapshots of 1 entities',
      );
      const weeks = await knex('qs_snapshots')
        .where('entity_ref', 'component:default/payments')
        .count({ n: '*' });
      expect(Number(weeks[0].n)).toBe(1);
    });

    it('full recompute: marks every entity with events dirty from the start of its history', async () => {
      const { store, logger, recompute } = await setup();
      await store.writeEvents(
        [
          merged('component:default/payments'),
          merged('component:default/search', 'acme/search#2'),
        ],
        { demo: false, now: NOW },
      );
      await recompute.recomputeDirty();
      const task = fullRecomputeTask({
        recompute,
        intervalMs: 86_400_000,
        logger,
      });
      expect(task).toMatchObject({
        id: 'quality-scorecard-full-recompute',
        frequency: { milliseconds: 86_400_000 },
      });
      await task.fn(new AbortController().signal);
      expect(
        (await store.listDirty(10)).map(d => [d.entityRef, d.since]).sort(),
      ).toEqual([
        ['component:default/payments', 0],
        ['component:default/search', 0],
      ]);
      expect(logger.info).toHaveBeenCalledWith(
        'Marked 2 entities for a full recompute',
      );
    });
  },
);
