import { poolByWeek, totalOver } from './pooling';
import { emptyWeekStats, WeekStats } from './weeklyStats';

/**
 * The pooling of two weeks written out field by field: the reference that
 * in-place pooling must equal.
 */
function addWeekStats(a: WeekStats, b: WeekStats): WeekStats {
  const union = (x: string[], y: string[]) => [...new Set([...x, ...y])];
  return {
    deployments: a.deployments + b.deployments,
    deployDays: union(a.deployDays, b.deployDays),
    failedDeployments: a.failedDeployments + b.failedDeployments,
    leadTimes: a.leadTimes.concat(b.leadTimes),
    restoreTimes: a.restoreTimes.concat(b.restoreTimes),
    recoveryTimes: a.recoveryTimes.concat(b.recoveryTimes),
    reworkDeployments: a.reworkDeployments + b.reworkDeployments,
    codingTimes: a.codingTimes.concat(b.codingTimes),
    pickupTimes: a.pickupTimes.concat(b.pickupTimes),
    reviewTimes: a.reviewTimes.concat(b.reviewTimes),
    deployTimes: a.deployTimes.concat(b.deployTimes),
    merged: a.merged + b.merged,
    closed: a.closed + b.closed,
    cycleTimes: a.cycleTimes.concat(b.cycleTimes),
    authors: union(a.authors, b.authors),
    incidents: a.incidents + b.incidents,
    bugs: a.bugs + b.bugs,
    reverted: a.reverted + b.reverted,
    reviewed: a.reviewed + b.reviewed,
    aiAssisted: a.aiAssisted + b.aiAssisted,
    aiApplicable: a.aiApplicable + b.aiApplicable,
    aiCompliant: a.aiCompliant + b.aiCompliant,
    aiMerged: a.aiMerged + b.aiMerged,
    aiIncidents: a.aiIncidents + b.aiIncidents,
    aiReverted: a.aiReverted + b.aiReverted,
    aiReviewed: a.aiReviewed + b.aiReviewed,
    aiCycleTimes: a.aiCycleTimes.concat(b.aiCycleTimes ?? []),
    nonAiIncidents: a.nonAiIncidents + (b.nonAiIncidents ?? 0),
    nonAiCycleTimes: a.nonAiCycleTimes.concat(b.nonAiCycleTimes ?? []),
    violations: a.violations.concat(b.violations),
  };
}

const week = (over: Partial<WeekStats>): WeekStats => ({
  ...emptyWeekStats(),
  ...over,
});
const W1 = Date.parse('2026-08-03T00:00:00Z');
const W2 = Date.parse('2026-08-10T00:00:00Z');

describe('pooling entity-weeks', () => {
  const a = week({
    merged: 3,
    reviewed: 2,
    leadTimes: [10, 20],
    authors: ['ann', 'bob'],
    deployDays: ['2026-08-03'],
    deployments: 2,
  });
  const b = week({
    merged: 1,
    reviewed: 1,
    leadTimes: [5],
    authors: ['bob', 'cid'],
    deployDays: ['2026-08-03', '2026-08-04'],
    deployments: 3,
  });
  const c = week({
    merged: 2,
    incidents: 1,
    cycleTimes: [60],
    authors: ['dee'],
  });

  it('adds counts, concatenates samples and unites authors and days, per week', () => {
    const pooled = poolByWeek([
      { weekStart: W1, stats: a },
      { weekStart: W1, stats: b },
      { weekStart: W2, stats: c },
    ]);
    expect([...pooled.keys()]).toEqual([W1, W2]);
    const w1 = pooled.get(W1)!;
    expect(w1.merged).toBe(4);
    expect(w1.reviewed).toBe(3);
    expect(w1.deployments).toBe(5);
    expect(w1.leadTimes).toEqual([10, 20, 5]);
    expect(w1.authors.sort()).toEqual(['ann', 'bob', 'cid']);
    expect(w1.deployDays.sort()).toEqual(['2026-08-03', '2026-08-04']);
    expect(pooled.get(W2)!.incidents).toBe(1);
  });

  it('equals folding addWeekStats, and leaves its inputs unchanged', () => {
    const before = JSON.stringify([a, b, c]);
    const pooled = poolByWeek(
      [a, b, c].map(stats => ({ weekStart: W1, stats })),
    );
    const folded = [a, b, c].reduce(addWeekStats, emptyWeekStats());
    const norm = (s: WeekStats) => ({
      ...s,
      authors: [...s.authors].sort(),
      deployDays: [...s.deployDays].sort(),
    });
    expect(norm(pooled.get(W1)!)).toEqual(norm(folded));
    expect(JSON.stringify([a, b, c])).toBe(before);
  });

  it('reads snapshots written before a field existed as if it were empty', () => {
    const old = { ...a } as Partial<WeekStats>;
    delete old.aiCycleTimes;
    delete old.nonAiIncidents;
    const pooled = poolByWeek([
      { weekStart: W1, stats: old as WeekStats },
      { weekStart: W1, stats: c },
    ]);
    expect(pooled.get(W1)!.aiCycleTimes).toEqual([]);
    expect(pooled.get(W1)!.nonAiIncidents).toBe(0);
    expect(pooled.get(W1)!.merged).toBe(5);
  });

  it('totals the chosen weeks only', () => {
    const pooled = poolByWeek([
      { weekStart: W1, stats: a },
      { weekStart: W2, stats: c },
    ]);
    expect(totalOver(pooled, [W2]).merged).toBe(2);
    expect(totalOver(pooled, [W1, W2]).leadTimes).toEqual([10, 20]);
    expect(totalOver(pooled, []).merged).toBe(0);
  });
});
