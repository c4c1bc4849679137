import { getMetricDefinition } from './metricDefinitions';
import {
  deltaTone,
  formatDelta,
  formatDuration,
  formatMetricValue,
  formatPercent,
} from './format';

describe('metric formatting (frontend and backend alike)', () => {
  it.each([
    ['seconds', 45 * 60, '45 min'],
    ['seconds', 5.2 * 3600, '5.2 h'],
    ['seconds', 2.5 * 86400, '2.5 days'],
    ['ratio', 0.2, '20%'],
    ['ratio', 0.045, '4.5%'],
    ['days-per-week', 3.14, '3.1 days/week'],
    ['prs-per-author-per-week', 1.234, '1.23 PRs/author/week'],
    ['incidents-per-pr', 0.1234, '0.123 per PR'],
    ['bugs-per-developer', 0.456, '0.46 per developer'],
    ['defects-per-million', 12345.678, '12,346 DPMO'],
    ['sigma', 3.456, '3.46σ'],
  ] as const)('%s %p → %p', (unit, value, text) => {
    expect(formatMetricValue({ unit }, value)).toBe(text);
  });

  it('writes a missing value as a dash', () => {
    expect(formatMetricValue({ unit: 'ratio' }, null)).toBe('—');
    expect(formatMetricValue({ unit: 'seconds' }, undefined)).toBe('—');
  });

  it('writes durations and percentages on their own', () => {
    expect(formatDuration(307198.242)).toBe('3.6 days');
    expect(formatPercent(0.0999)).toBe('10%');
    expect(formatPercent(0.0949)).toBe('9.5%');
  });

  it('writes a change of a ratio in percentage points, others in their unit, toned by direction', () => {
    const cfr = getMetricDefinition('change_failure_rate');
    const lead = getMetricDefinition('lead_time_for_changes');
    expect(formatDelta(cfr, { delta: 0.028 })).toBe('+2.8 pp');
    expect(formatDelta(lead, { delta: -3600 })).toBe('−1 h');
    expect(formatDelta(lead, { delta: 0 })).toBe('±0 min');
    expect(formatDelta(lead, { delta: null })).toBe('');
    expect(deltaTone(cfr, 0.028)).toBe('bad');
    expect(deltaTone(lead, -3600)).toBe('good');
    expect(deltaTone(lead, 0)).toBe('neutral');
  });
});
