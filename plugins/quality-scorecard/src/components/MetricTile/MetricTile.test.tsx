import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  MetricId,
  MetricValue,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import { paymentsApiMetrics } from '../../__fixtures__/scorecards';
import { MetricTile } from './MetricTile';

// Intl writes a non-breaking space between a German number and its percent sign.
const NBSP = '\u00a0';

function demoMetric(id: MetricId): MetricValue {
  const metric = paymentsApiMetrics().find(m => m.id === id);
  if (metric) return metric;
  // the demo has no DPMO: the lead time's weeks with a six-digit value
  const base = paymentsApiMetrics().find(
    m => m.id === 'lead_time_for_changes',
  )!;
  return { ...base, id, value: 148148.15, delta: -1234.5, band: undefined };
}

async function renderTile(id: MetricId) {
  await renderInTestApp(
    <MetricTile definition={getMetricDefinition(id)} metric={demoMetric(id)} />,
  );
}

const text = (testId: string) => screen.getByTestId(testId).textContent;

describe('MetricTile in the reader’s locale', () => {
  afterEach(() => jest.restoreAllMocks());

  describe.each([
    // [metric, locale, value, change against the previous window]
    ['lead_time_for_changes', 'en-US', '3.6 days', '+18.1 h'],
    ['lead_time_for_changes', 'de-DE', '3,6 days', '+18,1 h'],
    ['change_failure_rate', 'en-US', '20%', '+5.7 pp'],
    ['change_failure_rate', 'de-DE', `20${NBSP}%`, '+5,7 pp'],
    ['pr_throughput', 'en-US', '2.7 PRs/author/week', '−1.6 PRs/author/week'],
    ['pr_throughput', 'de-DE', '2,7 PRs/author/week', '−1,6 PRs/author/week'],
    ['dpmo', 'en-US', '148,148 DPMO', '−1,235 DPMO'],
    ['dpmo', 'de-DE', '148.148 DPMO', '−1.235 DPMO'],
  ] as const)('%s in %s', (id, locale, value, delta) => {
    it(`reads ${value}, ${delta}`, async () => {
      jest.spyOn(window.navigator, 'language', 'get').mockReturnValue(locale);
      await renderTile(id);
      expect(text(`metric-value-${id}`)).toBe(value);
      expect(text(`metric-delta-${id}`)).toBe(`${delta} vs previous window`);
    });
  });

  it('draws the sparkline at its initial size where nothing is measured', async () => {
    await renderTile('lead_time_for_changes');
    const sparkline = screen.getByTestId('sparkline');
    const svg = sparkline.querySelector('svg.recharts-surface')!;
    expect(svg.getAttribute('width')).toBe('140');
    expect(svg.getAttribute('height')).toBe('32');
    expect(sparkline.querySelectorAll('path.recharts-line-curve')).toHaveLength(
      1,
    );
  });
});
