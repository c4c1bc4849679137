import { Entity } from '@backstage/catalog-model';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { deployment, incident, pullRequest } from '../__fixtures__/events';
import { createScorecardServices } from '../scorecards/scorecardServices';
import { OwnershipService } from '../scorecards/OwnershipService';
import { DEFAULT_SIGNAL_SETTINGS } from '../engine/spc/designs';
import {
  EntityIndex,
  GITHUB_SLUG_ANNOTATION,
  catalogAnnotationIndexLoader,
} from './EntityIndex';
import { IngestionService } from './IngestionService';
import {
  PATHS_ANNOTATION,
  SOURCE_LOCATION_ANNOTATION,
} from './monorepoAttribution';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ref = (name: string) => `component:default/${name}`;
const group = (name: string, parent?: string, children: string[] = []) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [
    ...(parent
      ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
      : []),
    ...children.map(c => ({
      type: 'parentOf',
      targetRef: `group:default/${c}`,
    })),
  ],
});
const component = (
  name: string,
  owner: string,
  annotations: Record<string, string>,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});
const MONO = 'acme/mono';

// One repository, four components: payments (shewhart.dev/paths), ledger (the
// sub-path of its source location), platform (the root, no claim), web
// (another owner); checkout has a repository of its own.
const ENTITIES = [
  group('engineering', undefined, ['payments-team', 'storefront-team']),
  group('payments-team', 'engineering'),
  group('storefront-team', 'engineering'),
  component('payments', 'payments-team', {
    [GITHUB_SLUG_ANNOTATION]: MONO,
    [PATHS_ANNOTATION]: 'services/payments/**',
  }),
  component('ledger', 'payments-team', {
    [GITHUB_SLUG_ANNOTATION]: 'Acme/Mono',
    [SOURCE_LOCATION_ANNOTATION]:
      'url:https://github.com/acme/mono/tree/main/services/ledger/',
  }),
  component('platform', 'payments-team', { [GITHUB_SLUG_ANNOTATION]: MONO }),
  component('web', 'storefront-team', {
    [GITHUB_SLUG_ANNOTATION]: MONO,
    [PATHS_ANNOTATION]: 'apps/web',
  }),
  component('checkout', 'storefront-team', {
    [GITHUB_SLUG_ANNOTATION]: 'acme/checkout',
  }),
] as unknown as Entity[];

const NOW = Date.parse('2026-03-08T00:00:00Z');
const WINDOW = {
  from: Date.parse('2026-03-02T00:00:00Z'),
  to: Date.parse('2026-03-09T00:00:00Z'),
};

const pr = (n: number, files: string[] | undefined, repository = MONO) =>
  pullRequest({
    id: `${repository}#${n}`,
    number: n,
    repository,
    author: `dev${n}`,
    files,
    createdAt: '2026-03-02T09:00:00Z',
    mergedAt: '2026-03-03T10:00:00Z',
    closedAt: '2026-03-03T10:00:00Z',
    commits: [
      { sha: `c0ffee${n}`, authoredAt: '2026-03-02T08:00:00Z', message: 'x' },
    ],
  });

async function setup(
  databaseId: Parameters<typeof databases.init>[0],
  entities: Entity[] = ENTITIES,
) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  const catalog = { current: catalogServiceMock({ entities }) };
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  const index = new EntityIndex(
    () => catalogAnnotationIndexLoader({ catalog: catalog.current, auth })(),
    { logger, refreshIntervalMs: 60_000, now: () => NOW },
  );
  const ingestion = new IngestionService(store, index, {
    logger,
    now: () => NOW,
  });
  const services = createScorecardServices(
    store,
    new OwnershipService(catalog.current, auth),
    {
      engine: { productionEnvironments: ['production', 'payments-production'] },
      aggregate: {
        minSampleSize: 1,
        timeToRestoreAggregation: 'median',
        baselineWeeks: 12,
        signals: DEFAULT_SIGNAL_SETTINGS,
      },
      seriesWeeks: 8,
      contextWeeks: 4,
      logger,
    },
  );
  const metric = (
    card: {
      metrics: Array<{
        id: string;
        numerator?: number;
        denominator?: number;
        n: number;
      }>;
    },
    id: string,
  ) => {
    const m = card.metrics.find(x => x.id === id)!;
    return id === 'change_failure_rate' ? m.denominator : m.numerator;
  };
  const entityValue = async (name: string, id: string) =>
    metric(await services.reader.entityScorecard(ref(name), WINDOW), id);
  const ownerValue = async (owner: string, id: string) =>
    metric(
      await services.reader.ownerScorecard(`group:default/${owner}`, WINDOW),
      id,
    );
  const attributions = async (table: string) =>
    Object.fromEntries(
      (
        await knex(table)
          .orderBy('external_id')
          .select('external_id', 'entity_ref')
      ).map(r => [r.external_id, r.entity_ref]),
    );
  const links = async () =>
    (
      await knex('qs_event_entities')
        .orderBy(['event_type', 'external_id', 'entity_ref'])
        .select()
    ).map(r => `${r.event_type} ${r.external_id} → ${r.entity_ref}`);
  return {
    knex,
    store,
    catalog,
    index,
    ingestion,
    services,
    entityValue,
    ownerValue,
    attributions,
    links,
  };
}

describe.each(databases.eachSupportedId())(
  'monorepo attribution on %p',
  databaseId => {
    it('attributes PRs touching one, two and no claimed paths, and counts them in each component and once per owner', async () => {
      const s = await setup(databaseId);
      const events: QualityEvent[] = [
        pr(1, ['services/payments/api.ts']),
        pr(2, ['services/payments/a.ts', 'services/ledger/b.ts', 'README.md']),
        pr(3, ['README.md']),
        pr(4, ['services/payments/x.ts', 'apps/web/index.ts']),
        pr(5, undefined), // a webhook PR: no file list yet
        pr(6, ['src/anything.ts'], 'acme/checkout'),
      ];
      expect(await s.ingestion.ingest(events)).toEqual({
        accepted: 6,
        duplicates: 0,
        unattributed: 1,
      });
      expect(await s.attributions('qs_pull_requests')).toEqual({
        'acme/checkout#6': ref('checkout'),
        'acme/mono#1': ref('payments'),
        'acme/mono#2': ref('ledger'),
        'acme/mono#3': ref('platform'),
        'acme/mono#4': ref('payments'),
        'acme/mono#5': null,
      });
      expect(await s.links()).toEqual([
        `pull_request acme/mono#2 → ${ref('ledger')}`,
        `pull_request acme/mono#2 → ${ref('payments')}`,
        `pull_request acme/mono#4 → ${ref('payments')}`,
        `pull_request acme/mono#4 → ${ref('web')}`,
      ]);
      expect(
        (await s.store.listDirty(10)).map(d => d.entityRef).sort(),
      ).toEqual(['checkout', 'ledger', 'payments', 'platform', 'web'].map(ref));

      await s.services.recompute.recomputeDirty(() => NOW);
      // Merged PRs, the numerator of PR throughput.
      const merged = await Promise.all(
        ['payments', 'ledger', 'platform', 'web', 'checkout'].map(n =>
          s.entityValue(n, 'pr_throughput'),
        ),
      );
      expect(merged).toEqual([3, 1, 1, 1, 1]);
      // PR 2 touches two components of payments-team: 4 PRs (1, 2, 3, 4), not 5;
      // engineering: 1–4 and 6, not 7.
      expect(await s.ownerValue('payments-team', 'pr_throughput')).toBe(4);
      expect(await s.ownerValue('storefront-team', 'pr_throughput')).toBe(2);
      expect(await s.ownerValue('engineering', 'pr_throughput')).toBe(5);

      // The file list arrives (the GitHub sync's version of the PR): PR 5 moves in.
      await s.ingestion.ingest([
        pr(5, ['services/ledger/fix.ts', 'apps/web/a.ts']),
      ]);
      expect((await s.attributions('qs_pull_requests'))['acme/mono#5']).toBe(
        ref('ledger'),
      );
      expect((await s.links()).filter(l => l.includes('#5'))).toEqual([
        `pull_request acme/mono#5 → ${ref('ledger')}`,
        `pull_request acme/mono#5 → ${ref('web')}`,
      ]);
      await s.services.recompute.recomputeDirty(() => NOW + 1);
      expect(await s.entityValue('ledger', 'pr_throughput')).toBe(2);
      expect(await s.entityValue('web', 'pr_throughput')).toBe(2);
      expect(await s.ownerValue('engineering', 'pr_throughput')).toBe(6);

      // Sent again touching payments only: it leaves ledger and web, whose scorecards change.
      await s.ingestion.ingest([pr(5, ['services/payments/z.ts'])]);
      expect((await s.links()).filter(l => l.includes('#5'))).toEqual([]);
      expect(
        (await s.store.listDirty(10)).map(d => d.entityRef).sort(),
      ).toEqual(['ledger', 'payments', 'web'].map(ref));
      await s.services.recompute.recomputeDirty(() => NOW + 2);
      expect(await s.entityValue('ledger', 'pr_throughput')).toBe(1);
      expect(await s.entityValue('payments', 'pr_throughput')).toBe(4);
    });

    it('gives a deployment naming its component to that one, and one naming none to every component, counted once per owner', async () => {
      const s = await setup(databaseId);
      await s.ingestion.ingest([
        deployment({
          id: 'd1',
          entityRef: undefined,
          repository: MONO,
          environment: 'payments-production',
          pullRequests: [],
        }),
        deployment({
          id: 'd2',
          entityRef: undefined,
          repository: MONO,
          environment: 'production',
          pullRequests: [],
        }),
        deployment({
          id: 'd3',
          entityRef: ref('web'),
          repository: MONO,
          environment: 'production',
          pullRequests: [],
        }),
        incident({
          id: 'i1',
          repository: MONO,
          createdAt: '2026-03-04T12:00:00Z',
          resolvedAt: '2026-03-04T13:00:00Z',
        }),
        incident({
          id: 'i2',
          repository: MONO,
          entityRef: ref('ledger'),
          createdAt: '2026-03-04T12:00:00Z',
        }),
      ]);
      expect(await s.attributions('qs_deployments')).toEqual({
        d1: ref('payments'),
        d2: ref('ledger'),
        d3: ref('web'),
      });
      expect(await s.attributions('qs_incidents')).toEqual({
        i1: ref('ledger'),
        i2: ref('ledger'),
      });
      expect(await s.links()).toEqual([
        ...['ledger', 'payments', 'platform', 'web'].map(
          n => `deployment d2 → ${ref(n)}`,
        ),
        ...['ledger', 'payments', 'platform', 'web'].map(
          n => `incident i1 → ${ref(n)}`,
        ),
      ]);
      await s.services.recompute.recomputeDirty(() => NOW);
      // Deployments (the denominator of the change failure rate).
      const deployments = await Promise.all(
        ['payments', 'ledger', 'platform', 'web'].map(n =>
          s.entityValue(n, 'change_failure_rate'),
        ),
      );
      expect(deployments).toEqual([2, 1, 1, 2]);
      expect(await s.ownerValue('payments-team', 'change_failure_rate')).toBe(
        2,
      );
      expect(await s.ownerValue('engineering', 'change_failure_rate')).toBe(3);
    });

    it('keeps a PR touching no claimed path unattributed without a root component, until a component claims it', async () => {
      const withoutRoot = ENTITIES.filter(e => e.metadata.name !== 'platform');
      const s = await setup(databaseId, withoutRoot);
      await s.ingestion.ingest([
        pr(7, ['tools/lint.sh']),
        pr(8, ['tools/x.sh', 'apps/web/y.ts']),
      ]);
      expect(await s.attributions('qs_pull_requests')).toEqual({
        'acme/mono#7': null,
        'acme/mono#8': ref('web'),
      });
      expect(await s.store.listUnattributed()).toEqual([
        expect.objectContaining({
          type: 'pull_request',
          repository: MONO,
          count: 1,
        }),
      ]);

      s.catalog.current = catalogServiceMock({
        entities: [
          ...withoutRoot,
          component('tools', 'payments-team', {
            [GITHUB_SLUG_ANNOTATION]: MONO,
            [PATHS_ANNOTATION]: 'tools/**',
          }),
          component('linters', 'payments-team', {
            [GITHUB_SLUG_ANNOTATION]: MONO,
            [PATHS_ANNOTATION]: 'tools/*.sh',
          }),
        ] as unknown as Entity[],
      });
      expect(await s.ingestion.reattribute()).toBe(1);
      expect(await s.attributions('qs_pull_requests')).toEqual({
        'acme/mono#7': ref('linters'),
        'acme/mono#8': ref('web'),
      });
      expect(await s.links()).toEqual([
        `pull_request acme/mono#7 → ${ref('linters')}`,
        `pull_request acme/mono#7 → ${ref('tools')}`,
      ]);
      expect(
        (await s.store.listDirty(10)).map(d => [d.entityRef, d.since]),
      ).toEqual(
        expect.arrayContaining([
          [ref('linters'), 0],
          [ref('tools'), 0],
        ]),
      );
    });

    it('leaves a repository of one entity as before: one entity_ref, no links', async () => {
      const s = await setup(databaseId);
      await s.ingestion.ingest([
        pr(9, ['a.ts'], 'acme/checkout'),
        pr(10, undefined, 'acme/checkout'),
        deployment({
          id: 'd9',
          entityRef: undefined,
          repository: 'acme/checkout',
          pullRequests: [],
        }),
      ]);
      expect(await s.attributions('qs_pull_requests')).toEqual({
        'acme/checkout#10': ref('checkout'),
        'acme/checkout#9': ref('checkout'),
      });
      expect(await s.attributions('qs_deployments')).toEqual({
        d9: ref('checkout'),
      });
      expect(await s.links()).toEqual([]);
      const loaded = await s.store.loadEntityEvents(ref('checkout'), 0);
      expect(loaded.pullRequests.map(p => [p.id, p.sharedKey])).toEqual([
        ['acme/checkout#10', undefined],
        ['acme/checkout#9', undefined],
      ]);
    });
  },
);
