import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { EpisodeFacts } from './episodes';
import { SignalEpisodeStore } from './SignalEpisodeStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const directory = resolvePackagePath(
  '@shewhart/plugin-quality-scorecard-backend',
  'migrations',
);
const MIGRATION = '20261124130000_signal_episodes.js';
const REF = 'component:default/payments';

const facts = (overrides: Partial<EpisodeFacts> = {}): EpisodeFacts => ({
  subject: 'incidents_per_pr',
  rule: 'beyond-3-sigma',
  side: 'above',
  start: 1_000,
  end: 1_000,
  severity: 'high',
  title:
    'payments: incidents per PR rose above its control limit in the week of 1970-01-01',
  summary: 'The week of 1970-01-01 above the upper control limit',
  detail:
    'In the week of 1970-01-01: 0.5 per PR (n = 10); centre line 0.1 per PR.',
  link: '/catalog/default/component/payments/quality?metric=incidents_per_pr',
  ...overrides,
});

describe.each(databases.eachSupportedId())(
  'SignalEpisodeStore on %p',
  databaseId => {
    async function create() {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      return { knex, store: new SignalEpisodeStore(knex) };
    }

    it('its migration goes down with data and up again', async () => {
      const { knex, store } = await create();
      await store.open(REF, 'signal', facts(), { now: 1, delivery: 'pending' });
      await knex.migrate.down({ directory, name: MIGRATION });
      expect(await knex.schema.hasTable('qs_signal_episodes')).toBe(false);
      await knex.migrate.up({ directory, name: MIGRATION });
      expect(await store.listAll(REF)).toEqual([]);
      await store.open(REF, 'signal', facts(), { now: 1, delivery: 'pending' });
      expect(await store.listAll(REF)).toHaveLength(1);
    });

    it('keeps one row per episode key; a cleared episode seen again reopens as it was', async () => {
      const { store } = await create();
      const first = await store.open(REF, 'signal', facts(), {
        now: 5,
        delivery: 'pending',
      });
      expect(first).toMatchObject({
        status: 'open',
        delivery: 'pending',
        start: 1_000,
        firstSeenAt: 5,
        notifiedAt: null,
      });
      await store.markSent([first.id], {
        now: 6,
        ownerRef: 'group:default/payments-team',
      });
      await store.clear([first.id], 7);
      expect(await store.listOpen(REF, 'signal')).toEqual([]);

      const again = await store.open(REF, 'signal', facts({ end: 2_000 }), {
        now: 8,
        delivery: 'pending',
      });
      expect(again).toMatchObject({
        id: first.id,
        status: 'open',
        delivery: 'sent',
        end: 2_000,
        clearedAt: null,
        notifiedAt: 6,
      });
      expect(await store.listAll(REF)).toHaveLength(1);
      expect(await store.listOpen(REF, 'check')).toEqual([]);
    });

    it('lets only one caller claim a pending episode; released ones are claimable again', async () => {
      const { store } = await create();
      const row = await store.open(REF, 'signal', facts(), {
        now: 1,
        delivery: 'pending',
      });
      await store.open('component:default/ledger', 'signal', facts(), {
        now: 1,
        delivery: 'covered',
      });
      const a = await store.claimPending({ now: 10 });
      const b = await store.claimPending({ now: 11 });
      expect(a.rows.map(r => r.id)).toEqual([row.id]);
      expect(b.rows).toEqual([]);
      await store.release(a.claim);
      const c = await store.claimPending({ now: 12, entityRef: REF });
      expect(c.rows.map(r => r.id)).toEqual([row.id]);
      // A claim left by an instance that died is taken over after ten minutes.
      expect(
        (await store.claimPending({ now: 12 + 10 * 60_000 + 1 })).rows.map(
          r => r.id,
        ),
      ).toEqual([row.id]);
    });
  },
);
