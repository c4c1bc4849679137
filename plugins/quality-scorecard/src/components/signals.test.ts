import { getMetricDefinition } from '@shewhart/plugin-quality-scorecard-common';
import {
  reviewCoverageControl,
  shiftedSeries,
} from '../__fixtures__/scorecards';
import { currentSignals, explainSignal, sortedSignals } from './signals';

describe('signals', () => {
  const eightBelow = reviewCoverageControl.signals[0];

  it('explains a run below the centre line as bad news for review coverage', () => {
    expect(
      explainSignal(getMetricDefinition('review_coverage'), eightBelow),
    ).toMatchObject({
      sentence: '8 weeks in a row below the centre line since 2026-08-24',
      tone: 'bad',
      verdict: 'a shift for the worse (review coverage is better higher)',
    });
  });

  it('explains the same run as good news for a lower-is-better metric', () => {
    expect(
      explainSignal(getMetricDefinition('incidents_per_pr'), eightBelow),
    ).toMatchObject({
      tone: 'good',
      verdict: 'a shift for the better (incidents per pr is better lower)',
    });
  });

  it('adds the start week when the description does not say since when', () => {
    const signal = {
      ...eightBelow,
      description: '8 weeks in a row below the centre line',
    };
    expect(
      explainSignal(getMetricDefinition('review_coverage'), signal).sentence,
    ).toBe('8 weeks in a row below the centre line since 2026-08-24');
  });

  it('keeps a description that already dates the episode', () => {
    const signal = {
      ...eightBelow,
      rule: 'beyond-3-sigma' as const,
      description:
        '5 weeks in a row below the lower control limit from 2026-10-19 to 2026-11-16',
    };
    expect(
      explainSignal(getMetricDefinition('review_coverage'), signal).sentence,
    ).toBe(
      '5 weeks in a row below the lower control limit from 2026-10-19 to 2026-11-16',
    );
  });

  it('keeps only the signals of the last four weeks as current, latest first', () => {
    const metric = {
      series: shiftedSeries(0.96, 0.52),
      control: reviewCoverageControl,
    };
    expect(sortedSignals(metric).map(s => s.end)).toEqual([
      '2026-11-16T00:00:00.000Z',
      '2026-10-12T00:00:00.000Z',
    ]);
    expect(currentSignals(metric).map(s => s.rule)).toEqual(['beyond-3-sigma']);
    expect(currentSignals(metric, 10).map(s => s.rule)).toEqual([
      'beyond-3-sigma',
      'eight-on-one-side',
    ]);
    expect(
      currentSignals({ series: [], control: reviewCoverageControl }),
    ).toEqual([]);
  });
});
