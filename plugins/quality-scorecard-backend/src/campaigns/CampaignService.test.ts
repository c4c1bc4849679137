import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { DatabaseChecksStore } from '../checks/ChecksStore';
import type { ChecksConfig, RawCheckResult } from '../engine/checks';
import type { EntityFacts } from '../engine/policy';
import { CampaignService } from './CampaignService';
import { CampaignStore } from './CampaignStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const t = (iso: string) => Date.parse(iso);
const ref = (name: string) => `component:default/${name}`;

const checks: ChecksConfig = {
  windowDays: 28,
  checks: ['a', 'b', 'x'].map(id => ({
    id,
    title: `Check ${id}`,
    metric: 'change_failure_rate',
    operator: '<=' as const,
    threshold: 0.15,
    minSampleSize: 0,
    filter: {},
  })),
  levels: [
    { id: 'bronze', title: 'Bronze', checks: ['a'] },
    { id: 'silver', title: 'Silver', checks: ['b'] },
  ],
};

const fact = (
  name: string,
  owner: string,
  lifecycle = 'production',
): EntityFacts => ({
  entityRef: ref(name),
  kind: 'component',
  lifecycle,
  owner,
  tags: [],
});

const result = (
  checkId: string,
  status: RawCheckResult['status'],
): RawCheckResult => ({
  checkId,
  status,
  value: null,
  n: 10,
  reason: status,
});

/**
 * The scenario of progress.test.ts, written through the real stores: check
 * results saved at their times (the store writes the history), an exemption
 * requested and approved, an entity marked gone from the catalog.
 */
async function scenario(knex: Knex) {
  const checksStore = new DatabaseChecksStore(knex);
  const store = new CampaignStore(knex);
  // The stores' create runs the migrations.
  await CampaignStore.create({
    database: { getClient: async () => knex } as any,
  });
  const facts = new Map<string, EntityFacts>(
    [
      fact('steady', 'group:default/team-a'),
      fact('newcomer', 'group:default/team-a'),
      fact('retired', 'group:default/team-b'),
      fact('exempted', 'group:default/team-b'),
      fact('raised', 'group:default/team-b'),
      fact('elsewhere', 'group:default/team-b'),
      fact('staging', 'group:default/team-b', 'experimental'),
    ].map(f => [f.entityRef, f]),
  );
  const service = new CampaignService({
    store,
    checksStore,
    catalog: { load: async () => ({ facts }) },
    checks,
    configured: [
      {
        id: 'silver-in-march',
        title: 'Silver in March',
        owner: 'group:default/platform',
        target: { level: 'silver' },
        filter: { lifecycle: ['production'] },
        startDate: '2026-03-01',
        dueDate: '2026-03-10',
        reminderDays: [7, 1],
        source: 'config',
      },
    ],
  });
  const save = (
    name: string,
    at: string,
    statuses: Array<[string, RawCheckResult['status']]>,
  ) =>
    checksStore.saveResults(
      ref(name),
      statuses.map(([c, s]) => result(c, s)),
      t(at),
    );
  await save('steady', '2026-02-20T10:00:00Z', [
    ['a', 'pass'],
    ['b', 'fail'],
  ]);
  await save('exempted', '2026-02-20T10:00:00Z', [
    ['a', 'pass'],
    ['b', 'fail'],
  ]);
  await save('raised', '2026-02-20T10:00:00Z', [
    ['a', 'pass'],
    ['b', 'pass'],
  ]);
  await save('elsewhere', '2026-02-20T10:00:00Z', [['x', 'fail']]);
  await save('staging', '2026-02-20T10:00:00Z', [
    ['a', 'fail'],
    ['b', 'fail'],
  ]);
  await save('retired', '2026-02-25T10:00:00Z', [
    ['a', 'pass'],
    ['b', 'pass'],
  ]);
  const exemption = await checksStore.requestExemption({
    entityRef: ref('exempted'),
    checkId: 'b',
    reason: 'migration planned',
    requestedBy: 'user:default/owner',
    expiresAt: t('2026-03-05T00:00:00Z'),
    now: t('2026-02-27T09:00:00Z'),
  });
  await checksStore.decide(
    exemption,
    ['pending'],
    'approved',
    'user:default/admin',
    t('2026-02-28T09:00:00Z'),
  );
  // On its first day the campaign holds retired: it remembers it.
  await service.detail('silver-in-march', t('2026-03-01T12:00:00Z'));
  await save('raised', '2026-03-02T15:00:00Z', [
    ['a', 'pass'],
    ['b', 'fail'],
  ]);
  await save('steady', '2026-03-03T10:00:00Z', [
    ['a', 'pass'],
    ['b', 'pass'],
  ]);
  await save('newcomer', '2026-03-04T08:00:00Z', [
    ['a', 'pass'],
    ['b', 'pass'],
  ]);
  // Retired leaves the catalog on 5 March.
  facts.delete(ref('retired'));
  await knex('qs_entity_presence').insert({
    entity_ref: ref('retired'),
    first_seen_at: t('2026-01-01T00:00:00Z'),
    missing_since: t('2026-03-05T09:00:00Z'),
    checked_at: t('2026-03-05T09:00:00Z'),
  });
  return { service, store, exemption };
}

describe.each(databases.eachSupportedId())(
  'CampaignService on %s',
  databaseId => {
    const now = t('2026-03-06T12:00:00Z');

    it('computes the daily series and today from the stored history', async () => {
      const { service, exemption } = await scenario(
        await databases.init(databaseId),
      );
      const detail = await service.detail('silver-in-march', now);
      expect(detail.series).toEqual([
        { date: '2026-03-01', inScope: 4, meeting: 2, exempted: 1 },
        { date: '2026-03-02', inScope: 4, meeting: 1, exempted: 1 },
        { date: '2026-03-03', inScope: 4, meeting: 2, exempted: 1 },
        { date: '2026-03-04', inScope: 5, meeting: 3, exempted: 1 },
        { date: '2026-03-05', inScope: 4, meeting: 2, exempted: 0 },
        { date: '2026-03-06', inScope: 4, meeting: 2, exempted: 0 },
      ]);
      expect(detail.campaign).toEqual(
        expect.objectContaining({
          id: 'silver-in-march',
          state: 'active',
          daysLeft: 4,
          closedAt: null,
          progress: { inScope: 4, meeting: 2, exempted: 0, notMeeting: 2 },
        }),
      );
      expect(detail.owners.map(o => [o.owner, o.meeting, o.inScope])).toEqual([
        ['group:default/team-a', 2, 2],
        ['group:default/team-b', 0, 2],
      ]);
      expect(detail.entities.map(e => [e.entityRef, e.standing])).toEqual([
        [ref('exempted'), 'not-meeting'],
        [ref('raised'), 'not-meeting'],
        [ref('newcomer'), 'meeting'],
        [ref('steady'), 'meeting'],
      ]);
      // Before the exemption expired, the entity counted as exempted, naming it.
      const before = await service.forEntities(
        [ref('exempted')],
        t('2026-03-04T12:00:00Z'),
      );
      expect(before.items.map(i => i.entities)).toEqual([
        [
          {
            entityRef: ref('exempted'),
            owner: 'group:default/team-b',
            standing: 'exempted',
            open: [
              {
                checkId: 'b',
                title: 'Check b',
                status: 'exempt',
                exemption: {
                  id: exemption,
                  expiresAt: '2026-03-05T00:00:00.000Z',
                },
              },
            ],
          },
        ],
      ]);
    });

    it('creates, changes and closes database campaigns', async () => {
      const { service } = await scenario(await databases.init(databaseId));
      const body = {
        id: 'bronze-now',
        title: 'Bronze now',
        owner: 'platform',
        target: { checks: ['a'] },
        startDate: '2026-03-01',
        dueDate: '2026-03-31',
        reminderDays: [7],
      };
      const created = await service.create(body, 'user:default/admin', now);
      expect(created).toEqual(
        expect.objectContaining({
          id: 'bronze-now',
          owner: 'group:default/platform',
          source: 'database',
          filter: {},
          // The entities of the catalog with a result of check a (retired has
          // left it): staging fails it.
          progress: { inScope: 5, meeting: 4, exempted: 0, notMeeting: 1 },
        }),
      );
      await expect(
        service.create(body, 'user:default/admin', now),
      ).rejects.toThrow("Campaign 'bronze-now' exists already");
      await expect(
        service.create({ ...body, id: 'silver-in-march' }, 'a', now),
      ).rejects.toMatchObject({
        name: 'ConflictError',
      });
      await expect(
        service.create({ ...body, target: { level: 'gold' } }, 'a', now),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: "target.level: unknown level 'gold' (known: bronze, silver)",
      });
      const { id, ...change } = {
        ...body,
        title: 'Bronze by April',
        dueDate: '2026-04-30',
      };
      const changed = await service.update(
        'bronze-now',
        change,
        'user:default/admin',
        now,
      );
      expect([changed.title, changed.dueDate, changed.daysLeft]).toEqual([
        'Bronze by April',
        '2026-04-30',
        55,
      ]);
      await expect(
        service.update('silver-in-march', change, 'a', now),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      await expect(
        service.update('nope', change, 'a', now),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        service.update('bronze-now', { ...change, id: 'other' }, 'a', now),
      ).rejects.toMatchObject({
        name: 'InputError',
      });
      const closed = await service.close(
        'bronze-now',
        'user:default/admin',
        t('2026-03-07T08:00:00Z'),
      );
      expect([closed.state, closed.closedAt]).toEqual([
        'closed',
        '2026-03-07T08:00:00.000Z',
      ]);
      await expect(service.close('bronze-now', 'a', now)).rejects.toMatchObject(
        { name: 'ConflictError' },
      );
      await expect(
        service.update('bronze-now', change, 'a', now),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      expect(
        (await service.list(t('2026-03-08T00:00:00Z'))).map(c => [
          c.id,
          c.source,
          c.state,
        ]),
      ).toEqual([
        ['silver-in-march', 'config', 'active'],
        ['bronze-now', 'database', 'closed'],
      ]);
      // The series of a closed campaign ends the day it closed.
      const detail = await service.detail(
        'bronze-now',
        t('2026-03-09T00:00:00Z'),
      );
      expect(detail.series.map(d => d.date).slice(-1)).toEqual(['2026-03-07']);
    });

    it('gives the earliest start of open campaigns as the floor of check history', async () => {
      const { service } = await scenario(await databases.init(databaseId));
      expect(await service.historyFloor(now)).toBe(t('2026-03-01T00:00:00Z'));
      // After the due date nothing holds history back.
      expect(
        await service.historyFloor(t('2026-03-11T00:00:00Z')),
      ).toBeUndefined();
    });

    it('hides the entities a caller may not read', async () => {
      const { service } = await scenario(await databases.init(databaseId));
      const visibility = {
        all: false as const,
        filter: async (refs: string[]) => refs.filter(r => r !== ref('raised')),
      };
      const detail = await service.detail('silver-in-march', now, visibility);
      expect(detail.campaign.progress).toEqual({
        inScope: 3,
        meeting: 2,
        exempted: 0,
        notMeeting: 1,
      });
      expect(detail.series.map(d => d.inScope)).toEqual([3, 3, 3, 4, 3, 3]);
    });
  },
);
