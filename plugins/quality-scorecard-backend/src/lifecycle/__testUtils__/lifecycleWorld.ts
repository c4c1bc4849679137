/* The plugin's parts over a test database, and the data every lifecycle test starts from. */
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import type { AuditorService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DatabaseQualityStore } from '../../database/DatabaseQualityStore';
import { deployment, incident, pullRequest } from '../../__fixtures__/events';
import {
  EntityIndex,
  catalogAnnotationIndexLoader,
} from '../../ingest/EntityIndex';
import { OwnershipService } from '../../scorecards/OwnershipService';
import { createScorecardServices } from '../../scorecards/scorecardServices';
import { DEFAULT_SIGNAL_SETTINGS } from '../../engine/spc/designs';
import { EntityLifecycleStore } from '../EntityLifecycleStore';
import { EntityLifecycleService } from '../EntityLifecycleService';

export const DAY = 86_400_000;
export const GRACE = 30 * DAY;
/** A Monday, a month after the events. */
export const DAY0 = Date.parse('2026-04-06T00:00:00Z');

export const PAYMENTS = 'component:default/payments';
export const PAYMENTS_API = 'component:default/payments-api';
export const PAYMENTS_WEB = 'component:default/payments-web';
export const PAYMENTS_WORKER = 'component:default/payments-worker';
export const BILLING = 'component:default/billing';

export const TEAM = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team', namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [],
};
export const component = (
  name: string,
  annotations: Record<string, string>,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team' }],
});
export const SLUG = 'github.com/project-slug';
export const PD = 'pagerduty.com/service-id';
export const payments = component('payments', {
  [SLUG]: 'acme/payments',
  [PD]: 'PAYAPI1',
});
export const billing = component('billing', { [SLUG]: 'acme/billing' });

/** Every table keyed by entity, in the order counts() lists them. */
export const TABLES = [
  'qs_pull_requests',
  'qs_deployments',
  'qs_incidents',
  'qs_bugs',
  'qs_snapshots',
  'qs_snapshot_versions',
  'qs_scorecard_documents',
  'qs_check_results',
  'qs_check_history',
  'qs_signal_episodes',
  'qs_baselines',
  'qs_dirty_entities',
  'qs_event_entities',
  'qs_exemptions',
  'qs_entity_presence',
];

export async function counts(
  knex: Knex,
  ref: string,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const [{ n }] = await knex(table)
      .where({ entity_ref: ref })
      .count({ n: '*' });
    out[table] = Number(n);
  }
  return out;
}

/** What setup() stores for payments: 3 events, the snapshot of their one week (of 2026-03-02) and its version, checks, an episode, a baseline and an exemption. */
export const PAYMENTS_ROWS = {
  qs_pull_requests: 1,
  qs_deployments: 1,
  qs_incidents: 1,
  qs_bugs: 0,
  qs_snapshots: 1,
  qs_snapshot_versions: 1,
  qs_scorecard_documents: 0,
  qs_check_results: 1,
  qs_check_history: 2,
  qs_signal_episodes: 1,
  qs_baselines: 1,
  qs_dirty_entities: 0,
  qs_event_entities: 0,
  qs_exemptions: 1,
  qs_entity_presence: 1,
};
export const NONE = Object.fromEntries(TABLES.map(t => [t, 0]));

export function recordingAuditor() {
  const events: Array<{ eventId: string; meta: unknown; outcome: string }> = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      return {
        async success(o) {
          events.push({
            eventId: options.eventId,
            meta: o?.meta,
            outcome: 'success',
          });
        },
        async fail(o) {
          events.push({
            eventId: options.eventId,
            meta: o.meta,
            outcome: 'fail',
          });
        },
      };
    },
  };
  return { auditor, events };
}

/** The plugin's parts over one database and a catalog holding `entities`. */
export function world(
  knex: Knex,
  quality: DatabaseQualityStore,
  entities: object[],
  auditor?: AuditorService,
) {
  const catalog = catalogServiceMock({
    entities: [TEAM, ...entities] as any,
  });
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  const lifecycleStore = new EntityLifecycleStore(knex);
  const entityIndex = new EntityIndex(
    catalogAnnotationIndexLoader({ catalog, auth }),
    {
      logger,
      refreshIntervalMs: 60_000,
    },
  );
  const services = createScorecardServices(
    quality,
    new OwnershipService(catalog, auth),
    {
      engine: { productionEnvironments: ['production'] },
      aggregate: {
        minSampleSize: 5,
        timeToRestoreAggregation: 'median',
        baselineWeeks: 12,
        signals: DEFAULT_SIGNAL_SETTINGS,
      },
      seriesWeeks: 26,
      presence: lifecycleStore,
      logger,
    },
  );
  const lifecycle = new EntityLifecycleService(
    {
      store: lifecycleStore,
      catalog,
      auth,
      annotationIndex: () => entityIndex.current(),
      logger,
      auditor,
    },
    { graceMs: GRACE, catalogBatchSize: 2, deleteBatchSize: 1 },
  );
  return { ...services, lifecycle, lifecycleStore, catalog };
}

/** payments and billing with events and snapshots, seen in the catalog on DAY0 - 1 day. */
export async function setup(knex: Knex) {
  const quality = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  await quality.writeEvents(
    [
      { ...pullRequest(), resolvedEntityRef: PAYMENTS },
      { ...deployment(), resolvedEntityRef: PAYMENTS },
      { ...incident(), resolvedEntityRef: PAYMENTS },
      {
        ...pullRequest({
          id: 'acme/billing#3',
          repository: 'acme/billing',
          number: 3,
          url: 'https://github.com/acme/billing/pull/3',
        }),
        resolvedEntityRef: BILLING,
      },
    ],
    { demo: false, now: DAY0 - 2 * DAY },
  );
  const before = world(knex, quality, [payments, billing]);
  expect(await before.recompute.recomputeDirty(() => DAY0 - 2 * DAY)).toBe(2);
  await knex('qs_check_results').insert({
    entity_ref: PAYMENTS,
    check_id: 'cfr',
    status: 'fail',
    value: 0.5,
    n: 2,
    reason: 'above 0.15',
    evaluated_at: DAY0 - 2 * DAY,
  });
  await knex('qs_check_history').insert([
    {
      entity_ref: PAYMENTS,
      check_id: 'cfr',
      status: 'pass',
      value: 0.1,
      at: DAY0 - 9 * DAY,
    },
    {
      entity_ref: PAYMENTS,
      check_id: 'cfr',
      status: 'fail',
      value: 0.5,
      at: DAY0 - 2 * DAY,
    },
  ]);
  await knex('qs_signal_episodes').insert({
    entity_ref: PAYMENTS,
    kind: 'signal',
    subject: 'change_failure_rate',
    rule: 'beyond-limits',
    side: 'above',
    start_at: DAY0 - 7 * DAY,
    end_at: DAY0 - 7 * DAY,
    status: 'open',
    delivery: 'sent',
    owner_ref: 'group:default/team',
    severity: 'high',
    title: 't',
    summary: 's',
    detail: '{}',
    link: '/x',
    first_seen_at: DAY0 - 2 * DAY,
  });
  await knex('qs_baselines').insert({
    entity_ref: PAYMENTS,
    metric: null,
    from_week: DAY0 - 14 * DAY,
    reason: 'new pipeline',
    started_by: 'user:default/ada',
    started_at: DAY0 - 2 * DAY,
  });
  const [exemption] = await knex('qs_exemptions')
    .insert({
      entity_ref: PAYMENTS,
      check_id: 'cfr',
      reason: 'migration in progress',
      requested_by: 'user:default/ada',
      requested_at: DAY0 - 2 * DAY,
      expires_at: DAY0 + 60 * DAY,
      status: 'approved',
    })
    .returning('id');
  await knex('qs_exemption_audit').insert({
    exemption_id: typeof exemption === 'object' ? exemption.id : exemption,
    action: 'approve',
    actor: 'user:default/grace',
    at: DAY0 - 2 * DAY,
  });
  expect((await before.lifecycle.run(DAY0 - DAY)).newlyMissing).toEqual([]);
  const billingRows = await counts(knex, BILLING);
  expect(await counts(knex, PAYMENTS)).toEqual(PAYMENTS_ROWS);
  return { knex, quality, billingRows };
}
