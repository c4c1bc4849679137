import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { deployment } from '../__fixtures__/events';
import { EntityLifecycleService } from './EntityLifecycleService';
import {
  DAY,
  GRACE,
  DAY0,
  PAYMENTS,
  BILLING,
  payments,
  billing,
  counts,
  PAYMENTS_ROWS,
  NONE,
  recordingAuditor,
  world,
  setup,
} from './__testUtils__/lifecycleWorld';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'EntityLifecycleService on %p',
  databaseId => {
    const setupOn = async () => setup(await databases.init(databaseId));

    it('marks an entity that left the catalog missing: not recomputed, not rolled up, every row kept', async () => {
      const { knex, quality, billingRows } = await setupOn();
      const w = world(knex, quality, [billing]);
      expect(await w.lifecycle.run(DAY0)).toEqual({
        checked: 2,
        newlyMissing: [PAYMENTS],
        returned: [],
        renamed: [],
        deleted: [],
      });
      expect(await w.lifecycle.listMissing()).toEqual([
        {
          entityRef: PAYMENTS,
          missingSince: '2026-04-06T00:00:00.000Z',
          deleteAfter: '2026-05-06T00:00:00.000Z',
        },
      ]);
      // A later run keeps the first date.
      expect((await w.lifecycle.run(DAY0 + DAY)).newlyMissing).toEqual([]);
      expect((await w.lifecycle.listMissing())[0].missingSince).toBe(
        '2026-04-06T00:00:00.000Z',
      );

      // An event naming the entity still arrives: stored, but not recomputed.
      await quality.writeEvents(
        [{ ...deployment({ id: 'deploy-2' }), resolvedEntityRef: PAYMENTS }],
        { demo: false, now: DAY0 + DAY },
      );
      expect(await counts(knex, PAYMENTS)).toEqual({
        ...PAYMENTS_ROWS,
        qs_deployments: 2,
        qs_dirty_entities: 1,
      });
      expect(await w.recompute.recomputeDirty(() => DAY0 + DAY)).toBe(0);
      expect(await w.recompute.markAllForFullRecompute(DAY0 + DAY)).toBe(1);
      expect(await knex('qs_dirty_entities').pluck('entity_ref')).toEqual([
        BILLING,
      ]);
      expect(await w.recompute.recomputeDirty(() => DAY0 + DAY)).toBe(1);
      expect(await counts(knex, PAYMENTS)).toEqual({
        ...PAYMENTS_ROWS,
        qs_deployments: 2,
      });

      // The team's roll-up holds billing only.
      const breakdown = await w.reader.ownerBreakdown('group:default/team', {
        from: DAY0 - 60 * DAY,
        to: DAY0,
      });
      expect(breakdown.entities.map(e => e.entityRef)).toEqual([BILLING]);
      expect(await counts(knex, BILLING)).toEqual({
        ...billingRows,
        qs_snapshot_versions: 1,
      });
    });

    it('an entity back within the grace period loses nothing and is recomputed from the start', async () => {
      const { knex, quality } = await setupOn();
      await world(knex, quality, [billing]).lifecycle.run(DAY0);
      const back = world(knex, quality, [payments, billing]);
      expect(await back.lifecycle.run(DAY0 + 10 * DAY)).toEqual({
        checked: 2,
        newlyMissing: [],
        returned: [PAYMENTS],
        renamed: [],
        deleted: [],
      });
      expect(await back.lifecycle.listMissing()).toEqual([]);
      expect(await counts(knex, PAYMENTS)).toEqual({
        ...PAYMENTS_ROWS,
        qs_dirty_entities: 1,
      });
      expect(
        Number(
          (
            await knex('qs_dirty_entities')
              .where({ entity_ref: PAYMENTS })
              .first('since')
          ).since,
        ),
      ).toBe(0);
      expect(await back.recompute.recomputeDirty(() => DAY0 + 10 * DAY)).toBe(
        1,
      );
      // Still there long after the first grace period would have ended.
      expect((await back.lifecycle.run(DAY0 + 40 * DAY)).deleted).toEqual([]);
      expect(await counts(knex, PAYMENTS)).toEqual(PAYMENTS_ROWS);
    });

    it('deletes every row of an entity gone longer than the grace period, except its exemptions and their audit', async () => {
      const { knex, quality, billingRows } = await setupOn();
      const { auditor, events } = recordingAuditor();
      const gone = world(knex, quality, [billing], auditor);
      await gone.lifecycle.run(DAY0);
      // Exactly at the end of the period: still inside it.
      expect((await gone.lifecycle.run(DAY0 + GRACE)).deleted).toEqual([]);
      expect(await counts(knex, PAYMENTS)).toEqual(PAYMENTS_ROWS);
      const result = await gone.lifecycle.run(DAY0 + 31 * DAY);
      const {
        qs_exemptions: _kept,
        qs_entity_presence: _tracked,
        ...deletedRows
      } = PAYMENTS_ROWS;
      expect(result.deleted).toEqual([
        { entityRef: PAYMENTS, rows: deletedRows },
      ]);
      expect(await counts(knex, PAYMENTS)).toEqual({
        ...NONE,
        qs_exemptions: 1,
      });
      expect(
        await knex('qs_exemption_audit')
          .count({ n: '*' })
          .then(r => Number(r[0].n)),
      ).toBe(1);
      expect(await counts(knex, BILLING)).toEqual(billingRows);
      expect(await gone.lifecycle.listMissing()).toEqual([]);
      expect(events).toEqual([
        {
          eventId: 'entity-data-deleted',
          meta: {
            entityRef: PAYMENTS,
            missingSince: '2026-04-06T00:00:00.000Z',
            rows: deletedRows,
          },
          outcome: 'success',
        },
      ]);
      // Nothing is left to delete or to mark.
      expect(await gone.lifecycle.run(DAY0 + 32 * DAY)).toEqual({
        checked: 1,
        newlyMissing: [],
        returned: [],
        renamed: [],
        deleted: [],
      });
    });

    it('hands an event shared with a live entity (monorepo) over to it instead of deleting it', async () => {
      const { knex, quality } = await setupOn();
      const shared = {
        event_type: 'pull_request',
        source: 'github',
        external_id: 'acme/payments#17',
      };
      await knex('qs_event_entities').insert([
        { ...shared, entity_ref: BILLING },
        { ...shared, entity_ref: PAYMENTS },
      ]);
      const gone = world(knex, quality, [billing]);
      await gone.lifecycle.run(DAY0);
      const [deleted] = (await gone.lifecycle.run(DAY0 + 31 * DAY)).deleted;
      expect(deleted.rows).toEqual(
        expect.objectContaining({
          qs_pull_requests: 0,
          qs_deployments: 1,
          qs_incidents: 1,
          qs_event_entities: 1,
        }),
      );
      expect(
        await knex('qs_pull_requests')
          .where({ external_id: 'acme/payments#17' })
          .pluck('entity_ref'),
      ).toEqual([BILLING]);
      expect(await knex('qs_event_entities').pluck('entity_ref')).toEqual([
        BILLING,
      ]);
      expect(await counts(knex, PAYMENTS)).toEqual({
        ...NONE,
        qs_exemptions: 1,
      });
    });

    it('marks nothing when the catalog fails, even after a batch that answered', async () => {
      const { knex, quality } = await setupOn();
      const w = world(knex, quality, [payments, billing]);
      const lifecycle = new EntityLifecycleService(
        {
          store: w.lifecycleStore,
          catalog: catalogServiceMock.mock({
            getEntitiesByRefs: jest
              .fn()
              .mockResolvedValueOnce({ items: [undefined] })
              .mockRejectedValueOnce(new Error('catalog unavailable')),
          }),
          auth: mockServices.auth(),
          annotationIndex: async () => ({
            repositories: new Map(),
            pagerDutyServices: new Map(),
          }),
          logger: mockServices.logger.mock(),
        },
        { graceMs: GRACE, catalogBatchSize: 1 },
      );
      const presence = await knex('qs_entity_presence').orderBy('entity_ref');
      await expect(lifecycle.run(DAY0 + 40 * DAY)).rejects.toThrow(
        'catalog unavailable',
      );
      expect(await knex('qs_entity_presence').orderBy('entity_ref')).toEqual(
        presence,
      );
      expect(await w.lifecycle.listMissing()).toEqual([]);
      expect(await counts(knex, PAYMENTS)).toEqual(PAYMENTS_ROWS);
    });
  },
);
