/*
 * DORA's failed deployment recovery time and deployment rework rate, from
 * hand-computed cases (docs/metrics.md gives the definitions).
 */
import type { EntityEvents, StoredPullRequest } from './model';
import { computeWeeklyStats } from './weeklyStats';
import { metricsOverWeeks } from './aggregate';
import { poolByWeek } from './pooling';
import { DEFAULT_REWORK, isRevert, reworkMatcher } from './rework';
import { recoveryOf } from './recovery';
import { weekStartOf } from './time';
import {
  storedDeployment as dep,
  storedIncident as inc,
  storedPullRequest as pr,
} from '../__fixtures__/stored';

const t = (s: string) => Date.parse(`${s}Z`);
const HOUR = 3600;
const options = { productionEnvironments: ['production'] };

function metricsOf(events: Partial<EntityEvents>, over = options, weeks?: number[]) {
  const stats = computeWeeklyStats(
    { pullRequests: [], deployments: [], incidents: [], bugs: [], demo: false, ...events },
    over,
  );
  const pooled = poolByWeek([...stats].map(([weekStart, s]) => ({ weekStart, stats: s })));
  return {
    stats,
    metrics: metricsOverWeeks(pooled, weeks ?? [...stats.keys()], {
      timeToRestoreAggregation: 'median',
    }),
  };
}

describe('failed deployment recovery time', () => {
  const d1 = dep('d1', t('2024-01-02T10:00:00'));
  it.each([
    ['one incident resolved 3 h after the deployment', [inc('i1', t('2024-01-02T11:00:00'), { resolvedAt: t('2024-01-02T13:00:00') })], 3 * HOUR],
    [
      'two incidents on one deployment: recovered when the last resolves (5 h)',
      [
        inc('i1', t('2024-01-02T11:00:00'), { resolvedAt: t('2024-01-02T12:00:00') }),
        inc('i2', t('2024-01-02T11:30:00'), { resolvedAt: t('2024-01-02T15:00:00') }),
      ],
      5 * HOUR,
    ],
    [
      'two incidents, one still open: not recovered',
      [
        inc('i1', t('2024-01-02T11:00:00'), { resolvedAt: t('2024-01-02T12:00:00') }),
        inc('i2', t('2024-01-02T11:30:00')),
      ],
      undefined,
    ],
    [
      'an incident named as caused by it but resolved before it finished: 0',
      [inc('i1', t('2024-01-02T08:00:00'), { resolvedAt: t('2024-01-02T09:00:00'), causedByDeployment: 'd1' })],
      0,
    ],
    ['no incident: not a failed deployment', [], undefined],
  ])('%s', (_name, incidents, seconds) => {
    expect(recoveryOf(d1, incidents)?.seconds).toBe(seconds);
  });

  it('is the median over failed deployments recovered in the window, in the week of the recovery', () => {
    const { stats, metrics } = metricsOf({
      deployments: [
        dep('d1', t('2024-01-02T10:00:00')), // failed, recovered 2 h later
        dep('d2', t('2024-01-03T10:00:00')), // failed, recovered 26 h later, on Thursday
        dep('d3', t('2024-01-05T10:00:00')), // failed, recovered the next Monday (3 days)
        dep('d4', t('2024-01-06T10:00:00')), // failed, never recovered
        dep('d5', t('2024-01-06T12:00:00')), // no incident
      ],
      incidents: [
        inc('i1', t('2024-01-02T11:00:00'), { resolvedAt: t('2024-01-02T12:00:00') }),
        inc('i2', t('2024-01-03T11:00:00'), { resolvedAt: t('2024-01-04T12:00:00') }),
        inc('i3', t('2024-01-05T11:00:00'), { resolvedAt: t('2024-01-08T10:00:00') }),
        inc('i4', t('2024-01-06T11:00:00')),
        // Linked to no deployment: time to restore counts it, recovery does not.
        inc('i0', t('2023-12-30T11:00:00'), { resolvedAt: t('2023-12-30T11:30:00') }),
      ],
    });
    const first = weekStartOf(t('2024-01-02T00:00:00'));
    const second = weekStartOf(t('2024-01-08T00:00:00'));
    expect(stats.get(first)!.recoveryTimes).toEqual([2 * HOUR, 26 * HOUR]);
    expect(stats.get(second)!.recoveryTimes).toEqual([72 * HOUR]);
    expect(metrics.failed_deployment_recovery_time).toEqual({ value: 26 * HOUR, n: 3 });
    expect(metrics.change_failure_rate).toMatchObject({ numerator: 4, denominator: 5 });
    // Time to restore: created → resolved of every resolved incident (0.5, 1, 25, 71 h).
    expect(metrics.time_to_restore).toEqual({ value: 13 * HOUR, n: 4 });
  });
});

describe('deployment rework rate', () => {
  const at = (day: number, hour = 10) => t(`2024-01-0${day}T${String(hour).padStart(2, '0')}:00:00`);
  const merged = (number: number, extra: Partial<StoredPullRequest> = {}) =>
    pr({ number, createdAt: at(1, 8), mergedAt: at(1, 9 + (number % 10)), ...extra });
  const incidents = [
    inc('Q1ABCD', at(1, 6)), // open when PR 5 opened
    inc('Q2WXYZ', at(1, 2), { resolvedAt: at(1, 4) }), // resolved before PR 6 opened
  ];
  const prs = [
    merged(1),
    merged(2, { reverts: 1 }),
    merged(3, { labels: ['Hotfix'] }),
    merged(4, { headRef: 'hotfix/db-pool' }),
    merged(5, { body: 'Raises the pool size. Fixes q1abcd.' }),
    merged(6, { body: 'Follow-up to Q2WXYZ, now resolved.' }),
    merged(7),
    merged(8, { labels: ['hotfix'] }),
    merged(9, { title: 'Revert "Revert "Add refunds""', reverts: 2 }),
    merged(11, { body: 'Fixes INC-42' }),
  ];
  // One deployment per PR (listing it), d7 and d8 marked by their source.
  const deployments = prs.map(p =>
    dep(`d${p.number}`, at(3, p.number), {
      pullRequests: [p.number],
      ...(p.number === 7 ? { unplanned: true } : {}),
      ...(p.number === 8 ? { unplanned: false } : {}),
    }),
  );

  it.each([
    [1, false, 'an ordinary PR'],
    [2, true, 'a revert (reverts link)'],
    [3, true, 'a rework label, any case'],
    [4, true, 'a hotfix/* branch'],
    [5, true, 'names an incident open when it was opened'],
    [6, false, 'names an incident resolved before it was opened'],
    [9, true, 'a revert of a revert: still a deployment made to undo one'],
    [11, false, 'a pattern that is not configured'],
  ])('PR %i → %s (%s)', (number, expected) => {
    const isRework = reworkMatcher(DEFAULT_REWORK, incidents);
    expect(isRework(prs.find(p => p.number === number)!)).toBe(expected);
  });

  it('counts deployments: the source’s unplanned decides when given, else the PRs shipped', () => {
    const { metrics } = metricsOf({ pullRequests: prs, deployments, incidents });
    // Rework: d2, d3, d4, d5, d7 (unplanned: true), d9; not d8 (unplanned: false).
    expect(metrics.deployment_rework_rate).toEqual({
      value: 6 / 10,
      n: 10,
      numerator: 6,
      denominator: 10,
    });
  });

  it('takes configured patterns, labels and branches', () => {
    const { metrics } = metricsOf(
      { pullRequests: prs, deployments, incidents },
      {
        ...options,
        rework: { labels: [], branches: [], patterns: ['fixes inc-\\d+'], incidentReferences: false },
      } as typeof options,
    );
    // d2 and d9 (reverts), d7 (unplanned), d11 (the pattern).
    expect(metrics.deployment_rework_rate.numerator).toBe(4);
  });

  it('a deployment that ships no PR is rework only when its source says so', () => {
    const { metrics } = metricsOf({
      deployments: [dep('a', at(2)), dep('b', at(2, 12), { unplanned: true })],
    });
    expect(metrics.deployment_rework_rate).toMatchObject({ value: 0.5, n: 2 });
  });

  it.each([
    [{ reverts: 3 }, true],
    [{ title: 'Revert "Add coupons"' }, true],
    [{ commits: [{ sha: 'a', authoredAt: 0, message: 'Revert x\n\nThis reverts commit 1234567abc.' }] }, true],
    [{ title: 'Reverting the retry policy change by hand' }, false],
  ])('isRevert %j → %s', (extra, expected) => {
    expect(isRevert(pr({ number: 1, ...extra }))).toBe(expected);
  });
});
