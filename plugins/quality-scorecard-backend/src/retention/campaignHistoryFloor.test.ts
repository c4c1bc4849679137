import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseChecksStore } from '../checks/ChecksStore';
import { RetentionService } from './RetentionService';
import { RetentionStore } from './RetentionStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const YEAR = 365 * DAY;

/**
 * Check history is kept for a campaign's life: with a campaign open since a
 * start older than the period, the rows from its start on stay.
 */
describe.each(databases.eachSupportedId())(
  'check history under a campaign on %s',
  databaseId => {
    it.each([
      // floor (days before now), the days of the rows kept
      ['no campaign', undefined, [30, 10]],
      ['a campaign from 400 days ago', 400, [400, 390, 30, 10]],
      ['a campaign from 200 days ago (within the period)', 200, [30, 10]],
    ])('%s', async (_name, floorDays, kept) => {
      const knex = await databases.init(databaseId);
      const store = await RetentionStore.create({
        database: { getClient: async () => knex } as any,
      });
      const checks = new DatabaseChecksStore(knex);
      // A status change on each of these days (days before now), the last one stays anyway.
      const days = [500, 400, 390, 30, 10];
      for (const [i, d] of days.entries()) {
        await checks.saveResults(
          'component:default/api',
          [
            {
              checkId: 'cfr',
              status: i % 2 ? 'fail' : 'pass',
              value: null,
              n: 1,
              reason: '',
            },
          ],
          NOW - d * DAY,
        );
      }
      const service = new RetentionService(store, {
        periodsMs: {
          rawDeliveries: YEAR,
          events: YEAR,
          snapshots: YEAR,
          checkHistory: YEAR,
          notificationEpisodes: YEAR,
          exemptionAudit: YEAR,
        },
        batchSize: 2,
        logger: mockServices.logger.mock(),
        checkHistoryFloor: async () =>
          floorDays === undefined ? undefined : NOW - floorDays * DAY,
      });
      await service.run(NOW);
      const rows = await knex('qs_check_history').orderBy('at');
      expect(rows.map(r => Math.round((NOW - Number(r.at)) / DAY))).toEqual(
        kept,
      );
    });
  },
);
