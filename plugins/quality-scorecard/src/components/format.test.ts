import { getMetricDefinition } from '@shewhart/plugin-quality-scorecard-common';
import {
  bandTone,
  deltaTone,
  formatDelta,
  formatDuration,
  formatMetricValue,
  formatShortWeek,
  formatWeek,
  windowOfDays,
} from './format';

const def = getMetricDefinition;

describe('format', () => {
  it('writes durations as a person would say them', () => {
    expect(formatDuration(45 * 60)).toBe('45 min');
    expect(formatDuration(5.2 * 3600)).toBe('5.2 h');
    expect(formatDuration(2.5 * 86400)).toBe('2.5 days');
    expect(formatDuration(307198.242)).toBe('3.6 days');
  });

  it('writes each unit with its name', () => {
    expect(formatMetricValue(def('deployment_frequency'), 2)).toBe(
      '2 days/week',
    );
    expect(formatMetricValue(def('change_failure_rate'), 0.12)).toBe('12%');
    expect(formatMetricValue(def('revert_rate'), 0.07407)).toBe('7.4%');
    expect(formatMetricValue(def('pr_throughput'), 2.7)).toBe(
      '2.7 PRs/author/week',
    );
    expect(formatMetricValue(def('incidents_per_pr'), 0.07407)).toBe(
      '0.074 per PR',
    );
    expect(formatMetricValue(def('bugs_per_developer'), 1.5)).toBe(
      '1.5 per developer',
    );
    expect(formatMetricValue(def('dpmo'), 148148.15)).toBe('148,148 DPMO');
    expect(formatMetricValue(def('sigma_level'), 2.546)).toBe('2.55σ');
    expect(formatMetricValue(def('lead_time_for_changes'), null)).toBe('—');
  });

  it('judges a change by the direction of the metric', () => {
    expect(deltaTone(def('lead_time_for_changes'), -3600)).toBe('good');
    expect(deltaTone(def('lead_time_for_changes'), 3600)).toBe('bad');
    expect(deltaTone(def('review_coverage'), -0.04)).toBe('bad');
    expect(deltaTone(def('review_coverage'), 0.04)).toBe('good');
    expect(deltaTone(def('review_coverage'), 0)).toBe('neutral');
    expect(deltaTone(def('review_coverage'), null)).toBe('neutral');
  });

  it('writes a change of a ratio in percentage points', () => {
    expect(formatDelta(def('review_coverage'), { delta: -0.0396 })).toBe(
      '−4 pp',
    );
    expect(formatDelta(def('revert_rate'), { delta: 0.0276 })).toBe('+2.8 pp');
    expect(formatDelta(def('change_failure_rate'), { delta: 0.25 })).toBe(
      '+25 pp',
    );
    expect(
      formatDelta(def('lead_time_for_changes'), { delta: 65149.105 }),
    ).toBe('+18.1 h');
    expect(formatDelta(def('deployment_frequency'), { delta: 0 })).toBe(
      '±0 days/week',
    );
    expect(formatDelta(def('deployment_frequency'), { delta: null })).toBe('');
  });

  it('reads DORA bands as good, in between or bad', () => {
    expect(bandTone('elite')).toBe('good');
    expect(bandTone('high')).toBe('good');
    expect(bandTone('medium')).toBe('neutral');
    expect(bandTone('low')).toBe('bad');
  });

  it('writes weeks and windows', () => {
    expect(formatWeek('2026-08-03T00:00:00.000Z')).toBe('2026-08-03');
    expect(formatShortWeek('2026-11-16T00:00:00.000Z')).toBe('Nov 16');
    expect(windowOfDays(28, Date.parse('2026-11-24T00:00:00.000Z'))).toEqual({
      from: '2026-10-27T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
  });
});
