import { band, metricsOverWeeks } from './aggregate';
import { WEEK_MS } from './time';
import { WeekStats, emptyWeekStats } from './weeklyStats';

const week0 = Date.parse('2024-01-01T00:00:00Z');

/** Weeks with the given numbers of distinct deployment days each. */
function deployWeeks(days: number[]) {
  const weeks = days.map((_, i) => week0 + i * WEEK_MS);
  const pooled = new Map<number, WeekStats>();
  days.forEach((k, i) => {
    const stats = emptyWeekStats();
    stats.deployDays = Array.from({ length: k }, (_, d) =>
      new Date(weeks[i] + d * 86400_000).toISOString().slice(0, 10),
    );
    stats.deployments = k;
    pooled.set(weeks[i], stats);
  });
  return { pooled, weeks };
}

const thirteen = (deployWeeksAt: number[]) =>
  Array.from({ length: 13 }, (_, i) => (deployWeeksAt.includes(i) ? 1 : 0));

describe('DORA bands at their edges', () => {
  // Elite ≥ 5 and high ≥ 1 day on the median week; medium: a mean of ≥ 12/52 days a week (once a month).
  it.each([
    ['median 5 days', [5, 5, 4, 6], 'elite'],
    ['median 4.5 days', [4, 5, 5, 4], 'high'],
    ['median 1 day', [1, 1, 0, 2], 'high'],
    ['median 0.5 day, mean 0.5', [1, 1, 0, 0], 'medium'],
    ['one day in 4 weeks: mean 0.25', [1, 0, 0, 0], 'medium'],
    ['one day in 5 weeks: mean 0.2', [1, 0, 0, 0, 0], 'low'],
    [
      '3 days in 13 weeks: mean 3/13 = 12/52, once a month',
      thirteen([0, 4, 8]),
      'medium',
    ],
    ['2 days in 13 weeks: mean 2/13', thirteen([0, 6]), 'low'],
    [
      'a burst of 7 days, then 3 empty weeks: median 0, mean 1.75',
      [7, 0, 0, 0],
      'medium',
    ],
    ['no deployments', [0, 0, 0, 0], 'low'],
  ])('deployment_frequency: %s → %s', (_name, days, expected) => {
    const { pooled, weeks } = deployWeeks(days as number[]);
    const raw = metricsOverWeeks(pooled, weeks, {
      timeToRestoreAggregation: 'median',
    }).deployment_frequency;
    expect(band('deployment_frequency', raw, pooled, weeks)).toBe(expected);
  });

  it('deployment_frequency: no weeks, no value, no band', () => {
    expect(
      band('deployment_frequency', { value: null, n: 0 }, new Map(), []),
    ).toBeUndefined();
  });

  const DAY = 86400;
  // Lead time: < 1 day elite, < 1 week high, < 30 days medium (bounds exclusive).
  // Time to restore: < 1 h elite, < 1 day high, < 1 week medium (bounds exclusive).
  // Change failure rate: ≤ 5% elite, ≤ 10% high, ≤ 15% medium (bounds inclusive).
  it.each([
    ['lead_time_for_changes', DAY - 1, 'elite'],
    ['lead_time_for_changes', DAY, 'high'],
    ['lead_time_for_changes', 7 * DAY - 1, 'high'],
    ['lead_time_for_changes', 7 * DAY, 'medium'],
    ['lead_time_for_changes', 30 * DAY - 1, 'medium'],
    ['lead_time_for_changes', 30 * DAY, 'low'],
    ['time_to_restore', 3599, 'elite'],
    ['time_to_restore', 3600, 'high'],
    ['time_to_restore', DAY - 1, 'high'],
    ['time_to_restore', DAY, 'medium'],
    ['time_to_restore', 7 * DAY - 1, 'medium'],
    ['time_to_restore', 7 * DAY, 'low'],
    ['change_failure_rate', 0, 'elite'],
    ['change_failure_rate', 1 / 20, 'elite'],
    ['change_failure_rate', 51 / 1000, 'high'],
    ['change_failure_rate', 2 / 20, 'high'],
    ['change_failure_rate', 101 / 1000, 'medium'],
    ['change_failure_rate', 3 / 20, 'medium'],
    ['change_failure_rate', 151 / 1000, 'low'],
    ['change_failure_rate', 1, 'low'],
  ] as const)('%s %d → %s', (id, value, expected) => {
    expect(band(id, { value, n: 1 }, new Map(), [week0])).toBe(expected);
  });

  it.each([
    'lead_time_for_changes',
    'time_to_restore',
    'change_failure_rate',
  ] as const)('%s: no value, no band', id => {
    expect(band(id, { value: null, n: 0 }, new Map(), [week0])).toBeUndefined();
  });

  it('metrics without DORA bands have none', () => {
    expect(
      band('pr_cycle_time', { value: 3600, n: 1 }, new Map(), [week0]),
    ).toBeUndefined();
  });
});
