import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  MetricValue,
  getMetricDefinition,
} from '@shewhart/plugin-quality-scorecard-common';
import { paymentsApiMetrics } from '../../__fixtures__/scorecards';
import { ControlChartDialog } from './ControlChartDialog';
import { controlChartPoints } from './ControlChart';

const reviewCoverage = () =>
  paymentsApiMetrics().find(m => m.id === 'review_coverage')!;
const leadTime = () =>
  paymentsApiMetrics().find(m => m.id === 'lead_time_for_changes')!;

const renderDialog = (metric: MetricValue) =>
  renderInTestApp(
    <ControlChartDialog
      open
      definition={getMetricDefinition(metric.id)}
      metric={metric}
      onClose={() => {}}
    />,
  );

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

  it('draws each baseline period with its own centre, and flags the partial week', () => {
    const points = controlChartPoints(leadTime());
    expect(points[15]).toMatchObject({
      week: '2026-09-14',
      center: 240000,
      partial: false,
    });
    expect(points[16]).toMatchObject({ week: '2026-09-21', center: 310000 });
    expect(points[16].ucl).toBeCloseTo(496000);
    expect(points[25]).toMatchObject({ week: '2026-11-23', partial: true });
  });

  it("keeps the centre of a week's baseline period where the week has no limits", () => {
    const metric = leadTime();
    metric.control!.limits[20] = null;
    metric.control!.baselines![1] = {
      ...metric.control!.baselines![1],
      center: null,
    };
    metric.control!.limits[21] = null;
    const points = controlChartPoints(metric);
    expect(points[20]).toMatchObject({ ucl: null, center: null });
    metric.control!.baselines![1].center = 310000;
    expect(controlChartPoints(metric)[21].center).toBe(310000);
  });

  it('explains a calibrated chart: scale, rules, false alarms, baselines, partial week and CUSUM', async () => {
    await renderDialog(leadTime());
    const dialog = screen.getByTestId('control-chart-dialog');
    expect(dialog).toHaveTextContent(
      'median chart (the weekly median; its limits follow each week’s sample size), limits computed on a log scale',
    );
    expect(dialog).toHaveTextContent(
      'It signals by: beyond a calibrated control limit, cumulative sum (CUSUM)',
    );
    expect(screen.getByTestId('false-alarms')).toHaveTextContent(
      'On a stable process this chart raises a false alarm at most about once in 15 years',
    );
    expect(
      screen.getAllByTestId('baseline-period').map(p => p.textContent),
    ).toEqual([
      'baseline from 2026-06-01 to 2026-09-21: centre 2.8 days, limits from its first 8 weeks',
      'baseline from 2026-09-21 (by user:default/ada: AI assistants for the whole team): centre 3.6 days, limits from its first 8 weeks',
    ]);
    expect(screen.getByTestId('partial-week')).toHaveTextContent(
      'The week of 2026-11-23 is still under way',
    );
    const chart = screen.getByTestId('control-chart');
    expect(chart).toHaveTextContent('partial week, no signal');
    expect(chart).toHaveTextContent('new baseline');
    // the weeks that gave each period's limits are shaded
    expect(chart.querySelectorAll('.recharts-reference-area')).toHaveLength(2);
    // one point a week; the CUSUM trace below adds a line but no points
    expect(chart.querySelectorAll('.recharts-line-dots circle')).toHaveLength(
      26,
    );
    const cusum = screen.getByTestId('cusum-chart');
    expect(cusum).toHaveTextContent(
      'Cumulative sum (CUSUM) of the evidence for a 1.5× shift up: it signals when it rises above 4.20',
    );
    expect(cusum.querySelectorAll('.recharts-line')).toHaveLength(1);
    expect(screen.getAllByTestId('signal').map(s => s.textContent)).toEqual([
      expect.stringContaining(
        'beyond a calibrated control limit, through the week of 2026-11-16: a shift for the worse',
      ),
      expect.stringContaining(
        'cumulative sum (CUSUM), through the week of 2026-09-14',
      ),
    ]);
  });

  it('says why a derived chart raises no signals of its own', async () => {
    const metric = leadTime();
    metric.control = {
      ...metric.control!,
      signals: [],
      rules: [],
      signalsOff:
        'derived from incidents per PR, revert rate and bugs, whose charts signal their changes',
      falseAlarms: undefined,
      cusum: undefined,
    };
    await renderDialog(metric);
    expect(screen.getByTestId('signals-off')).toHaveTextContent(
      'No signals of its own: derived from incidents per PR, revert rate and bugs, whose charts signal their changes.',
    );
    expect(screen.queryByTestId('false-alarms')).not.toBeInTheDocument();
    expect(screen.queryByTestId('cusum-chart')).not.toBeInTheDocument();
    expect(screen.queryByText(/The process is stable/)).not.toBeInTheDocument();
  });
});
