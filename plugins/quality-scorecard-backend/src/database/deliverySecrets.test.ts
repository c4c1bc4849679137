import { TestDatabases } from '@backstage/backend-test-utils';
import { resolve } from 'path';
import { DatabaseQualityStore } from './DatabaseQualityStore';

/*
 * Which secret verified each raw delivery, and the counts operators read
 * before they remove an old secret, on SQLite and PostgreSQL.
 */

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const directory = DatabaseQualityStore.migrationsDirectory();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const migration = require(resolve(
  directory,
  '20261230130000_delivery_secret.js',
));

/** [source, deliveryId, receivedAt, position, fingerprint] */
const DELIVERIES: Array<
  [string, string, number, number | null, string | null]
> = [
  ['github', 'g1', 100, 0, 'aaaaaaaa'],
  ['github', 'g2', 199, 0, 'aaaaaaaa'],
  ['github', 'g3', 200, 1, 'bbbbbbbb'], // exactly at `since`: counted
  ['github', 'g4', 350, 1, 'bbbbbbbb'],
  ['github', 'g5', 400, null, null], // stored before secrets were recorded
  ['pagerduty', 'p1', 300, 0, 'aaaaaaaa'], // the same fingerprint, another source
  ['jira', 'j1', 250, 1, 'cccccccc'],
];

describe.each(databases.eachSupportedId())(
  'delivery secrets on %p',
  databaseId => {
    async function storeWithDeliveries() {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      const store = new DatabaseQualityStore(knex);
      for (const [
        source,
        deliveryId,
        receivedAt,
        position,
        fingerprint,
      ] of DELIVERIES) {
        await store.insertRawDelivery({
          source,
          deliveryId,
          eventName: 'e',
          payload: '{}',
          receivedAt,
          secret:
            position === null || fingerprint === null
              ? undefined
              : { position, fingerprint },
        });
      }
      return { knex, store };
    }

    it('stores the position and fingerprint of the secret with the delivery', async () => {
      const { knex, store } = await storeWithDeliveries();
      const rows = await knex('qs_raw_deliveries')
        .orderBy('id')
        .select('delivery_id', 'secret_position', 'secret_fingerprint');
      expect(
        rows.map(r => [
          r.delivery_id,
          r.secret_position === null ? null : Number(r.secret_position),
          r.secret_fingerprint,
        ]),
      ).toEqual(DELIVERIES.map(([, id, , position, fp]) => [id, position, fp]));
      // A redelivery keeps what the first delivery stored.
      expect(
        await store.insertRawDelivery({
          source: 'github',
          deliveryId: 'g1',
          eventName: 'e',
          payload: '{}',
          receivedAt: 500,
          secret: { position: 1, fingerprint: 'bbbbbbbb' },
        }),
      ).toEqual({ id: 1, duplicate: true });
      expect(
        await knex('qs_raw_deliveries')
          .where({ delivery_id: 'g1' })
          .first('secret_fingerprint'),
      ).toEqual({ secret_fingerprint: 'aaaaaaaa' });
    });

    it.each([
      [
        200,
        [
          ['github', 'aaaaaaaa', 0, 199],
          ['github', 'bbbbbbbb', 2, 350],
          ['jira', 'cccccccc', 1, 250],
          ['pagerduty', 'aaaaaaaa', 1, 300],
        ],
      ],
      [
        0,
        [
          ['github', 'aaaaaaaa', 2, 199],
          ['github', 'bbbbbbbb', 2, 350],
          ['jira', 'cccccccc', 1, 250],
          ['pagerduty', 'aaaaaaaa', 1, 300],
        ],
      ],
      [
        351,
        [
          ['github', 'aaaaaaaa', 0, 199],
          ['github', 'bbbbbbbb', 0, 350],
          ['jira', 'cccccccc', 0, 250],
          ['pagerduty', 'aaaaaaaa', 0, 300],
        ],
      ],
    ])(
      'counts since %p per source and fingerprint',
      async (since, expected) => {
        const { store } = await storeWithDeliveries();
        const usage = await store.countDeliveriesBySecret({ since });
        expect(
          usage.map(u => [
            u.source,
            u.fingerprint,
            u.deliveries,
            u.lastReceivedAt,
          ]),
        ).toEqual(expected);
        // Invariant: the counts never exceed the recorded deliveries of the window.
        const recorded = DELIVERIES.filter(d => d[4] !== null && d[2] >= since);
        expect(usage.reduce((n, u) => n + u.deliveries, 0)).toBe(
          recorded.length,
        );
      },
    );

    it('migrates down without the columns and up again', async () => {
      const { knex, store } = await storeWithDeliveries();
      await migration.down(knex);
      expect(
        await knex.schema.hasColumn('qs_raw_deliveries', 'secret_fingerprint'),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn('qs_raw_deliveries', 'secret_position'),
      ).toBe(false);
      expect(await knex('qs_raw_deliveries').count({ n: '*' })).toEqual([
        { n: databaseId === 'POSTGRES_15' ? '7' : 7 },
      ]);
      await migration.up(knex);
      expect(await store.countDeliveriesBySecret({ since: 0 })).toEqual([]);
    });
  },
);
