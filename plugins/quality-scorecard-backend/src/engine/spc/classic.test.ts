import {
  controlChart,
  pChartLimits,
  standardized,
  uChartLimits,
  xmrLimits,
} from './classic';
import { westernElectricSignals } from './westernElectric';
import { WEEK_MS } from '../time';
import { scorecardMetrics } from '../aggregate';
import { WeekStats, emptyWeekStats } from '../weeklyStats';
import { DEFAULT_SIGNAL_SETTINGS } from './designs';

const start0 = Date.parse('2026-06-01T00:00:00Z');
const week = (i: number) => start0 + i * WEEK_MS;
const counts = (pairs: Array<[number, number]>) =>
  pairs.map(([numerator, denominator], i) => ({
    start: week(i),
    value: denominator ? numerator / denominator : null,
    numerator,
    denominator,
  }));
const values = (xs: Array<number | null>) =>
  xs.map((value, i) => ({ start: week(i), value }));

describe('control limits (hand-computed)', () => {
  it('p-chart: p̄ = 4/40 = 0.1, σ = √(0.1·0.9/10)', () => {
    const pts = counts([
      [1, 10],
      [2, 10],
      [1, 10],
      [0, 10],
      [5, 10],
    ]);
    const limits = pChartLimits(pts, 4)!;
    expect(limits.center).toBe(0.1);
    expect(limits.sigma[0]).toBeCloseTo(0.0948683, 6);
    const chart = controlChart('p', pts, 4)!;
    expect(chart.ucl).toBeCloseTo(0.384605, 6);
    expect(chart.lcl).toBe(0);
    expect(
      chart.signals.map(s => [s.rule, s.side, s.start.slice(0, 10)]),
    ).toEqual([['beyond-3-sigma', 'above', '2026-06-29']]);
  });

  it('u-chart: ū = 12/80 = 0.15, limits vary with each week’s n', () => {
    const pts = counts([
      [2, 20],
      [4, 20],
      [2, 20],
      [4, 20],
      [1, 5],
    ]);
    const limits = uChartLimits(pts, 4)!;
    expect(limits.center).toBe(0.15);
    const chart = controlChart('u', pts, 4)!;
    // 0.15 + 3·√(0.15/20) and 0.15 + 3·√(0.15/5)
    expect(chart.limits[0]!.ucl).toBeCloseTo(0.4098076, 6);
    expect(chart.limits[4]!.ucl).toBeCloseTo(0.6696152, 6);
    expect(chart.limits[4]!.lcl).toBe(0);
    expect(chart.signals).toEqual([]);
  });

  it('XmR: X̄ = 11.5, mR̄ = 5/3, limits X̄ ± 2.66·mR̄', () => {
    const pts = values([10, 12, 13, 11]);
    const limits = xmrLimits(pts, 4)!;
    expect(limits.center).toBe(11.5);
    const chart = controlChart('xmr', pts, 4)!;
    expect(chart.ucl).toBeCloseTo(15.933333, 5);
    expect(chart.lcl).toBeCloseTo(7.066667, 5);
  });

  it.each([
    [
      'floored at 0 for a measure that cannot be negative',
      { nonNegative: true },
      0,
    ],
    ['left below 0 otherwise', {}, -16.28],
  ])(
    'XmR lower limit %s: X̄ = 5, mR̄ = 8, X̄ − 2.66·8 = −16.28',
    (_name, options, lcl) => {
      const chart = controlChart('xmr', values([1, 9, 1, 9]), 4, options)!;
      expect(chart.center).toBe(5);
      expect(chart.ucl).toBeCloseTo(26.28, 10);
      expect(chart.lcl).toBeCloseTo(lcl, 10);
      expect(chart.limits.map(l => l!.lcl)).toEqual(Array(4).fill(chart.lcl));
    },
  );

  it('no baseline data: no chart', () => {
    expect(
      controlChart(
        'p',
        counts([
          [0, 0],
          [0, 0],
        ]),
        2,
      ),
    ).toBeUndefined();
    expect(controlChart('xmr', values([5]), 1)).toBeUndefined();
  });
});

describe('Western Electric rules', () => {
  // centre 0 and σ 1, so each value is its own z-score
  const limits = (n: number) => ({ center: 0, sigma: Array(n).fill(1) });
  const rules = (xs: Array<number | null>) =>
    westernElectricSignals(standardized(values(xs), limits(xs.length))).map(
      s => [
        s.rule,
        s.side,
        (Date.parse(s.start) - start0) / WEEK_MS,
        (Date.parse(s.end) - start0) / WEEK_MS,
      ],
    );

  it.each([
    [
      'one point beyond 3σ',
      [0, 0, -3.5, 0],
      [['beyond-3-sigma', 'below', 2, 2]],
    ],
    [
      'two of three beyond 2σ on one side',
      [0, 2.5, 0.5, 2.2, 0],
      [['two-of-three-beyond-2-sigma', 'above', 1, 3]],
    ],
    ['two beyond 2σ on opposite sides is no signal', [2.5, -2.5, 0], []],
    [
      'four of five beyond 1σ',
      [1.5, 1.2, 0.3, 1.1, 1.8, 0],
      [['four-of-five-beyond-1-sigma', 'above', 0, 4]],
    ],
    [
      'two of three beyond 2σ in the first weeks, the third not',
      [2.5, 2.5, 0],
      [['two-of-three-beyond-2-sigma', 'above', 0, 1]],
    ],
    [
      'two of three beyond 2σ below, first and third',
      [-2.5, 0, -2.1, 0, 0],
      [['two-of-three-beyond-2-sigma', 'below', 0, 2]],
    ],
    [
      'four of five beyond 1σ in the first weeks, the fifth not',
      [1.5, 1.5, 1.5, 1.5, 0],
      [['four-of-five-beyond-1-sigma', 'above', 0, 3]],
    ],
    [
      'two of three mid-series: the run starts at its first point beyond',
      [0, 0, 2.5, 2.5, 0, 0],
      [['two-of-three-beyond-2-sigma', 'above', 2, 3]],
    ],
    [
      'three of three beyond 2σ, seen by three windows, reported once',
      [2.5, 2.5, 2.5, 0, 0],
      [['two-of-three-beyond-2-sigma', 'above', 0, 2]],
    ],
    [
      'four of five seen by two windows, reported once',
      [1.5, 1.5, 0, 1.5, 1.5, 1.5, 0, 0],
      [['four-of-five-beyond-1-sigma', 'above', 0, 5]],
    ],
    [
      'two runs apart are two episodes',
      [2.5, 2.5, 0, 0, 0, 2.5, 2.5],
      [
        ['two-of-three-beyond-2-sigma', 'above', 0, 1],
        ['two-of-three-beyond-2-sigma', 'above', 5, 6],
      ],
    ],
    ['exactly 2σ is not beyond 2σ', [2, 2, 0], []],
    ['two points only: no window of three', [2.5, 2.5], []],
    ['three points beyond 1σ of five is no signal', [1.5, 1.5, 0, 1.5, 0], []],
    [
      'eight in a row on one side, reported once as it extends',
      [-0.1, -0.2, -0.3, -0.1, -0.5, -0.2, -0.4, -0.1, -0.3, 0.2],
      [['eight-on-one-side', 'below', 0, 8]],
    ],
    [
      'seven in a row is no signal',
      [0.1, 0.2, 0.3, 0.1, 0.5, 0.2, 0.4, -0.1],
      [],
    ],
    [
      'weeks without data are skipped, not counted as zero',
      [0.1, null, 0.2, 0.3, 0.1, 0.5, 0.2, 0.4, 0.1],
      [['eight-on-one-side', 'above', 0, 8]],
    ],
  ])('%s', (_name, xs, expected) => {
    expect(rules(xs as Array<number | null>)).toEqual(expected);
  });

  it('consecutive weeks beyond 3σ are one episode; a gap starts a new one', () => {
    expect(rules([0, 3.5, 4, 3.2, 0, 0, 3.1, 0])).toEqual([
      ['beyond-3-sigma', 'above', 1, 3],
      ['two-of-three-beyond-2-sigma', 'above', 1, 3],
      ['beyond-3-sigma', 'above', 6, 6],
    ]);
  });

  it.each([
    [
      Array(8).fill(0.5),
      '8 weeks in a row above the centre line since 2026-06-01',
    ],
    [
      Array(10).fill(-0.5),
      '10 weeks in a row below the centre line since 2026-06-01',
    ],
    [[0, 0, 3.5], 'the week of 2026-06-15 above the upper control limit'],
    [
      [0, -3.5, -4, 0],
      '2 weeks in a row below the lower control limit from 2026-06-08 to 2026-06-15',
    ],
    [
      [0, 2.5, 0.5, 2.2],
      '2 of 3 weeks beyond 2σ above the centre line since 2026-06-08',
    ],
    [
      [2.5, 2.5, 0],
      '2 of 3 weeks beyond 2σ above the centre line since 2026-06-01',
    ],
    [
      [0, -1.5, -1.5, -1.5, -1.5, 0],
      '4 of 5 weeks beyond 1σ below the centre line since 2026-06-08',
    ],
  ])('describes %j in words', (xs, sentence) => {
    const [signal] = westernElectricSignals(
      standardized(values(xs), limits(xs.length)),
    );
    expect(signal.description).toBe(sentence);
  });
});

describe('XmR charts of durations in a scorecard', () => {
  // Weekly medians 100, 900, 100, 900 s: X̄ = 500, mR̄ = 800, X̄ ± 2.66·800 = 2628 and −1628, floored at 0.
  it.each([
    ['lead_time_for_changes', 'leadTimes'],
    ['pr_cycle_time', 'cycleTimes'],
    ['time_to_restore', 'restoreTimes'],
  ] as const)('%s: lower limit 0, upper 2628 s', (id, field) => {
    const pooled = new Map<number, WeekStats>();
    [100, 900, 100, 900].forEach((seconds, i) => {
      const stats = emptyWeekStats();
      stats[field] = [seconds];
      pooled.set(week(i), stats);
    });
    const weeks = [0, 1, 2, 3].map(week);
    const metrics = scorecardMetrics({
      pooled,
      windowWeeks: weeks,
      previousWeeks: [],
      seriesWeeks: weeks,
      aggregate: {
        minSampleSize: 0,
        timeToRestoreAggregation: 'median',
        baselineWeeks: 4,
        signals: { ...DEFAULT_SIGNAL_SETTINGS, design: 'classic' },
      },
      demo: false,
    });
    const control = metrics.find(m => m.id === id)!.control!;
    expect(control.center).toBe(500);
    expect(control.ucl).toBeCloseTo(2628, 9);
    expect(control.lcl).toBe(0);
    expect(control.limits.map(l => l!.lcl)).toEqual([0, 0, 0, 0]);
  });
});
