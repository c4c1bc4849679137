import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { DEFAULT_SIGNAL_SETTINGS } from '../engine/spc/designs';
import { DAY_MS, WEEK_MS } from '../engine/time';
import type { OwnershipService } from '../scorecards/OwnershipService';
import { createScorecardServices } from '../scorecards/scorecardServices';
import { pullRequest } from '../__fixtures__/events';
import { recomputeFloor } from './recomputeFloor';
import { RetentionStore } from './RetentionStore';
import { RetentionService } from './RetentionService';

jest.setTimeout(60_000);

const at = (iso: string) => Date.parse(iso);

describe('recomputeFloor', () => {
  // 2026-11-20 is a Friday; 365 days before it is Thursday 2025-11-20.
  it.each([
    [
      'a cutoff within a week: the next Monday',
      at('2026-11-20T12:00:00Z'),
      365,
      0,
      at('2025-11-24T00:00:00Z'),
    ],
    [
      'then the context weeks after it',
      at('2026-11-20T12:00:00Z'),
      365,
      4,
      at('2025-12-22T00:00:00Z'),
    ],
    [
      'a cutoff on a Monday at midnight: that week is whole',
      at('2026-11-23T00:00:00Z'),
      364,
      0,
      at('2025-11-24T00:00:00Z'),
    ],
    [
      'a cutoff one millisecond after Monday midnight',
      at('2026-11-23T00:00:00.001Z'),
      364,
      0,
      at('2025-12-01T00:00:00Z'),
    ],
  ])('%s', (_, now, days, contextWeeks, floor) => {
    expect(recomputeFloor(now, days * DAY_MS, contextWeeks)).toBe(floor);
  });

  it('is a Monday, never before the events cutoff plus the context weeks, and less than a week after it', () => {
    for (
      let now = at('2026-01-01T00:00:00Z');
      now < at('2026-03-01T00:00:00Z');
      now += 7_777_777
    ) {
      for (const contextWeeks of [0, 4]) {
        const floor = recomputeFloor(now, 730 * DAY_MS, contextWeeks);
        const cutoff = now - 730 * DAY_MS + contextWeeks * WEEK_MS;
        expect(new Date(floor).getUTCDay()).toBe(1);
        expect(floor % DAY_MS).toBe(0);
        expect(floor).toBeGreaterThanOrEqual(cutoff);
        expect(floor - cutoff).toBeLessThan(WEEK_MS);
      }
    }
  });
});

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ENTITY = 'component:default/payments';
const OLD_WEEK = at('2025-06-02T00:00:00Z');
const NEW_WEEK = at('2026-11-16T00:00:00Z');
const T1 = at('2025-07-01T00:00:00Z');
const T2 = at('2026-11-20T12:00:00Z');
const EVENTS_MS = 365 * DAY_MS;

const merged = (number: number, mergedAt: string) => ({
  ...pullRequest({
    id: `acme/payments#${number}`,
    number,
    createdAt: new Date(Date.parse(mergedAt) - DAY_MS).toISOString(),
    mergedAt,
    closedAt: mergedAt,
    commits: [],
  }),
  resolvedEntityRef: ENTITY,
});

describe.each(databases.eachSupportedId())(
  'the recompute floor on %p',
  databaseId => {
    async function setup(eventsRetentionMs: number | undefined) {
      const knex = await databases.init(databaseId);
      const store = await DatabaseQualityStore.create({
        database: { getClient: async () => knex },
      });
      const { recompute } = createScorecardServices(
        store,
        {} as OwnershipService,
        {
          logger: mockServices.logger.mock(),
          seriesWeeks: 12,
          eventsRetentionMs,
          engine: { productionEnvironments: ['production'] },
          aggregate: {
            minSampleSize: 5,
            timeToRestoreAggregation: 'median',
            baselineWeeks: 8,
            signals: DEFAULT_SIGNAL_SETTINGS,
          },
        },
      );
      const retention = new RetentionService(
        await RetentionStore.create({
          database: { getClient: async () => knex },
        }),
        {
          periodsMs: {
            rawDeliveries: 30 * DAY_MS,
            events: EVENTS_MS,
            snapshots: 3 * 365 * DAY_MS,
            checkHistory: EVENTS_MS,
            notificationEpisodes: EVENTS_MS,
            exemptionAudit: 7 * 365 * DAY_MS,
          },
          batchSize: 100,
          logger: mockServices.logger.mock(),
        },
      );
      const snapshots = async () =>
        (
          await knex('qs_snapshots')
            .where({ entity_ref: ENTITY })
            .orderBy('week_start')
        ).map(r => ({
          week: new Date(Number(r.week_start)).toISOString(),
          computedAt: new Date(Number(r.computed_at)).toISOString(),
          stats: JSON.parse(r.stats),
        }));
      return { knex, store, recompute, retention, snapshots };
    }

    /** A week of history stored at T1, its events deleted at T2, then a full and an incremental recompute. */
    async function scenario(eventsRetentionMs: number | undefined) {
      const s = await setup(eventsRetentionMs);
      await s.store.writeEvents(
        [merged(1, '2025-06-04T10:00:00Z'), merged(2, '2025-06-05T10:00:00Z')],
        { demo: false, now: T1 },
      );
      await s.recompute.recomputeDirty(() => T1);
      const before = await s.snapshots();

      await s.store.writeEvents([merged(3, '2026-11-18T10:00:00Z')], {
        demo: false,
        now: T2,
      });
      const report = await s.retention.run(T2);
      expect(report.deleted.qs_pull_requests).toBe(2);
      await s.recompute.markAllForFullRecompute(T2);
      await s.recompute.recomputeDirty(() => T2);
      const afterFull = await s.snapshots();

      // A late delivery about the old week marks it dirty from then.
      await s.store.writeEvents([merged(4, '2025-06-06T10:00:00Z')], {
        demo: false,
        now: T2 + 1,
      });
      await s.recompute.recomputeDirty(() => T2 + 1);
      return { before, afterFull, afterLate: await s.snapshots() };
    }

    it('rewrites no week older than the floor: the old week keeps the snapshot computed from its deleted events', async () => {
      const { before, afterFull, afterLate } = await scenario(EVENTS_MS);
      expect(before.map(r => [r.week, r.computedAt])).toEqual([
        [new Date(OLD_WEEK).toISOString(), new Date(T1).toISOString()],
      ]);
      expect(afterFull.map(r => [r.week, r.computedAt])).toEqual([
        [new Date(OLD_WEEK).toISOString(), new Date(T1).toISOString()],
        [new Date(NEW_WEEK).toISOString(), new Date(T2).toISOString()],
      ]);
      // The same row, stats and all, as the events were there.
      expect(afterFull[0]).toEqual(before[0]);
      expect(afterLate[0]).toEqual(before[0]);
    });

    it('without the floor, the same full recompute loses the old week (the case the floor prevents)', async () => {
      const { before, afterFull } = await scenario(undefined);
      expect(before).toHaveLength(1);
      expect(afterFull.map(r => r.week)).toEqual([
        new Date(NEW_WEEK).toISOString(),
      ]);
    });
  },
);
