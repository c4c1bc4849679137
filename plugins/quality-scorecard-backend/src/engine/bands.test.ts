import {
  METRIC_DEFINITIONS,
  getMetricDefinition,
  meetsBand,
} from '@shewhart/plugin-quality-scorecard-common';
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
  // DORA 2024: elite ≥ 5 and high ≥ 1 day on the median week; medium: a mean
  // of ≥ 12/52 days a week (once a month); low: a mean of ≥ 2/52 (once every
  // six months); below that no band is published.
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
    ['one day in 26 weeks: mean 1/26 = 2/52, once every six months', [1, ...Array(25).fill(0)], 'low'],
    ['one day in 27 weeks: mean 1/27, rarer than DORA publishes', [1, ...Array(26).fill(0)], undefined],
    ['no deployments', [0, 0, 0, 0], undefined],
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
  // DORA 2024 lead time: < 1 day elite, < 1 week high, < 30 days medium, ≤ 183 days (six months) low.
  // DORA 2024 failed deployment recovery: < 1 h elite, < 1 day high (medium too); nothing
  // between a day and a week; 1 week to 30 days low; nothing beyond.
  // DORA 2022 time to restore: < 1 day high (no elite), < 1 week medium, ≤ 30 days low.
  // DORA 2024 change failure rate, one rate per cluster (elite 5%, high 20%,
  // medium 10%, low 40%): ≤ 5% elite, ≤ 10% medium, ≤ 20% high, above low.
  it.each([
    ['lead_time_for_changes', DAY - 1, 'elite'],
    ['lead_time_for_changes', DAY, 'high'],
    ['lead_time_for_changes', 7 * DAY - 1, 'high'],
    ['lead_time_for_changes', 7 * DAY, 'medium'],
    ['lead_time_for_changes', 30 * DAY - 1, 'medium'],
    ['lead_time_for_changes', 30 * DAY, 'low'],
    ['lead_time_for_changes', 183 * DAY, 'low'],
    ['lead_time_for_changes', 183 * DAY + 1, undefined],
    ['failed_deployment_recovery_time', 3599, 'elite'],
    ['failed_deployment_recovery_time', 3600, 'high'],
    ['failed_deployment_recovery_time', DAY - 1, 'high'],
    ['failed_deployment_recovery_time', DAY, undefined],
    ['failed_deployment_recovery_time', 7 * DAY - 1, undefined],
    ['failed_deployment_recovery_time', 7 * DAY, 'low'],
    ['failed_deployment_recovery_time', 30 * DAY, 'low'],
    ['failed_deployment_recovery_time', 30 * DAY + 1, undefined],
    ['time_to_restore', 0, 'high'],
    ['time_to_restore', DAY - 1, 'high'],
    ['time_to_restore', DAY, 'medium'],
    ['time_to_restore', 7 * DAY - 1, 'medium'],
    ['time_to_restore', 7 * DAY, 'low'],
    ['time_to_restore', 30 * DAY, 'low'],
    ['time_to_restore', 30 * DAY + 1, undefined],
    ['change_failure_rate', 0, 'elite'],
    ['change_failure_rate', 1 / 20, 'elite'],
    ['change_failure_rate', 51 / 1000, 'medium'],
    ['change_failure_rate', 2 / 20, 'medium'],
    ['change_failure_rate', 101 / 1000, 'high'],
    ['change_failure_rate', 4 / 20, 'high'],
    ['change_failure_rate', 201 / 1000, 'low'],
    ['change_failure_rate', 1, 'low'],
  ] as const)('%s %d → %s', (id, value, expected) => {
    expect(band(id, { value, n: 1 }, new Map(), [week0])).toBe(expected);
  });

  it('every band carries its edition: DORA 2024, DORA 2022 for time to restore, none for rework rate', () => {
    const editions = Object.fromEntries(
      METRIC_DEFINITIONS.filter(d => d.bands).map(d => [d.id, d.bands!.edition]),
    );
    expect(editions).toEqual({
      deployment_frequency: 'DORA 2024',
      lead_time_for_changes: 'DORA 2024',
      change_failure_rate: 'DORA 2024',
      failed_deployment_recovery_time: 'DORA 2024',
      time_to_restore: 'DORA 2022',
    });
  });

  // A check's band compares by the value it stands for, not by its name.
  it.each([
    ['change_failure_rate', 0.08, 'high', true], // medium (≤ 10%) is better than high (≤ 20%)
    ['change_failure_rate', 0.15, 'medium', false],
    ['change_failure_rate', 0.15, 'high', true],
    ['change_failure_rate', 0.3, 'high', false],
    ['failed_deployment_recovery_time', 2 * DAY, 'high', false], // in the gap, worse than high
    ['failed_deployment_recovery_time', 2 * DAY, 'low', true], // in the gap, better than low
    ['failed_deployment_recovery_time', 40 * DAY, 'low', false],
    ['lead_time_for_changes', 200 * DAY, 'low', false],
  ] as const)('meetsBand %s %d ≥ %s → %s', (id, value, required, expected) => {
    expect(meetsBand(getMetricDefinition(id), value, required)).toBe(expected);
  });

  it.each([
    'lead_time_for_changes',
    'time_to_restore',
    'failed_deployment_recovery_time',
    'change_failure_rate',
  ] as const)('%s: no value, no band', id => {
    expect(band(id, { value: null, n: 0 }, new Map(), [week0])).toBeUndefined();
  });

  it.each(['pr_cycle_time', 'deployment_rework_rate'] as const)(
    '%s has no DORA bands',
    id => {
      expect(band(id, { value: 0.01, n: 1 }, new Map(), [week0])).toBeUndefined();
    },
  );
});
