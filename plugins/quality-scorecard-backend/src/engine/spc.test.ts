import { controlChart, pChartLimits, uChartLimits, westernElectricSignals, xmrLimits } from './spc';
import { WEEK_MS } from './time';

const start0 = Date.parse('2026-06-01T00:00:00Z');
const week = (i: number) => start0 + i * WEEK_MS;
const counts = (pairs: Array<[number, number]>) =>
  pairs.map(([numerator, denominator], i) => ({ start: week(i), value: denominator ? numerator / denominator : null, numerator, denominator }));
const values = (xs: Array<number | null>) => xs.map((value, i) => ({ start: week(i), value }));

describe('control limits (hand-computed)', () => {
  it('p-chart: p̄ = 4/40 = 0.1, σ = √(0.1·0.9/10)', () => {
    const pts = counts([[1, 10], [2, 10], [1, 10], [0, 10], [5, 10]]);
    const limits = pChartLimits(pts, 4)!;
    expect(limits.center).toBe(0.1);
    expect(limits.sigma[0]).toBeCloseTo(0.0948683, 6);
    const chart = controlChart('p', pts, 4)!;
    expect(chart.ucl).toBeCloseTo(0.384605, 6);
    expect(chart.lcl).toBe(0);
    expect(chart.signals.map(s => [s.rule, s.side, s.start.slice(0, 10)])).toEqual([
      ['beyond-3-sigma', 'above', '2026-06-29'],
    ]);
  });

  it('u-chart: ū = 12/80 = 0.15, limits vary with each week’s n', () => {
    const pts = counts([[2, 20], [4, 20], [2, 20], [4, 20], [1, 5]]);
    const limits = uChartLimits(pts, 4)!;
    expect(limits.center).toBe(0.15);
    const chart = controlChart('u', pts, 4)!;
    expect(chart.limits[0]!.ucl).toBeCloseTo(0.15 + 3 * Math.sqrt(0.15 / 20), 10);
    expect(chart.limits[4]!.ucl).toBeCloseTo(0.15 + 3 * Math.sqrt(0.15 / 5), 10);
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

  it('no baseline data: no chart', () => {
    expect(controlChart('p', counts([[0, 0], [0, 0]]), 2)).toBeUndefined();
    expect(controlChart('xmr', values([5]), 1)).toBeUndefined();
  });
});

describe('Western Electric rules', () => {
  // centre 0 and σ 1, so each value is its own z-score
  const limits = (n: number) => ({ center: 0, sigma: Array(n).fill(1) });
  const rules = (xs: Array<number | null>) =>
    westernElectricSignals(values(xs), limits(xs.length)).map(s => [s.rule, s.side, (Date.parse(s.start) - start0) / WEEK_MS, (Date.parse(s.end) - start0) / WEEK_MS]);

  it.each([
    ['one point beyond 3σ', [0, 0, -3.5, 0], [['beyond-3-sigma', 'below', 2, 2]]],
    ['two of three beyond 2σ on one side', [0, 2.5, 0.5, 2.2, 0], [['two-of-three-beyond-2-sigma', 'above', 1, 3]]],
    ['two beyond 2σ on opposite sides is no signal', [2.5, -2.5, 0], []],
    ['four of five beyond 1σ', [1.5, 1.2, 0.3, 1.1, 1.8, 0], [['four-of-five-beyond-1-sigma', 'above', 0, 4]]],
    ['eight in a row on one side, reported once as it extends', [-0.1, -0.2, -0.3, -0.1, -0.5, -0.2, -0.4, -0.1, -0.3, 0.2], [['eight-on-one-side', 'below', 0, 8]]],
    ['seven in a row is no signal', [0.1, 0.2, 0.3, 0.1, 0.5, 0.2, 0.4, -0.1], []],
    ['weeks without data are skipped, not counted as zero', [0.1, null, 0.2, 0.3, 0.1, 0.5, 0.2, 0.4, 0.1], [['eight-on-one-side', 'above', 0, 8]]],
  ])('%s', (_name, xs, expected) => {
    expect(rules(xs as Array<number | null>)).toEqual(expected);
  });

  it('consecutive weeks beyond 3σ are one episode; a gap starts a new one', () => {
    expect(rules([0, 3.5, 4, 3.2, 0, 0, 3.1, 0])).toEqual([
      ['beyond-3-sigma', 'above', 1, 3],
      ['two-of-three-beyond-2-sigma', 'above', 0, 3],
      ['beyond-3-sigma', 'above', 6, 6],
    ]);
  });

  it.each([
    [Array(8).fill(0.5), '8 weeks in a row above the centre line since 2026-06-01'],
    [Array(10).fill(-0.5), '10 weeks in a row below the centre line since 2026-06-01'],
    [[0, 0, 3.5], 'the week of 2026-06-15 above the upper control limit'],
    [[0, -3.5, -4, 0], '2 weeks in a row below the lower control limit from 2026-06-08 to 2026-06-15'],
    [[0, 2.5, 0.5, 2.2], '2 of 3 weeks beyond 2σ above the centre line since 2026-06-08'],
  ])('describes %j in words', (xs, sentence) => {
    const [signal] = westernElectricSignals(values(xs), limits(xs.length));
    expect(signal.description).toBe(sentence);
  });
});
