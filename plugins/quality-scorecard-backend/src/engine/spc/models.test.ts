import { jStat } from 'jstat';
import {
  ObservedWeek,
  fitModel,
  logMedian,
  medianVarianceFactor,
  predictionQuantile,
  shrunkRate,
} from './models';

const weeks = (pairs: Array<[number, number]>): ObservedWeek[] =>
  pairs.map(([count, exposure], i) => ({
    start: i,
    value: exposure ? count / exposure : null,
    count,
    exposure,
  }));

/** The smallest k with F(k) ≥ q, by summing an independent library's pmf. */
function quantileBySum(pmf: (k: number) => number, q: number) {
  let k = 0;
  let cdf = pmf(0);
  while (cdf < q) cdf += pmf(++k);
  return k;
}

describe('exact probability limits', () => {
  // Twelve baseline weeks of 5 deployments with 7 failures: p0 = 7.5 / 61.
  const baseline = weeks(
    Array.from({ length: 12 }, (_, i) => [i < 7 ? 1 : 0, 5]),
  );
  const p0 = 7.5 / 61;

  it.each([
    // n, α per side, upper count limit (hand: F(3) = 0.99858 < 0.999 ≤ F(4))
    [5, 0.001, 4],
    [5, 0.01, 3],
    [20, 0.001, 8],
    [1, 0.001, 1],
  ])(
    'binomial n = %d, α = %d: the upper limit is the count %d',
    (n, alpha, upper) => {
      const model = fitModel({ kind: 'binomial' }, baseline, {
        alphaPerSide: alpha,
        minBaselineWeeks: 6,
      })!;
      expect(model.center).toBeCloseTo(p0, 12);
      const week = { start: 99, value: 0, count: 0, exposure: n };
      expect(model.limits(week).ucl).toBeCloseTo(upper / n, 12);
      // Independently: jStat's binomial pmf.
      expect(quantileBySum(k => jStat.binomial.pdf(k, n, p0), 1 - alpha)).toBe(
        upper,
      );
      // A count above the limit signals, the limit itself does not.
      expect(model.beyond({ ...week, count: upper })).toBeUndefined();
      // One more is beyond it (with n = 1 and a limit of 1 no count is).
      const over = Math.min(upper + 1, n);
      const beyond = model.beyond({ ...week, count: over });
      expect(beyond?.side).toBe(upper < n ? 'above' : undefined);
      expect((beyond?.strength ?? 1) >= 1).toBe(true);
    },
  );

  it.each([
    // mean, α, upper count (hand: Poisson(1.5) F(5) = 0.99554, F(6) = 0.99907)
    [1.5, 0.001, 6],
    [1.5, 0.01, 5],
    [0.3, 0.001, 3],
    [10, 0.0005, 22],
  ])(
    'Poisson mean %d, α = %d: the upper limit is the count %d',
    (mean, alpha, upper) => {
      // One unit of exposure a week: the rate is the weekly mean.
      const base = weeks(Array.from({ length: 10 }, () => [0, 1]));
      base[0].count = mean * 11 - 0.5; // so that (Σx + 0.5) / (Σn + 1) = mean
      const model = fitModel({ kind: 'poisson' }, base, {
        alphaPerSide: alpha,
        minBaselineWeeks: 6,
      })!;
      expect(model.center).toBeCloseTo(mean, 12);
      expect(
        model.limits({ start: 0, value: 0, count: 0, exposure: 1 }).ucl,
      ).toBe(upper);
      expect(quantileBySum(k => jStat.poisson.pdf(k, mean), 1 - alpha)).toBe(
        upper,
      );
    },
  );

  it('counts bugs per week while the value is per developer', () => {
    const base: ObservedWeek[] = Array.from({ length: 10 }, (_, i) => ({
      start: i,
      value: 0,
      count: i < 5 ? 2 : 1,
      exposure: i < 5 ? 4 : 8, // active developers
    }));
    const model = fitModel({ kind: 'poisson', perWeek: true }, base, {
      alphaPerSide: 0.001,
      minBaselineWeeks: 6,
    })!;
    const rate = 15.5 / 11;
    const week = { start: 20, value: 0, count: 0, exposure: 4 };
    expect(model.limits(week).center).toBeCloseTo(rate / 4, 12);
    expect(model.limits({ ...week, exposure: 8 }).center).toBeCloseTo(
      rate / 8,
      12,
    );
  });

  it('a baseline without a single event still has a limit above zero', () => {
    const model = fitModel(
      { kind: 'binomial' },
      weeks(Array(12).fill([0, 20])),
      {
        alphaPerSide: 0.0005,
        minBaselineWeeks: 6,
      },
    )!;
    expect(model.center).toBeCloseTo(shrunkRate(0, 240), 12);
    expect(model.center).toBeCloseTo(0.5 / 241, 12);
    expect(
      model.beyond({ start: 0, value: 0.05, count: 1, exposure: 20 }),
    ).toBeUndefined();
  });

  it('too few baseline weeks with data: no fit', () => {
    const base = weeks([
      [1, 5],
      [0, 0],
      [0, 0],
      [1, 5],
      [0, 5],
    ]);
    expect(
      fitModel({ kind: 'binomial' }, base, {
        alphaPerSide: 0.001,
        minBaselineWeeks: 4,
      }),
    ).toBeUndefined();
    expect(
      fitModel({ kind: 'binomial' }, base, {
        alphaPerSide: 0.001,
        minBaselineWeeks: 3,
      }),
    ).toBeDefined();
  });
});

describe('the CUSUM step (log-likelihood ratio)', () => {
  it('Poisson: x ln r − (r − 1) μ₀', () => {
    const base = weeks(
      Array.from({ length: 10 }, (_, i) => [i < 5 ? 1 : 0, 10]),
    );
    const model = fitModel({ kind: 'poisson' }, base, {
      alphaPerSide: 0.001,
      minBaselineWeeks: 6,
    })!;
    const rate = 5.5 / 101;
    const week = { start: 0, value: 0.3, count: 3, exposure: 10 };
    expect(model.llr(week, 2)).toBeCloseTo(3 * Math.log(2) - 1 * rate * 10, 12);
    expect(model.llr(week, 3)).toBeCloseTo(3 * Math.log(3) - 2 * rate * 10, 12);
  });

  it('binomial: the odds shifted by the factor, x ln(p₁/p₀) + (n − x) ln((1 − p₁)/(1 − p₀))', () => {
    const base = weeks(
      Array.from({ length: 12 }, (_, i) => [i < 7 ? 1 : 0, 5]),
    );
    const model = fitModel({ kind: 'binomial' }, base, {
      alphaPerSide: 0.001,
      minBaselineWeeks: 6,
    })!;
    const p0 = 7.5 / 61;
    const p1 = (3 * p0) / (1 - p0 + 3 * p0);
    const week = { start: 0, value: 0.4, count: 2, exposure: 5 };
    expect(model.llr(week, 3)).toBeCloseTo(
      2 * Math.log(p1 / p0) + 3 * Math.log((1 - p1) / (1 - p0)),
      12,
    );
  });
});

describe('duration charts on a log scale', () => {
  it('the statistic is the log of the weekly median; a second counts as the least', () => {
    expect(logMedian([3600, 60, 7200])).toBeCloseTo(Math.log(3600), 12);
    expect(logMedian([100, 400])).toBeCloseTo(Math.log(250), 12);
    expect(logMedian([0])).toBe(0);
  });

  it.each([
    [1, 1],
    [2, 0.5],
    [3, 0.4487],
    [21, Math.PI / 44],
  ])('Var(median of %d standard normals) = %d', (n, v) => {
    expect(medianVarianceFactor(n)).toBeCloseTo(v, 4);
  });

  it('limits: centre e^μ, spread from the samples and the week’s sample size', () => {
    // Baseline: 8 weeks of the same three durations, 1 h, e h, e² h.
    const h = 3600;
    const samples = [h, Math.E * h, Math.E ** 2 * h];
    const base = Array.from({ length: 8 }, (_, i) => ({
      start: i,
      value: 0,
      samples,
    }));
    const model = fitModel({ kind: 'log-median', minWeekSample: 3 }, base, {
      alphaPerSide: 0.001,
      minBaselineWeeks: 6,
    })!;
    const mu = Math.log(Math.E * h);
    expect(model.center).toBeCloseTo(Math.exp(mu), 6);
    // MAD of the logs is 1, σ = 1.4826; identical weeks: no extra dispersion.
    const sd = Math.sqrt(0.4487) * 1.4826;
    const q = predictionQuantile(0.001, 8);
    const limits = model.limits({ start: 9, value: 0, samples });
    expect(limits.ucl).toBeCloseTo(Math.exp(mu + q * sd), 3);
    expect(limits.lcl).toBeCloseTo(Math.exp(mu - q * sd), 6);
    expect(model.judged({ start: 9, value: 0, samples: [h, h] })).toBe(false);
  });
});

describe('prediction quantiles for estimated limits', () => {
  it.each([
    [0.001, 12],
    [0.0005, 26],
  ])(
    'α = %d, m = %d: Student t with 0.62 (m − 1) degrees of freedom, widened by √(1 + 1/m)',
    (alpha, m) => {
      const expected =
        jStat.studentt.inv(1 - alpha, 0.62 * (m - 1)) * Math.sqrt(1 + 1 / m);
      expect(predictionQuantile(alpha, m)).toBeCloseTo(expected, 6);
    },
  );
});
