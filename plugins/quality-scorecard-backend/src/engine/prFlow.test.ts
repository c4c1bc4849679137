/*
 * The PR flow breakdown (coding, pickup, review, deploy time), from
 * hand-computed cases; DevLake's reference values are in
 * devlake.reference.test.ts.
 */
import type { StoredPullRequest } from './model';
import { computeWeeklyStats } from './weeklyStats';
import { metricsOverWeeks } from './aggregate';
import { poolByWeek } from './pooling';
import { deployTimeSeconds, prFlowTimes } from './prFlow';
import { weekStartOf } from './time';
import { storedDeployment as dep, storedPullRequest as pr } from '../__fixtures__/stored';

const t = (s: string) => Date.parse(`${s}Z`);
const MIN = 60;
const HOUR = 3600;
const T = t('2024-01-02T10:00:00');
const h = (hours: number) => T + hours * HOUR * 1000;
const commit = (at: number) => ({ sha: `c${at}`, authoredAt: at, message: 'change' });
const review = (reviewer: string, at: number, state: 'APPROVED' | 'COMMENTED' = 'APPROVED', isBot = false) => ({
  reviewer,
  state,
  submittedAt: at,
  isBot,
});
const notAutomation = (login: string) => login === 'copilot-swe-agent';

describe('PR flow times of one merged PR', () => {
  it.each<[string, Partial<StoredPullRequest>, ReturnType<typeof prFlowTimes>]>([
    [
      'commits 2 h before opening, a comment at 30 min, an approval at 1 h, merged at 3 h',
      {
        commits: [commit(h(-2)), commit(h(-1))],
        reviews: [review('b', h(1)), review('b', h(0.5), 'COMMENTED')],
        mergedAt: h(3),
      },
      { coding: 2 * HOUR, pickup: 30 * MIN, review: 2.5 * HOUR },
    ],
    [
      'a draft ready after a day, reviewed 2 h later, merged 2 h after that; no commits: no coding',
      { readyForReviewAt: h(24), reviews: [review('c', h(26))], mergedAt: h(28) },
      { pickup: 2 * HOUR, review: 2 * HOUR },
    ],
    [
      'a draft reviewed before it was ready: no pickup, review from that review',
      { readyForReviewAt: h(24), reviews: [review('c', h(20), 'COMMENTED')], mergedAt: h(30) },
      { review: 10 * HOUR },
    ],
    ['no reviews: no pickup, no review', { commits: [commit(h(-1))], mergedAt: h(1) }, { coding: HOUR }],
    [
      'only the author’s, a bot’s and an agent account’s reviews: none independent',
      {
        reviews: [review('A', h(1)), review('renovate[bot]', h(1), 'APPROVED', true), review('copilot-swe-agent', h(1))],
        mergedAt: h(2),
      },
      {},
    ],
    [
      'the agent’s starter reviewing: not independent',
      { author: 'copilot-swe-agent', startedBy: 'dana', reviews: [review('dana', h(1)), review('erin', h(2))], mergedAt: h(3) },
      { pickup: 2 * HOUR, review: HOUR },
    ],
    [
      'a review only after the merge: no pickup, no review',
      { reviews: [review('b', h(5))], mergedAt: h(4) },
      {},
    ],
    [
      'first commit after the opening (a rebased branch): no coding',
      { commits: [commit(h(1))], reviews: [review('b', h(2))], mergedAt: h(2) },
      { pickup: 2 * HOUR, review: 0 },
    ],
  ])('%s', (_name, over, expected) => {
    const p = pr({ number: 1, author: 'a', createdAt: T, ...over });
    expect(prFlowTimes(p, notAutomation)).toEqual(expected);
  });

  it('a PR never merged has no flow times', () => {
    expect(prFlowTimes(pr({ number: 1, createdAt: T, reviews: [review('b', h(1))] }), notAutomation)).toEqual({});
  });

  it.each([
    [h(2), h(5), 3 * HOUR],
    [h(2), h(2), 0],
    [h(2), h(1), undefined], // a deployment that finished before the merge did not ship it
  ])('deploy time: merged %d, deployed %d → %p s', (mergedAt, deployedAt, expected) => {
    expect(deployTimeSeconds({ mergedAt }, deployedAt)).toBe(expected);
  });
});

describe('the flow breakdown over a week', () => {
  // Three PRs merged in the week of 2024-01-01; two deployed on Friday.
  const prs = [
    pr({ number: 1, createdAt: h(0), commits: [commit(h(-4))], reviews: [review('b', h(1))], mergedAt: h(2) }),
    pr({ number: 2, createdAt: h(0), commits: [commit(h(-1))], reviews: [review('b', h(3))], mergedAt: h(6) }),
    // A draft PR with no reviews, merged after the week's last deployment: never deployed.
    pr({ number: 3, createdAt: h(0), readyForReviewAt: h(5), commits: [commit(h(-2))], mergedAt: h(80) }),
  ];
  const deployments = [dep('d1', h(72), { pullRequests: [1, 2] })];
  const stats = computeWeeklyStats(
    { pullRequests: prs, deployments, incidents: [], bugs: [], demo: false },
    { productionEnvironments: ['production'] },
  );
  const week = weekStartOf(T);
  const pooled = poolByWeek([...stats].map(([weekStart, s]) => ({ weekStart, stats: s })));
  const m = metricsOverWeeks(pooled, [week], { timeToRestoreAggregation: 'median' });

  it('each part is a median over the PRs that have it, with its own n', () => {
    expect(m.pr_coding_time).toEqual({ value: 2 * HOUR, n: 3 }); // 4, 1, 2 h
    expect(m.pr_pickup_time).toEqual({ value: 2 * HOUR, n: 2 }); // 1, 3 h
    expect(m.pr_review_time).toEqual({ value: 2 * HOUR, n: 2 }); // 1, 3 h
    expect(m.pr_deploy_time).toEqual({ value: 68 * HOUR, n: 2 }); // 70, 66 h
  });

  it('lead time of the same deployed PRs is coding + open + deploy', () => {
    // PR 1: 4 + 2 + 70 = 76 h; PR 2: 1 + 6 + 66 = 73 h.
    expect(m.lead_time_for_changes).toEqual({ value: 74.5 * HOUR, n: 2 });
  });
});
