import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { generateDemoEvents } from '../demo/demoData';
import { pullRequest, deployment, incident } from '../__fixtures__/events';
import { createScorecardServices } from './scorecardServices';
import { OwnershipService } from '../scorecards/OwnershipService';
import { defaultPolicies, sizeLimitRule } from '../engine/policy';
import { DEFAULT_SIGNAL_SETTINGS } from '../engine/spc/designs';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const group = (name: string, parent?: string, children: string[] = []) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', profile: { displayName: name }, children: [] },
  relations: [
    ...(parent ? [{ type: 'childOf', targetRef: `group:default/${parent}` }] : []),
    ...children.map(c => ({ type: 'parentOf', targetRef: `group:default/${c}` })),
  ],
});
const component = (name: string, owner: string, tags: string[] = []) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', tags },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

// engineering → payments-team → fraud-team; engineering → storefront-team
const ENTITIES = [
  group('engineering', undefined, ['payments-team', 'storefront-team']),
  group('payments-team', 'engineering', ['fraud-team']),
  group('fraud-team', 'payments-team'),
  group('storefront-team', 'engineering'),
  component('payments-api', 'payments-team', ['pci']),
  component('ledger', 'payments-team'),
  component('fraud-scoring', 'fraud-team'),
  component('checkout-web', 'storefront-team'),
];

async function setup(databaseId: Parameters<typeof databases.init>[0], policies = defaultPolicies()) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseQualityStore.create({ database: { getClient: async () => knex } });
  const ownership = new OwnershipService(
    catalogServiceMock({ entities: ENTITIES as any }),
    mockServices.auth(),
  );
  const service = createScorecardServices(store, ownership, {
    engine: { productionEnvironments: ['production'] },
    policies,
    aggregate: { minSampleSize: 5, timeToRestoreAggregation: 'median', baselineWeeks: 12, signals: DEFAULT_SIGNAL_SETTINGS },
    seriesWeeks: 26,
    contextWeeks: 4,
    logger: mockServices.logger.mock(),
  });
  const write = (events: QualityEvent[], now: number) =>
    store.writeEvents(
      events.map(e => ({ ...e, resolvedEntityRef: e.entityRef ?? 'component:default/payments-api' })),
      { demo: false, now },
    );
  return { knex, store, service, write };
}

const snapshotsOf = async (knex: any) =>
  (await knex('qs_snapshots').orderBy(['entity_ref', 'week_start']))
    .map((r: any) => ({ ref: r.entity_ref, week: Number(r.week_start), stats: JSON.parse(r.stats) }));

const END = Date.parse('2026-11-23T00:00:00Z'); // a Monday
const DAY = 86_400_000;

describe.each(databases.eachSupportedId())('scorecard services (recompute and reader) on %p', databaseId => {
  it('an incremental recompute writes the same snapshots as a full one, touching fewer weeks', async () => {
    const { knex, store, service, write } = await setup(databaseId);
    await write(generateDemoEvents({ endAt: END }), END);
    expect(await service.recompute.recomputeDirty(() => END)).toBe(8);
    const fullWeeks = await service.recompute.recomputeEntity('component:default/payments-api', END);
    expect(fullWeeks).toBe(26);

    // New activity in the last two weeks: a PR, the deployment that ships it,
    // an incident linked to that deployment (no causedBy), and a revert of
    // a PR merged ten days earlier.
    const ref = 'component:default/payments-api';
    const prs = (await store.loadEntityEvents(ref, END - 14 * DAY)).pullRequests.filter(p => p.mergedAt !== null);
    const earlier = prs.find(p => p.mergedAt! < END - 10 * DAY)!;
    const at = (d: number) => new Date(END - d * DAY).toISOString();
    const fresh: QualityEvent[] = [
      pullRequest({ id: 'new#1', number: 9001, entityRef: ref, createdAt: at(3), mergedAt: at(2.9), closedAt: at(2.9), commits: [{ sha: 'f00d01', authoredAt: at(3.2), message: 'Speed up' }], mergedBy: 'ada', mergeCommitSha: 'f00d02' }),
      deployment({ id: 'new-deploy', entityRef: ref, finishedAt: at(2.5), startedAt: at(2.6), pullRequests: [9001] }),
      incident({ id: 'new-incident', entityRef: ref, createdAt: at(2), resolvedAt: at(1.9), causedBy: undefined }),
      pullRequest({ id: 'new#2', number: 9002, entityRef: ref, title: 'Revert', createdAt: at(1), mergedAt: at(0.9), closedAt: at(0.9), reverts: earlier.number, commits: [{ sha: 'f00d03', authoredAt: at(1.1), message: 'Revert' }], mergeCommitSha: 'f00d04' }),
    ];
    await write(fresh, END + 1);
    const [dirty] = await store.listDirty(10);
    expect(dirty.entityRef).toBe(ref);
    const incrementalWeeks = await service.recompute.recomputeEntity(ref, END + 1, dirty.since);
    await store.clearDirty(ref, dirty.markedAt);
    // The revert's target was merged within the context: 4 weeks before the touched week and after.
    expect(incrementalWeeks).toBeLessThan(fullWeeks);
    expect(incrementalWeeks).toBeGreaterThanOrEqual(5);
    const incremental = await snapshotsOf(knex);

    await service.recompute.markAllForFullRecompute(END + 2);
    expect(await service.recompute.recomputeDirty(() => END + 2)).toBe(8);
    expect(await snapshotsOf(knex)).toEqual(incremental);
  });

  it('compares AI-assisted and other PRs with exact counts, and lists violations with signals', async () => {
    const { service, write } = await setup(databaseId);
    const ref = 'component:default/payments-api';
    const aiTrailer = '\n\nCo-authored-by: Claude <noreply@anthropic.com>';
    const base = { entityRef: ref, createdAt: '2026-03-02T09:00:00Z', closedAt: '2026-03-03T10:00:00Z', mergedAt: '2026-03-03T10:00:00Z' };
    const approved = [{ reviewer: 'grace', state: 'APPROVED' as const, submittedAt: '2026-03-03T09:00:00Z' }];
    await write(
      [
        // AI, approved, shipped by d1 which an incident follows.
        pullRequest({ ...base, id: 'p1', number: 1, commits: [{ sha: 'aa01', authoredAt: '2026-03-02T08:00:00Z', message: `One${aiTrailer}` }], reviews: approved, mergedBy: 'ada', mergeCommitSha: 'bb01' }),
        // AI, not approved, merged by its author: violates both default rules; reverted by p5.
        pullRequest({ ...base, id: 'p2', number: 2, commits: [{ sha: 'aa02', authoredAt: '2026-03-02T08:00:00Z', message: `Two${aiTrailer}` }], reviews: [], mergedBy: 'ada', mergeCommitSha: 'bb02' }),
        // Not AI, approved, cycle time 25 h.
        pullRequest({ ...base, id: 'p3', number: 3, commits: [{ sha: 'aa03', authoredAt: '2026-03-02T08:00:00Z', message: 'Three' }], reviews: approved, mergedBy: 'ada', mergeCommitSha: 'bb03' }),
        // Not AI, not approved, merged 2026-03-04 10:00 (cycle 49 h).
        pullRequest({ ...base, id: 'p4', number: 4, mergedAt: '2026-03-04T10:00:00Z', closedAt: '2026-03-04T10:00:00Z', commits: [{ sha: 'aa04', authoredAt: '2026-03-02T08:00:00Z', message: 'Four' }], reviews: [], mergedBy: 'grace', mergeCommitSha: 'bb04' }),
        // Not AI, approved, reverts p2, merged 2026-03-05 10:00 (cycle 73 h).
        pullRequest({ ...base, id: 'p5', number: 5, mergedAt: '2026-03-05T10:00:00Z', closedAt: '2026-03-05T10:00:00Z', reverts: 2, commits: [{ sha: 'aa05', authoredAt: '2026-03-02T08:00:00Z', message: 'Revert two' }], reviews: approved, mergedBy: 'ada', mergeCommitSha: 'bb05' }),
        deployment({ id: 'd1', entityRef: ref, finishedAt: '2026-03-03T12:00:00Z', startedAt: '2026-03-03T11:50:00Z', pullRequests: [1, 2, 3] }),
        deployment({ id: 'd2', entityRef: ref, finishedAt: '2026-03-04T12:00:00Z', startedAt: '2026-03-04T11:50:00Z', pullRequests: [4] }),
        // Linked to d1 (the last deployment before it): attributed to PRs 1, 2 and 3.
        incident({ id: 'i1', entityRef: ref, createdAt: '2026-03-03T18:00:00Z', resolvedAt: '2026-03-03T19:00:00Z', causedBy: undefined }),
        // Names PR 4.
        incident({ id: 'i2', entityRef: ref, createdAt: '2026-03-05T18:00:00Z', resolvedAt: '2026-03-05T19:00:00Z', causedBy: { pullRequest: 4 } }),
      ],
      Date.parse('2026-03-06T00:00:00Z'),
    );
    await service.recompute.recomputeDirty(() => Date.parse('2026-03-06T00:00:00Z'));
    const card = await service.reader.entityScorecard(ref, {
      from: Date.parse('2026-03-02T00:00:00Z'),
      to: Date.parse('2026-03-09T00:00:00Z'),
    });
    expect(card.aiComparison).toEqual({
      ai: { pullRequests: 2, incidents: 2, reverted: 1, reviewed: 1, incidentsPerPr: 1, revertRate: 0.5, reviewCoverage: 0.5, cycleTime: 25 * 3600 },
      nonAi: { pullRequests: 3, incidents: 2, reverted: 0, reviewed: 2, incidentsPerPr: 2 / 3, revertRate: 0, reviewCoverage: 2 / 3, cycleTime: 49 * 3600 },
    });
    expect(card.aiPolicy.applicable).toBe(2);
    expect(card.aiPolicy.compliant).toBe(1);
    expect(card.aiPolicy.rate).toBe(0.5);
    expect(card.aiPolicy.violations).toHaveLength(1);
    expect(card.aiPolicy.violations[0]).toMatchObject({
      pullRequest: 2,
      entityRef: ref,
      author: 'ada',
      policy: 'default',
      mergedAt: '2026-03-03T10:00:00.000Z',
      rules: [
        { id: 'human-approvals', reason: '0 approvals from humans other than ada (needs 1)' },
        { id: 'no-self-merge', reason: 'ada merged their own PR without an approval from anyone else' },
      ],
    });
    expect(card.aiPolicy.violations[0].confidence).toBeGreaterThan(0.5);
    expect(card.aiPolicy.violations[0].signals!.join(' ')).toContain('noreply@anthropic.com');
    const metric = (id: string) => card.metrics.find(m => m.id === id)!;
    expect(metric('ai_assisted_share')).toMatchObject({ value: 2 / 5, numerator: 2, denominator: 5 });
    expect(metric('ai_policy_compliance')).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
  });

  it('applies a filtered policy only to the entities it selects', async () => {
    const pciOnly = [
      {
        id: 'pci',
        title: 'PCI services keep AI changes small',
        appliesTo: 'all' as const,
        minConfidence: 0,
        filter: { tags: ['pci'] },
        rules: [{ rule: sizeLimitRule, options: { maxChangedLines: 100 } }],
      },
    ];
    const { service, write } = await setup(databaseId, pciOnly);
    const week = { createdAt: '2026-03-02T09:00:00Z', mergedAt: '2026-03-03T10:00:00Z', closedAt: '2026-03-03T10:00:00Z', additions: 300, deletions: 0 };
    await write(
      [
        pullRequest({ ...week, id: 'a', number: 1, entityRef: 'component:default/payments-api' }),
        pullRequest({ ...week, id: 'b', number: 1, entityRef: 'component:default/ledger' }),
      ],
      Date.parse('2026-03-06T00:00:00Z'),
    );
    await service.recompute.recomputeDirty(() => Date.parse('2026-03-06T00:00:00Z'));
    const window = { from: Date.parse('2026-03-02T00:00:00Z'), to: Date.parse('2026-03-09T00:00:00Z') };
    const pci = await service.reader.entityScorecard('component:default/payments-api', window);
    const ledger = await service.reader.entityScorecard('component:default/ledger', window);
    expect(pci.aiPolicy).toMatchObject({ applicable: 1, compliant: 0, rate: 0 });
    expect(pci.aiPolicy.violations[0].rules).toEqual([
      { id: 'size-limit', reason: '300 changed lines, above the limit of 100' },
    ]);
    expect(ledger.aiPolicy).toMatchObject({ applicable: 0, compliant: 0, rate: null, violations: [] });
  });

  it('breaks an owner down into its services and sub-groups, pooling events across three levels', async () => {
    const { service, write } = await setup(databaseId);
    const merged = (entity: string, n: number, approved: boolean) =>
      pullRequest({
        id: `${entity}#${n}`,
        number: n,
        entityRef: `component:default/${entity}`,
        createdAt: '2026-03-02T09:00:00Z',
        mergedAt: '2026-03-03T10:00:00Z',
        closedAt: '2026-03-03T10:00:00Z',
        commits: [{ sha: `c${n}${entity.length}`, authoredAt: '2026-03-02T08:00:00Z', message: 'x' }],
        reviews: approved ? [{ reviewer: 'grace', state: 'APPROVED', submittedAt: '2026-03-03T09:00:00Z' }] : [],
      });
    await write(
      [
        merged('payments-api', 1, true),
        merged('payments-api', 2, false),
        merged('ledger', 1, true),
        merged('fraud-scoring', 1, false),
        merged('fraud-scoring', 2, false),
        merged('fraud-scoring', 3, true),
        merged('checkout-web', 1, true),
      ],
      Date.parse('2026-03-06T00:00:00Z'),
    );
    await service.recompute.recomputeDirty(() => Date.parse('2026-03-06T00:00:00Z'));
    const window = { from: Date.parse('2026-03-02T00:00:00Z'), to: Date.parse('2026-03-09T00:00:00Z') };
    const coverage = (metrics: Array<{ id: string; value: number | null; numerator?: number; denominator?: number }>) => {
      const m = metrics.find(x => x.id === 'review_coverage')!;
      return [m.numerator, m.denominator];
    };

    const payments = await service.reader.ownerBreakdown('group:default/payments-team', window);
    expect(payments.entities.map(e => [e.entityRef, coverage(e.metrics)])).toEqual([
      ['component:default/fraud-scoring', [1, 3]],
      ['component:default/ledger', [1, 1]],
      ['component:default/payments-api', [1, 2]],
    ]);
    expect(payments.subGroups.map(g => [g.entityRef, g.parent, g.entities, coverage(g.metrics)])).toEqual([
      ['group:default/fraud-team', 'group:default/payments-team', 1, [1, 3]],
    ]);

    // Pooled, not averaged: (1 + 1 + 1) / (2 + 1 + 3), not the mean of 1/2, 1/1 and 1/3.
    const card = await service.reader.ownerScorecard('group:default/payments-team', window);
    expect(coverage(card.metrics)).toEqual([3, 6]);
    expect(card.metrics.find(m => m.id === 'review_coverage')!.value).toBe(0.5);

    const overview = await service.reader.overview(window);
    expect(overview.groups.map(g => [g.entityRef, g.parent ?? null, g.entities, coverage(g.metrics)])).toEqual([
      ['group:default/engineering', null, 4, [4, 7]],
      ['group:default/payments-team', 'group:default/engineering', 3, [3, 6]],
      ['group:default/fraud-team', 'group:default/payments-team', 1, [1, 3]],
      ['group:default/storefront-team', 'group:default/engineering', 1, [1, 1]],
    ]);
    const compliance = overview.groups[0].metrics.find(m => m.id === 'ai_policy_compliance')!;
    expect(compliance.series).toHaveLength(26);
    await expect(service.reader.ownerBreakdown('group:default/nobody', window)).rejects.toThrow('No owner group:default/nobody in the catalog');
  });
});
