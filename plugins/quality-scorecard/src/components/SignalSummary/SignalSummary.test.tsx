import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type {
  ControlSignal,
  MetricId,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import {
  paymentsApiMetrics,
  reviewCoverageControl,
  weekStart,
} from '../../__fixtures__/scorecards';
import { SignalSummary, currentSignalsBySeverity } from './SignalSummary';

/** The demo metrics, each listed one given a single signal of its own. */
function withSignals(
  signals: Partial<Record<MetricId, Partial<ControlSignal>>>,
): MetricValue[] {
  return paymentsApiMetrics().map(metric => {
    const given = signals[metric.id];
    if (!given) return { ...metric, control: undefined };
    const signal: ControlSignal = {
      rule: 'beyond-limit',
      side: 'above',
      start: weekStart(24),
      end: weekStart(24),
      description: `the week of 2026-11-16 ${given.side ?? 'above'} the ${
        given.side === 'below' ? 'lower' : 'upper'
      } control limit`,
      ...given,
    };
    return {
      ...metric,
      control: { ...reviewCoverageControl, signals: [signal] },
    };
  });
}

const shownIds = () =>
  within(screen.getByTestId('current-signals'))
    .getAllByTestId(/^current-signal-/)
    .map(s => s.getAttribute('data-testid')!.replace('current-signal-', ''));

describe('SignalSummary', () => {
  it('orders worse before better, then by strength, then latest first', () => {
    const metrics = withSignals({
      // good news, however strong, comes after any bad news
      ai_policy_compliance: { side: 'above', strength: 9 },
      revert_rate: { strength: 1.2 },
      incidents_per_pr: { strength: 3.5, rule: 'cusum' },
      // a Western Electric signal has no strength: it counts as 1
      change_failure_rate: {
        rule: 'eight-on-one-side',
        start: weekStart(18),
        end: weekStart(25),
      },
      bugs_per_developer: {},
    });
    expect(
      currentSignalsBySeverity(metrics).map(s => [
        s.definition.id,
        s.explained.tone,
      ]),
    ).toEqual([
      ['incidents_per_pr', 'bad'],
      ['revert_rate', 'bad'],
      ['change_failure_rate', 'bad'],
      ['bugs_per_developer', 'bad'],
      ['ai_policy_compliance', 'good'],
    ]);
  });

  it('lists a metric once, by its most severe current signal', () => {
    const metrics = paymentsApiMetrics();
    const coverage = metrics.find(m => m.id === 'review_coverage')!;
    coverage.control = {
      ...reviewCoverageControl,
      signals: [
        ...reviewCoverageControl.signals,
        {
          rule: 'cusum',
          side: 'below',
          start: weekStart(20),
          end: weekStart(23),
          description:
            'a sustained shift downwards since the week of 2026-10-19 (cumulative sum beyond its limit through 2026-11-09)',
          strength: 2,
        },
      ],
    };
    const listed = currentSignalsBySeverity(metrics, ['review_coverage']);
    expect(listed).toHaveLength(1);
    expect(listed[0].explained.signal.rule).toBe('cusum');
  });

  it('shows the three most severe and the rest behind "Show all"', async () => {
    const opened: string[] = [];
    await renderInTestApp(
      <SignalSummary
        metrics={withSignals({
          revert_rate: { strength: 1.2 },
          incidents_per_pr: { strength: 3.5 },
          change_failure_rate: { strength: 2 },
          bugs_per_developer: {},
          ai_policy_compliance: { side: 'above' },
        })}
        onOpen={id => opened.push(id)}
      />,
    );
    expect(shownIds()).toEqual([
      'incidents_per_pr',
      'change_failure_rate',
      'revert_rate',
    ]);
    expect(screen.queryByTestId('more-signals')).not.toBeInTheDocument();
    const toggle = screen.getByTestId('show-all-signals');
    expect(toggle).toHaveTextContent('Show all (5)');

    fireEvent.click(toggle);
    expect(shownIds()).toEqual([
      'incidents_per_pr',
      'change_failure_rate',
      'revert_rate',
      'bugs_per_developer',
      'ai_policy_compliance',
    ]);
    expect(toggle).toHaveTextContent('Show fewer');
    expect(
      screen.getByTestId('current-signal-ai_policy_compliance'),
    ).toHaveAttribute('data-tone', 'good');

    // a metric's title opens its chart
    fireEvent.click(screen.getByRole('button', { name: 'Bugs per developer' }));
    expect(opened).toEqual(['bugs_per_developer']);

    fireEvent.click(toggle);
    expect(shownIds()).toHaveLength(3);
  });

  it('needs no toggle for three signals or fewer', async () => {
    await renderInTestApp(
      <SignalSummary metrics={withSignals({ revert_rate: {} })} />,
    );
    expect(shownIds()).toEqual(['revert_rate']);
    expect(screen.queryByTestId('show-all-signals')).not.toBeInTheDocument();
  });

  it('leaves out signals that are no longer current', async () => {
    await renderInTestApp(
      <SignalSummary
        metrics={withSignals({
          revert_rate: { start: weekStart(10), end: weekStart(12) },
        })}
      />,
    );
    expect(screen.getByTestId('no-current-signals')).toBeInTheDocument();
  });
});
