import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseChecksStore } from '../checks/ChecksStore';
import { DatabaseBaselineStore } from '../baselines/BaselineStore';
import { SignalEpisodeStore } from '../notify/SignalEpisodeStore';
import { DatabaseQualityStore } from './DatabaseQualityStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * Every store runs the plugin's migrations itself: each one works when it is
 * the first (and only) store built on a fresh database.
 */
describe.each(databases.eachSupportedId())(
  'stores built alone on %p',
  databaseId => {
    const fresh = async () =>
      mockServices.database.mock({
        getClient: async () => databases.init(databaseId),
      });

    it('the checks store', async () => {
      const store = await DatabaseChecksStore.create({
        database: await fresh(),
      });
      expect(await store.readResults(['component:default/payments'])).toEqual(
        [],
      );
      expect(
        await store.activeExemptions(['component:default/payments'], 0),
      ).toEqual([]);
    });

    it('the baseline store', async () => {
      const store = await DatabaseBaselineStore.create({
        database: await fresh(),
      });
      expect(await store.listBaselines('component:default/payments')).toEqual(
        [],
      );
    });

    it('the notification episode store', async () => {
      const store = await SignalEpisodeStore.create({
        database: await fresh(),
      });
      expect(await store.listAll('component:default/payments')).toEqual([]);
    });

    it('the quality store, after another store migrated the same database (nothing left to do)', async () => {
      const database = await fresh();
      await DatabaseChecksStore.create({ database });
      const store = await DatabaseQualityStore.create({ database });
      expect(await store.countEvents()).toEqual({
        pull_request: 0,
        deployment: 0,
        incident: 0,
        bug: 0,
      });
    });
  },
);
