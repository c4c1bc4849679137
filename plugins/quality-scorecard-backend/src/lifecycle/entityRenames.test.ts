import { TestDatabases } from '@backstage/backend-test-utils';
import { deployment } from '../__fixtures__/events';
import {
  DAY,
  DAY0,
  PAYMENTS,
  PAYMENTS_API,
  PAYMENTS_WEB,
  PAYMENTS_WORKER,
  BILLING,
  component,
  SLUG,
  PD,
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
  'Entity renames on %p',
  databaseId => {
    const setupOn = async () => setup(await databases.init(databaseId));

    it('moves the history of a renamed entity to its new ref', async () => {
      const { knex, quality, billingRows } = await setupOn();
      const { auditor, events } = recordingAuditor();
      const renamed = component('payments-api', {
        [SLUG]: 'acme/payments',
        [PD]: 'PAYAPI1',
      });
      const w = world(knex, quality, [renamed, billing], auditor);
      const result = await w.lifecycle.run(DAY0);
      const moved = {
        qs_pull_requests: 1,
        qs_deployments: 1,
        qs_incidents: 1,
        qs_bugs: 0,
        qs_check_history: 2,
        qs_baselines: 1,
        qs_exemptions: 1,
        qs_snapshots: 1,
        qs_check_results: 1,
        qs_signal_episodes: 1,
        qs_event_entities: 0,
      };
      expect(result).toEqual({
        checked: 2,
        newlyMissing: [PAYMENTS],
        returned: [],
        renamed: [{ from: PAYMENTS, to: PAYMENTS_API, rows: moved }],
        deleted: [],
      });
      expect(await counts(knex, PAYMENTS)).toEqual(NONE);
      expect(await counts(knex, PAYMENTS_API)).toEqual({
        ...PAYMENTS_ROWS,
        qs_dirty_entities: 1,
        qs_entity_presence: 0,
      });
      expect(
        Number(
          (
            await knex('qs_snapshot_versions')
              .where({ entity_ref: PAYMENTS_API })
              .first()
          ).version,
        ),
      ).toBe(2);
      expect(
        await knex('qs_exemption_audit')
          .count({ n: '*' })
          .then(r => Number(r[0].n)),
      ).toBe(1);
      expect(events).toEqual([
        {
          eventId: 'entity-renamed',
          meta: { from: PAYMENTS, to: PAYMENTS_API, rows: moved },
          outcome: 'success',
        },
      ]);
      // The new ref is recomputed from the moved events: the same weeks.
      expect(await w.recompute.recomputeDirty(() => DAY0)).toBe(1);
      expect(await counts(knex, PAYMENTS_API)).toEqual({
        ...PAYMENTS_ROWS,
        qs_snapshot_versions: 1,
        qs_entity_presence: 0,
      });
      expect(
        Number(
          (
            await knex('qs_snapshot_versions')
              .where({ entity_ref: PAYMENTS_API })
              .first()
          ).version,
        ),
      ).toBe(3);
      expect(await counts(knex, BILLING)).toEqual(billingRows);
      // The next run sees the new ref present, nothing missing.
      expect(await w.lifecycle.run(DAY0 + DAY)).toEqual({
        checked: 2,
        newlyMissing: [],
        returned: [],
        renamed: [],
        deleted: [],
      });
    });

    it('a rename onto a ref with rows of its own keeps the new ref’s rows where both have one, and moves the rest', async () => {
      const { knex, quality } = await setupOn();
      const renamed = component('payments-api', { [SLUG]: 'acme/payments' });
      // Events of the new name arrived before the run: same week, same check, same episode.
      await quality.writeEvents(
        [
          {
            ...deployment({
              id: 'deploy-api-1',
              entityRef: PAYMENTS_API,
              finishedAt: '2026-03-05T10:00:00Z',
            }),
            resolvedEntityRef: PAYMENTS_API,
          },
        ],
        { demo: false, now: DAY0 - DAY },
      );
      const w = world(knex, quality, [renamed, billing]);
      expect(await w.recompute.recomputeDirty(() => DAY0 - DAY)).toBe(1);
      await knex('qs_check_results').insert({
        entity_ref: PAYMENTS_API,
        check_id: 'cfr',
        status: 'pass',
        value: 0,
        n: 1,
        reason: 'below 0.15',
        evaluated_at: DAY0 - DAY,
      });
      const episode = await knex('qs_signal_episodes')
        .where({ entity_ref: PAYMENTS })
        .first();
      const { id: _id, ...copy } = episode;
      await knex('qs_signal_episodes').insert({
        ...copy,
        entity_ref: PAYMENTS_API,
      });

      const result = await w.lifecycle.run(DAY0);
      expect(result.renamed).toEqual([
        {
          from: PAYMENTS,
          to: PAYMENTS_API,
          rows: {
            qs_pull_requests: 1,
            qs_deployments: 1,
            qs_incidents: 1,
            qs_bugs: 0,
            qs_check_history: 2,
            qs_baselines: 1,
            qs_exemptions: 1,
            qs_snapshots: 0,
            qs_check_results: 0,
            qs_signal_episodes: 0,
            qs_event_entities: 0,
          },
        },
      ]);
      expect(await counts(knex, PAYMENTS)).toEqual(NONE);
      expect(await counts(knex, PAYMENTS_API)).toEqual({
        ...PAYMENTS_ROWS,
        qs_deployments: 2,
        qs_dirty_entities: 1,
      });
      expect(
        await knex('qs_check_results')
          .where({ entity_ref: PAYMENTS_API })
          .pluck('status'),
      ).toEqual(['pass']);
      expect(await w.recompute.recomputeDirty(() => DAY0)).toBe(1);
      const events = await quality.loadEntityEvents(PAYMENTS_API, 0);
      expect(events.deployments.map(d => d.id).sort()).toEqual([
        'deploy-1',
        'deploy-api-1',
      ]);
      expect(events.pullRequests.map(p => p.id)).toEqual(['acme/payments#17']);
      expect(await counts(knex, PAYMENTS_API)).toEqual({
        ...PAYMENTS_ROWS,
        qs_deployments: 2,
      });
    });

    it('two live components with the same slug are a monorepo: nothing missing, nothing moved', async () => {
      const { knex, quality } = await setupOn();
      const web = component('payments-web', { [SLUG]: 'acme/payments' });
      const w = world(knex, quality, [payments, web, billing]);
      expect(await w.lifecycle.run(DAY0)).toEqual({
        checked: 2,
        newlyMissing: [],
        returned: [],
        renamed: [],
        deleted: [],
      });
      expect(await counts(knex, PAYMENTS)).toEqual(PAYMENTS_ROWS);
      expect(await counts(knex, PAYMENTS_WEB)).toEqual(NONE);
    });

    it('an entity gone while two live components carry its slug is not renamed', async () => {
      const { knex, quality } = await setupOn();
      const web = component('payments-web', { [SLUG]: 'acme/payments' });
      const worker = component('payments-worker', { [SLUG]: 'acme/payments' });
      const w = world(knex, quality, [web, worker, billing]);
      const result = await w.lifecycle.run(DAY0);
      expect(result.newlyMissing).toEqual([PAYMENTS]);
      expect(result.renamed).toEqual([]);
      expect(await counts(knex, PAYMENTS)).toEqual(PAYMENTS_ROWS);
      expect(await counts(knex, PAYMENTS_WEB)).toEqual(NONE);
      expect(await counts(knex, PAYMENTS_WORKER)).toEqual(NONE);
    });

    it('an entity gone while two live components carry its PagerDuty service is not renamed', async () => {
      const { knex, quality } = await setupOn();
      // The index names one of them; the catalog shows both.
      const ops = component('payments-ops', { [PD]: 'PAYAPI1' });
      const oncall = component('payments-oncall', { [PD]: 'PAYAPI1' });
      const result = await world(knex, quality, [
        ops,
        oncall,
        billing,
      ]).lifecycle.run(DAY0);
      expect(result.newlyMissing).toEqual([PAYMENTS]);
      expect(result.renamed).toEqual([]);
      expect(await counts(knex, PAYMENTS)).toEqual(PAYMENTS_ROWS);
    });

    it('a component that lived beside the one that left is not its new name', async () => {
      const { knex, quality } = await setupOn();
      const web = component('payments-web', { [SLUG]: 'acme/payments' });
      // payments-web has data of its own and is seen beside payments.
      await quality.writeEvents(
        [
          {
            ...deployment({ id: 'web-1', entityRef: PAYMENTS_WEB }),
            resolvedEntityRef: PAYMENTS_WEB,
          },
        ],
        { demo: false, now: DAY0 - DAY },
      );
      await world(knex, quality, [payments, web, billing]).lifecycle.run(
        DAY0 - DAY / 2,
      );
      const w = world(knex, quality, [web, billing]);
      const result = await w.lifecycle.run(DAY0);
      expect(result.newlyMissing).toEqual([PAYMENTS]);
      expect(result.renamed).toEqual([]);
      expect(await counts(knex, PAYMENTS)).toEqual(PAYMENTS_ROWS);
    });
  },
);
