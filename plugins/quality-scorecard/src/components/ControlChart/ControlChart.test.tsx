import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { getMetricDefinition } from '@shewhart/plugin-quality-scorecard-common';
import { paymentsApiMetrics } from '../../__fixtures__/scorecards';
import { ControlChartDialog } from './ControlChartDialog';
import { controlChartPoints } from './ControlChart';

const reviewCoverage = () =>
  paymentsApiMetrics().find(m => m.id === 'review_coverage')!;

describe('ControlChart', () => {
  it('pairs each week with its own limits and marks the weeks signals cover', () => {
    const points = controlChartPoints(reviewCoverage());
    expect(points).toHaveLength(26);
    expect(points[0]).toMatchObject({
      week: '2026-06-01',
      center: 0.96,
      ucl: 1,
      lcl: 0.76,
    });
    expect(points[1].lcl).toBeCloseTo(0.72);
    const fired = points.filter(p => p.signal !== null).map(p => p.week);
    expect(fired).toEqual([
      '2026-08-24',
      '2026-08-31',
      '2026-09-07',
      '2026-09-14',
      '2026-09-21',
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
      '2026-11-16',
    ]);
    expect(points.find(p => p.week === '2026-11-16')!.signal).toBe(
      points.find(p => p.week === '2026-11-16')!.value,
    );
  });

  it('leaves limits out where the API has none for a week', () => {
    const metric = reviewCoverage();
    metric.control!.limits[25] = null;
    expect(controlChartPoints(metric)[25]).toMatchObject({
      ucl: null,
      lcl: null,
    });
  });

  it('says a process without signals is stable', async () => {
    const metric = reviewCoverage();
    metric.control!.signals = [];
    await renderInTestApp(
      <ControlChartDialog
        open
        definition={getMetricDefinition('review_coverage')}
        metric={metric}
        onClose={() => {}}
      />,
    );
    expect(screen.getByText('No signals')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The process is stable: every week lies within the limits and no run suggests a shift.',
      ),
    ).toBeInTheDocument();
    // the step lines of UCL and LCL, the centre line and the weekly values
    expect(document.querySelectorAll('.recharts-line').length).toBe(4);
  });
});
