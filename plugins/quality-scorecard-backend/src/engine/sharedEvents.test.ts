import {
  storedDeployment,
  storedIncident,
  storedPullRequest,
} from '../__fixtures__/stored';
import type { EntityEvents, StoredPullRequest } from './model';
import { poolByWeek, totalOver } from './pooling';
import { computeWeeklyStats, WeekStats } from './weeklyStats';

const H = 3_600_000;
const W1 = Date.parse('2026-03-02T00:00:00Z'); // a Monday
const W2 = W1 + 7 * 24 * H;
const OPTIONS = { productionEnvironments: ['production'] };

const merged = (number: number, extra: Partial<StoredPullRequest> = {}) =>
  storedPullRequest({
    number,
    id: `acme/mono#${number}`,
    author: `dev${number}`,
    createdAt: W1 + H,
    mergedAt: W1 + 1 * H + number * H,
    closedAt: W1 + 1 * H + number * H,
    ...extra,
  });
const events = (over: Partial<EntityEvents>): EntityEvents => ({
  pullRequests: [],
  deployments: [],
  incidents: [],
  bugs: [],
  demo: false,
  ...over,
});
const rows = (entity: Map<number, WeekStats>) =>
  [...entity].map(([weekStart, stats]) => ({ weekStart, stats }));

// PR 2 touches both components and ships (with PR 1) in a deployment of week 2
// that both components share; an incident follows it in week 2.
const SHARED_PR = 'pull_request:github:acme/mono#2';
const SHARED_DEPLOY = 'deployment:github:acme/mono/deployments/1';
const SHARED_INCIDENT = 'incident:pagerduty:P1';
const deploy = (sharedKey?: string) =>
  storedDeployment('acme/mono/deployments/1', W2 + H, {
    pullRequests: [1, 2],
    ...(sharedKey ? { sharedKey } : {}),
  });
const incident = (sharedKey?: string) =>
  storedIncident('P1', W2 + 2 * H, {
    resolvedAt: W2 + 3 * H,
    ...(sharedKey ? { sharedKey } : {}),
  });
const payments = computeWeeklyStats(
  events({
    pullRequests: [merged(1), merged(2, { sharedKey: SHARED_PR })],
    deployments: [deploy(SHARED_DEPLOY)],
    incidents: [incident(SHARED_INCIDENT)],
  }),
  OPTIONS,
);
const ledger = computeWeeklyStats(
  events({
    pullRequests: [merged(2, { sharedKey: SHARED_PR }), merged(3)],
    deployments: [deploy(SHARED_DEPLOY)],
    incidents: [incident(SHARED_INCIDENT)],
  }),
  OPTIONS,
);

describe('events of several entities in an owner roll-up', () => {
  it('records what each shared event added to each week it touched', () => {
    // PR 2 in week 1: closed, merged, its cycle time; the incident after the
    // deployment that shipped it counts against it.
    expect(payments.get(W1)!.shared).toEqual([
      {
        key: `${SHARED_PR}@${W1}`,
        delta: {
          closed: 1,
          merged: 1,
          cycleTimes: [7200],
          nonAiCycleTimes: [7200],
          nonAiIncidents: 1,
        },
      },
    ]);
    // Week 2: the deployment (failed: the incident follows it; recovered 2 h
    // later), PR 2's lead and deploy times (it merged at W1 + 3 h), the incident.
    expect(payments.get(W2)!.shared!.map(c => [c.key, c.delta])).toEqual([
      [
        `${SHARED_DEPLOY}@${W2}`,
        { deployments: 1, failedDeployments: 1, recoveryTimes: [7200] },
      ],
      [
        `${SHARED_PR}@${W2}`,
        { leadTimes: [7 * 24 * 3600], deployTimes: [7 * 24 * 3600 - 7200] },
      ],
      [`${SHARED_INCIDENT}@${W2}`, { incidents: 1, restoreTimes: [3600] }],
    ]);
  });

  it('counts a PR, deployment and incident of two components once, and everything else as before', () => {
    const pooled = poolByWeek([...rows(payments), ...rows(ledger)]);
    const w1 = pooled.get(W1)!;
    expect([
      w1.merged,
      w1.closed,
      [...w1.cycleTimes].sort((x, y) => x - y),
    ]).toEqual([3, 3, [3600, 7200, 10800]]);
    expect(w1.authors.sort()).toEqual(['dev1', 'dev2', 'dev3']);
    const w2 = pooled.get(W2)!;
    expect([w2.deployments, w2.failedDeployments, w2.incidents]).toEqual([
      1, 1, 1,
    ]);
    expect(w2.restoreTimes).toEqual([3600]);
    // The deployment ships every PR merged before it: 1 and 3 once each, 2 once
    // (not twice); each was created at W1 + 1 h, a week before it.
    expect(w2.leadTimes).toEqual([604800, 604800, 604800]);
    expect(w2.shared!.map(c => c.key)).toEqual([
      `${SHARED_DEPLOY}@${W2}`,
      `${SHARED_PR}@${W2}`,
      `${SHARED_INCIDENT}@${W2}`,
    ]);
    // Pooled again over the window: nothing more is taken out.
    const total = totalOver(pooled, [W1, W2]);
    expect([total.merged, total.deployments, total.incidents]).toEqual([
      3, 1, 1,
    ]);
    expect(total.leadTimes).toHaveLength(3);
  });

  it('leaves an entity of its own and a roll-up without shared events as they were', () => {
    const single = computeWeeklyStats(
      events({ pullRequests: [merged(1), merged(2)], deployments: [deploy()] }),
      OPTIONS,
    );
    expect(single.get(W1)!.shared).toBeUndefined();
    expect(poolByWeek(rows(single)).get(W1)!.merged).toBe(2);
    // Each entity alone still counts the shared PR.
    expect(poolByWeek(rows(ledger)).get(W1)!.merged).toBe(2);
    expect(poolByWeek(rows(payments)).get(W1)!.merged).toBe(2);
  });
});
