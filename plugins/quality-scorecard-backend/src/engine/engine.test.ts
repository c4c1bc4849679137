import type { EntityEvents, StoredDeployment, StoredIncident } from './model';
import { computeWeeklyStats } from './weeklyStats';
import { metricsOverWeeks } from './aggregate';
import { poolByWeek } from './pooling';
import {
  linkIncidentsToDeployments,
  productionDeployments,
  revertedPullRequests,
} from './linking';
import { weekStartOf, WEEK_MS, weeksBetween, median } from './time';
import { descendantGroups, ownedEntities } from './rollup';
import {
  storedDeployment,
  storedIncident,
  storedPullRequest,
} from '../__fixtures__/stored';

const t = (s: string) =>
  Date.parse(s.includes('T') ? s : `${s.replace(' ', 'T')}Z`);

const pr = storedPullRequest;

const dep = storedDeployment;

const inc = (
  id: string,
  createdAt: number,
  resolvedAt: number | null = null,
  causedByDeployment: string | null = null,
) => storedIncident(id, createdAt, { resolvedAt, causedByDeployment });

const none: EntityEvents = {
  pullRequests: [],
  deployments: [],
  incidents: [],
  bugs: [],
  demo: false,
};
const options = { productionEnvironments: ['production'] };

describe('change failure rate: Middleware cases', () => {
  const d = (i: number) => dep(`d${i}`, t(`2024-01-0${i}T10:00:00Z`));
  const deployments = [1, 2, 3, 4, 5, 6].map(d);
  it.each([
    [
      'one incident between two deployments',
      [d(1), d(2)],
      [inc('i', t('2024-01-01T12:00:00Z'))],
      1,
      2,
    ],
    [
      'one incident before both',
      [d(1), d(2)],
      [inc('i', t('2023-12-31T12:00:00Z'))],
      0,
      2,
    ],
    [
      'one incident after both',
      [d(1), d(2)],
      [inc('i', t('2024-01-03T12:00:00Z'))],
      1,
      2,
    ],
    [
      '7 incidents over 6 deployments, one before all',
      deployments,
      [
        inc('i0', t('2023-12-31T12:00:00Z')),
        inc('i1', t('2024-01-02T12:00:00Z')),
        inc('i2', t('2024-01-03T12:00:00Z')),
        inc('i3', t('2024-01-04T12:00:00Z')),
        inc('i4', t('2024-01-05T11:00:00Z')),
        inc('i5', t('2024-01-05T12:00:00Z')),
        inc('i6', t('2024-01-05T13:00:00Z')),
      ],
      4,
      6,
    ],
  ])('%s', (_name, deps, incidents, failed, total) => {
    const weeks = computeWeeklyStats(
      {
        ...none,
        deployments: deps as StoredDeployment[],
        incidents: incidents as StoredIncident[],
      },
      options,
    );
    const pooled = poolByWeek(
      [...weeks].map(([weekStart, stats]) => ({ weekStart, stats })),
    );
    const all = weeksBetween(
      weekStartOf(t('2023-12-25T00:00:00Z')),
      weekStartOf(t('2024-01-08T00:00:00Z')) + WEEK_MS,
    );
    const m = metricsOverWeeks(pooled, all, {
      timeToRestoreAggregation: 'median',
    });
    expect(m.change_failure_rate).toEqual({
      value: failed / total,
      n: total,
      numerator: failed,
      denominator: total,
    });
  });

  it('links to causedBy.deploymentId when given, and ignores staging and failures', () => {
    const deps = productionDeployments(
      [
        dep('a', 1000),
        dep('b', 2000),
        dep('s', 2500, { environment: 'staging' }),
        dep('f', 2600, { status: 'failure' }),
      ],
      ['production'],
    );
    expect(deps.map(x => x.id)).toEqual(['a', 'b']);
    const links = linkIncidentsToDeployments(
      [inc('x', 3000, null, 'a'), inc('y', 3000)],
      deps,
    );
    expect(Object.fromEntries(links)).toEqual({ a: ['x'], b: ['y'] });
  });
});

describe('time to restore', () => {
  const incidents = [100, 300, 800].map((s, i) =>
    inc(
      `i${i}`,
      t('2024-01-02T00:00:00Z'),
      t('2024-01-02T00:00:00Z') + s * 1000,
    ),
  );
  const weeks = computeWeeklyStats({ ...none, incidents }, options);
  const pooled = poolByWeek(
    [...weeks].map(([weekStart, stats]) => ({ weekStart, stats })),
  );
  const w = [weekStartOf(t('2024-01-02T00:00:00Z'))];
  it.each([
    ['mean', 400],
    ['median', 300],
  ] as const)('%s of 100, 300 and 800 s is %i s', (aggregation, expected) => {
    expect(
      metricsOverWeeks(pooled, w, { timeToRestoreAggregation: aggregation })
        .time_to_restore,
    ).toEqual({ value: expected, n: 3 });
  });
});

describe('PR metrics over one week (hand-checked)', () => {
  const monday = t('2024-01-01T00:00:00Z');
  const h = 3600_000;
  const prs = [
    pr({
      number: 1,
      author: 'ada',
      createdAt: monday,
      mergedAt: monday + 2 * h,
      closedAt: monday + 2 * h,
      mergeCommitSha: 'aaaa1111',
      reviews: [
        {
          reviewer: 'grace',
          state: 'APPROVED',
          submittedAt: monday + h,
          isBot: false,
        },
      ],
    }),
    pr({
      number: 2,
      author: 'ada',
      createdAt: monday,
      mergedAt: monday + 4 * h,
      closedAt: monday + 4 * h,
      reviews: [
        {
          reviewer: 'ada',
          state: 'APPROVED',
          submittedAt: monday + h,
          isBot: false,
        },
      ],
    }),
    pr({
      number: 3,
      author: 'grace',
      createdAt: monday,
      mergedAt: monday + 6 * h,
      closedAt: monday + 6 * h,
      reviews: [
        {
          reviewer: 'renovate[bot]',
          state: 'APPROVED',
          submittedAt: monday + h,
          isBot: true,
        },
      ],
      commits: [
        {
          sha: 'bbbb',
          authoredAt: monday,
          message: 'Revert "x"\n\nThis reverts commit aaaa1111.',
        },
      ],
    }),
    pr({
      number: 4,
      author: 'grace',
      createdAt: monday,
      closedAt: monday + 8 * h,
    }),
  ];
  const weeks = computeWeeklyStats(
    {
      ...none,
      pullRequests: prs,
      incidents: [inc('i', monday + 5 * h)],
      bugs: [
        { id: 'b', createdAt: monday, closedAt: null, introducedByPr: null },
      ],
    },
    options,
  );
  const pooled = poolByWeek(
    [...weeks].map(([weekStart, stats]) => ({ weekStart, stats })),
  );
  const m = metricsOverWeeks(pooled, [monday], {
    timeToRestoreAggregation: 'median',
  });
  it.each([
    ['pr_throughput', { value: 1.5, n: 3, numerator: 3, denominator: 2 }],
    ['pr_merge_rate', { value: 0.75, n: 4, numerator: 3, denominator: 4 }],
    ['pr_cycle_time', { value: 4 * 3600, n: 3 }],
    ['incidents_per_pr', { value: 1 / 3, n: 3, numerator: 1, denominator: 3 }],
    ['bugs_per_developer', { value: 0.5, n: 2, numerator: 1, denominator: 2 }],
    ['revert_rate', { value: 1 / 3, n: 3, numerator: 1, denominator: 3 }],
    ['review_coverage', { value: 1 / 3, n: 3, numerator: 1, denominator: 3 }],
    ['deployment_frequency', { value: 0, n: 0 }],
    [
      'change_failure_rate',
      { value: null, n: 0, numerator: 0, denominator: 0 },
    ],
  ])('%s', (id, expected) => {
    expect(m[id as keyof typeof m]).toEqual(expected);
  });

  it('finds reverts by link and by message', () => {
    expect(
      [
        ...revertedPullRequests([
          ...prs,
          pr({ number: 9, mergedAt: 1, reverts: 2 }),
        ]),
      ].sort(),
    ).toEqual([1, 2]);
  });
});

describe('deployment frequency', () => {
  it('is the median over weeks of distinct deploy days', () => {
    const monday = t('2024-01-01T10:00:00Z');
    const day = 86400_000;
    // week 1: days 0, 0, 1, 2 → 3 days; week 2: day 7 → 1; week 3: none → 0
    const deps = [0, 0.1, 1, 2, 7].map((d, i) =>
      dep(`d${i}`, monday + d * day),
    );
    const weeks = computeWeeklyStats({ ...none, deployments: deps }, options);
    const pooled = poolByWeek(
      [...weeks].map(([weekStart, stats]) => ({ weekStart, stats })),
    );
    const w = weeksBetween(
      weekStartOf(monday),
      weekStartOf(monday) + 3 * WEEK_MS,
    );
    expect(
      metricsOverWeeks(pooled, w, { timeToRestoreAggregation: 'median' })
        .deployment_frequency,
    ).toEqual({ value: 1, n: 5 });
  });

  it('median of an even count averages the middle two', () => {
    expect(median([3, 1, 4, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('owner roll-up over a three-level hierarchy', () => {
  const graph = {
    children: new Map([
      [
        'group:default/engineering',
        ['group:default/payments', 'group:default/storefront'],
      ],
      ['group:default/payments', ['group:default/fraud']],
    ]),
    owned: new Map([
      [
        'group:default/payments',
        ['component:default/payments-api', 'component:default/ledger'],
      ],
      ['group:default/fraud', ['component:default/fraud-scoring']],
      ['group:default/storefront', ['component:default/checkout']],
    ]),
  };
  it.each([
    [
      'group:default/engineering',
      [
        'component:default/checkout',
        'component:default/fraud-scoring',
        'component:default/ledger',
        'component:default/payments-api',
      ],
    ],
    [
      'group:default/payments',
      [
        'component:default/fraud-scoring',
        'component:default/ledger',
        'component:default/payments-api',
      ],
    ],
    ['group:default/fraud', ['component:default/fraud-scoring']],
  ])('%s owns %j', (owner, expected) => {
    expect(ownedEntities(graph, owner)).toEqual(expected);
  });

  it('survives a cycle in the group graph', () => {
    const cyclic = {
      children: new Map([
        ['a', ['b']],
        ['b', ['a']],
      ]),
      owned: new Map(),
    };
    expect(descendantGroups(cyclic, 'a').sort()).toEqual(['a', 'b']);
  });

  it('pools ratios as Σnumerators/Σdenominators, not an average of ratios', () => {
    const week = weekStartOf(t('2024-01-01T00:00:00Z'));
    const monday = t('2024-01-01T00:00:00Z');
    // service A: 1 of 1 merged PR reverted; service B: 0 of 3.
    const a = computeWeeklyStats(
      {
        ...none,
        pullRequests: [
          pr({
            number: 1,
            createdAt: monday,
            mergedAt: monday + 1,
            mergeCommitSha: 'abcdef12',
          }),
          pr({ number: 2, createdAt: monday, reverts: 1 }),
        ],
      },
      options,
    );
    const b = computeWeeklyStats(
      {
        ...none,
        pullRequests: [1, 2, 3].map(n =>
          pr({ number: n, createdAt: monday, mergedAt: monday + 1 }),
        ),
      },
      options,
    );
    const pooled = poolByWeek(
      [...a, ...b].map(([weekStart, stats]) => ({ weekStart, stats })),
    );
    // PR 2 of A is not merged, so its revert link does not count.
    expect(
      metricsOverWeeks(pooled, [week], { timeToRestoreAggregation: 'median' })
        .revert_rate,
    ).toEqual({ value: 0, n: 4, numerator: 0, denominator: 4 });
    const c = computeWeeklyStats(
      {
        ...none,
        pullRequests: [
          pr({ number: 1, createdAt: monday, mergedAt: monday + 1 }),
          pr({
            number: 2,
            createdAt: monday,
            mergedAt: monday + 2,
            reverts: 1,
          }),
        ],
      },
      options,
    );
    const pooled2 = poolByWeek(
      [...c, ...b].map(([weekStart, stats]) => ({ weekStart, stats })),
    );
    // 1 reverted of 5 merged = 0.2 (the average of per-service ratios would be 0.25).
    expect(
      metricsOverWeeks(pooled2, [week], { timeToRestoreAggregation: 'median' })
        .revert_rate.value,
    ).toBe(0.2);
  });
});
