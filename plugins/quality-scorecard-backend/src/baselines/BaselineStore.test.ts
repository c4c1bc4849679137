import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { DatabaseBaselineStore } from './BaselineStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments';
const WEEK = 7 * 86_400_000;
const MONDAY = Date.parse('2026-11-02T00:00:00Z');

describe.each(databases.eachSupportedId())(
  'BaselineStore on %p',
  databaseId => {
    async function createStores() {
      const knex = await databases.init(databaseId);
      // The quality store runs the plugin's migrations, as in the plugin.
      const quality = await DatabaseQualityStore.create({
        database: { getClient: async () => knex },
      });
      return { quality, baselines: new DatabaseBaselineStore(knex) };
    }

    it('adds baselines and lists an entity’s by first week, then by start', async () => {
      const { baselines } = await createStores();
      const late = await baselines.addBaseline({
        entityRef: PAYMENTS,
        metric: 'change_failure_rate',
        fromWeek: MONDAY + 2 * WEEK,
        reason: 'New deploy pipeline',
        startedBy: 'user:default/ada',
        startedAt: MONDAY + 3 * WEEK,
      });
      const early = await baselines.addBaseline({
        entityRef: PAYMENTS,
        metric: null,
        fromWeek: MONDAY,
        reason: 'Team split',
        startedBy: 'user:default/grace',
        startedAt: MONDAY + 4 * WEEK,
      });
      const sameWeek = await baselines.addBaseline({
        entityRef: PAYMENTS,
        metric: 'revert_rate',
        fromWeek: MONDAY,
        reason: 'Revert policy changed',
        startedBy: 'service:ci',
        startedAt: MONDAY + 5 * WEEK,
      });
      await baselines.addBaseline({
        entityRef: 'component:default/other',
        metric: null,
        fromWeek: MONDAY,
        reason: 'Another entity',
        startedBy: 'user:default/ada',
        startedAt: MONDAY,
      });

      expect(late).toEqual({
        id: expect.any(Number),
        entityRef: PAYMENTS,
        metric: 'change_failure_rate',
        fromWeek: MONDAY + 2 * WEEK,
        reason: 'New deploy pipeline',
        startedBy: 'user:default/ada',
        startedAt: MONDAY + 3 * WEEK,
      });
      const listed = await baselines.listBaselines(PAYMENTS);
      expect(listed).toEqual([early, sameWeek, late]);
      expect(listed.map(b => [b.metric, b.fromWeek])).toEqual([
        [null, MONDAY],
        ['revert_rate', MONDAY],
        ['change_failure_rate', MONDAY + 2 * WEEK],
      ]);
      expect(await baselines.listBaselines('component:default/none')).toEqual(
        [],
      );
    });

    it('makes the entity’s cached and stored scorecards not current (its snapshot version goes up)', async () => {
      const { quality, baselines } = await createStores();
      const add = () =>
        baselines.addBaseline({
          entityRef: PAYMENTS,
          metric: null,
          fromWeek: MONDAY,
          reason: 'Shift confirmed',
          startedBy: 'user:default/ada',
          startedAt: MONDAY,
        });
      // An entity without snapshots yet gets a first version.
      expect(await quality.snapshotVersions([PAYMENTS])).toEqual(new Map());
      await add();
      expect(await quality.snapshotVersions([PAYMENTS])).toEqual(
        new Map([[PAYMENTS, 1]]),
      );

      await quality.replaceSnapshots(PAYMENTS, [
        {
          entityRef: PAYMENTS,
          weekStart: MONDAY,
          stats: '{}',
          demo: false,
          computedAt: MONDAY,
        },
      ]);
      await quality.writeScorecardDocuments([
        {
          entityRef: PAYMENTS,
          firstWeek: MONDAY,
          endWeek: MONDAY + WEEK,
          version: 2,
          configKey: 'k',
          gzip: Buffer.from('stored'),
          renderedAt: MONDAY,
        },
      ]);
      expect(
        await quality.readScorecardDocument(
          PAYMENTS,
          MONDAY,
          MONDAY + WEEK,
          'k',
        ),
      ).toEqual(Buffer.from('stored'));
      await add();
      expect(await quality.snapshotVersions([PAYMENTS])).toEqual(
        new Map([[PAYMENTS, 3]]),
      );
      expect(
        await quality.readScorecardDocument(
          PAYMENTS,
          MONDAY,
          MONDAY + WEEK,
          'k',
        ),
      ).toBeUndefined();
      expect(
        await quality.listUnrenderedEntities(
          MONDAY,
          MONDAY + WEEK,
          'k',
          '',
          10,
        ),
      ).toEqual([PAYMENTS]);
    });
  },
);
