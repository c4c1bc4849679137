import { TestDatabases } from '@backstage/backend-test-utils';
import { ReminderStore } from './ReminderStore';
import { migrateForReminders } from './__fixtures__/reminderDatabase';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const key = (recipient: string, reminder = '7d', campaignId = 'silver') => ({
  campaignId,
  reminder,
  recipient,
});

describe.each(databases.eachSupportedId())(
  'ReminderStore on %p',
  databaseId => {
    async function create() {
      const knex = await migrateForReminders(await databases.init(databaseId));
      return new ReminderStore(knex);
    }

    it('claims a reminder once; the second claim of the same key loses', async () => {
      const store = await create();
      expect(await store.claim(key('group:default/a'), 1_000)).toBe(true);
      expect(await store.claim(key('group:default/a'), 2_000)).toBe(false);
      // Another recipient, reminder or campaign is another key.
      expect(await store.claim(key('group:default/b'), 3_000)).toBe(true);
      expect(await store.claim(key('group:default/a', '1d'), 4_000)).toBe(true);
      expect(
        await store.claim(key('group:default/a', '7d', 'gold'), 5_000),
      ).toBe(true);
      expect(await store.list()).toEqual([
        { ...key('group:default/a', '7d', 'gold'), sentAt: 5_000 },
        { ...key('group:default/a', '1d'), sentAt: 4_000 },
        { ...key('group:default/a'), sentAt: 1_000 },
        { ...key('group:default/b'), sentAt: 3_000 },
      ]);
      expect((await store.list('gold')).map(r => r.campaignId)).toEqual([
        'gold',
      ]);
    });

    it('lets exactly one of many concurrent claims of a key win', async () => {
      const store = await create();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.claim(key('group:default/a'), i),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.list()).toHaveLength(1);
    });

    it('gives a claim back, so it can be claimed again', async () => {
      const store = await create();
      expect(await store.claim(key('group:default/a'), 1_000)).toBe(true);
      await store.release(key('group:default/a'));
      expect(await store.list()).toEqual([]);
      expect(await store.claim(key('group:default/a'), 2_000)).toBe(true);
      expect(await store.list()).toEqual([
        { ...key('group:default/a'), sentAt: 2_000 },
      ]);
    });

    it('keeps sent_at beyond 32 bits (epoch milliseconds)', async () => {
      const store = await create();
      const now = Date.parse('2027-03-24T00:00:00Z');
      await store.claim(key('group:default/a'), now);
      expect((await store.list())[0].sentAt).toBe(now);
    });
  },
);
