import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseQualityStore } from './DatabaseQualityStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const REF = 'component:default/payments';
const WEEK = Date.parse('2026-11-16T00:00:00Z');
const row = (weekStart: number, stats = '{}') => ({
  entityRef: REF,
  weekStart,
  stats,
  demo: false,
  computedAt: WEEK,
});
const document = (basedOnVersion: number, text: string) => ({
  firstWeek: WEEK,
  endWeek: WEEK + 7 * 86_400_000,
  configKey: 'k',
  gzip: Buffer.from(text),
  renderedAt: WEEK,
  basedOnVersion,
});

/** Rows, version and scorecard of a recompute are one write. */
describe.each(databases.eachSupportedId())(
  'snapshots with their scorecard on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseQualityStore.create({
        database: { getClient: async () => knex },
      });
      const stored = () =>
        store.readScorecardDocument(REF, WEEK, WEEK + 7 * 86_400_000, 'k');
      return { knex, store, stored };
    }

    it('stores the scorecard with the version the write makes, from the first write on', async () => {
      const { store, stored } = await setup();
      await store.replaceSnapshotsMany([
        {
          entityRef: REF,
          rows: [row(WEEK)],
          fromWeek: 0,
          document: document(0, 'first'),
        },
      ]);
      expect((await store.snapshotVersions([REF])).get(REF)).toBe(1);
      expect((await stored())?.toString()).toBe('first');

      await store.replaceSnapshotsMany([
        {
          entityRef: REF,
          rows: [row(WEEK, '{"a":1}')],
          fromWeek: WEEK,
          document: document(1, 'second'),
        },
      ]);
      expect((await store.snapshotVersions([REF])).get(REF)).toBe(2);
      expect((await stored())?.toString()).toBe('second');
    });

    it('skips the scorecard when another writer changed the entity since its rendering read it', async () => {
      const { store, stored } = await setup();
      await store.replaceSnapshotsMany([
        {
          entityRef: REF,
          rows: [row(WEEK)],
          fromWeek: 0,
          document: document(0, 'first'),
        },
      ]);
      // Rendered at version 1, but another write (version 2) came first.
      await store.replaceSnapshotsMany([
        { entityRef: REF, rows: [row(WEEK, '{"b":1}')], fromWeek: WEEK },
      ]);
      await store.replaceSnapshotsMany([
        {
          entityRef: REF,
          rows: [row(WEEK, '{"c":1}')],
          fromWeek: WEEK,
          document: document(1, 'stale'),
        },
      ]);
      expect((await store.snapshotVersions([REF])).get(REF)).toBe(3);
      // The stored scorecard is the first one, a version behind: not served.
      expect(await stored()).toBeUndefined();
    });

    it('stores nothing for an entity without snapshots before or after', async () => {
      const { store, stored } = await setup();
      await store.replaceSnapshotsMany([
        {
          entityRef: REF,
          rows: [],
          fromWeek: 0,
          document: document(0, 'empty'),
        },
      ]);
      expect(await store.snapshotVersions([REF])).toEqual(new Map());
      expect(await stored()).toBeUndefined();
    });
  },
);
