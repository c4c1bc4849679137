import { getMetricDefinition } from './metricDefinitions';
import {
  deltaTone,
  formatDate,
  formatDelta,
  formatDuration,
  formatMetricValue,
  formatNumber,
  formatPercent,
} from './format';

// Intl writes a non-breaking space between a German number and its percent sign.
const NBSP = '\u00a0';

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

  describe("in the reader's locale", () => {
    it.each([
      // [what, format, without locale, en-US, de-DE]
      [
        'a number',
        (l?: string) => formatNumber(1234.5, 2, l),
        '1234.5',
        '1,234.5',
        '1.234,5',
      ],
      [
        'a number rounded',
        (l?: string) => formatNumber(2.546, 2, l),
        '2.55',
        '2.55',
        '2,55',
      ],
      [
        'a number near zero from below',
        (l?: string) => formatNumber(-0.001, 2, l),
        '0',
        '0',
        '0',
      ],
      [
        'a date',
        (l?: string) => formatDate('2026-11-16T00:00:00.000Z', l),
        '2026-11-16',
        'Nov 16, 2026',
        '16.11.2026',
      ],
      [
        'a date late in the UTC day',
        (l?: string) => formatDate('2026-11-16T23:30:00.000Z', l),
        '2026-11-16',
        'Nov 16, 2026',
        '16.11.2026',
      ],
      [
        'a duration in minutes',
        (l?: string) => formatDuration(45 * 60, l),
        '45 min',
        '45 min',
        '45 min',
      ],
      [
        'a duration in hours',
        (l?: string) => formatDuration(5.2 * 3600, l),
        '5.2 h',
        '5.2 h',
        '5,2 h',
      ],
      [
        'a duration in days',
        (l?: string) => formatDuration(1234.5 * 86400, l),
        '1234.5 days',
        '1,234.5 days',
        '1.234,5 days',
      ],
      [
        'a percentage',
        (l?: string) => formatPercent(0.2, l),
        '20%',
        '20%',
        `20${NBSP}%`,
      ],
      [
        'a small percentage',
        (l?: string) => formatPercent(0.045, l),
        '4.5%',
        '4.5%',
        `4,5${NBSP}%`,
      ],
      [
        'DPMO',
        (l?: string) =>
          formatMetricValue({ unit: 'defects-per-million' }, 148148.15, l),
        '148,148 DPMO',
        '148,148 DPMO',
        '148.148 DPMO',
      ],
      [
        'deployments a week',
        (l?: string) => formatMetricValue({ unit: 'days-per-week' }, 3.14, l),
        '3.1 days/week',
        '3.1 days/week',
        '3,1 days/week',
      ],
      [
        'incidents per PR',
        (l?: string) =>
          formatMetricValue({ unit: 'incidents-per-pr' }, 0.1234, l),
        '0.123 per PR',
        '0.123 per PR',
        '0,123 per PR',
      ],
      [
        'sigma',
        (l?: string) => formatMetricValue({ unit: 'sigma' }, 3.456, l),
        '3.46σ',
        '3.46σ',
        '3,46σ',
      ],
      [
        'a change in percentage points',
        (l?: string) => formatDelta({ unit: 'ratio' }, { delta: 0.028 }, l),
        '+2.8 pp',
        '+2.8 pp',
        '+2,8 pp',
      ],
      [
        'a change of a duration',
        (l?: string) =>
          formatDelta({ unit: 'seconds' }, { delta: -5.5 * 3600 }, l),
        '−5.5 h',
        '−5.5 h',
        '−5,5 h',
      ],
    ] as const)('%s', (_what, format, plain, enUS, deDE) => {
      expect(format()).toBe(plain);
      expect(format('en-US')).toBe(enUS);
      expect(format('de-DE')).toBe(deDE);
    });

    it('keeps a missing value a dash and no change empty in any locale', () => {
      expect(formatMetricValue({ unit: 'ratio' }, null, 'de-DE')).toBe('—');
      expect(formatDelta({ unit: 'ratio' }, { delta: null }, 'de-DE')).toBe('');
    });

    it('agrees with the plain form in en-US below a thousand', () => {
      for (const value of [0, 0.05, 0.1234, 1.5, 45.678, 999.4]) {
        expect(formatNumber(value, 2, 'en-US')).toBe(formatNumber(value, 2));
        expect(
          formatMetricValue({ unit: 'seconds' }, value * 3600, 'en-US'),
        ).toBe(formatMetricValue({ unit: 'seconds' }, value * 3600));
        expect(formatPercent(value / 1000, 'en-US')).toBe(
          formatPercent(value / 1000),
        );
      }
    });
  });
});
