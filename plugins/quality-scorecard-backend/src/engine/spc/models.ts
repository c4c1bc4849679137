/**
 * The statistical models behind the calibrated charts. Each fits the in-control
 * level from a period's baseline weeks and then answers, for any week, its
 * probability limits, the evidence for a signal and the step of a CUSUM on the
 * log-likelihood ratio. Montgomery, *Introduction to Statistical Quality
 * Control* (8th ed.), §7.2.3 and §7.3 (probability limits for attributes),
 * §9.1 (the CUSUM); docs/spc.md explains each choice.
 */
import stdlibBinomialQuantile from '@stdlib/stats-base-dists-binomial-quantile';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import stdlibPoissonQuantile from '@stdlib/stats-base-dists-poisson-quantile';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

// stdlib answers -0 for a zero quantile; limits are plain 0.
const binomialQuantile = (p: number, n: number, prob: number) =>
  stdlibBinomialQuantile(p, n, prob) + 0;
const poissonQuantile = (p: number, mean: number) =>
  stdlibPoissonQuantile(p, mean) + 0;

/** One week as a chart sees it. */
export interface ObservedWeek {
  start: number;
  /** The value drawn (the metric's weekly value). */
  value: number | null;
  /** Events counted (failures, incidents, bugs, …). */
  count?: number;
  /** Trials (binomial) or units of exposure (Poisson). */
  exposure?: number;
  /** Durations, seconds. */
  samples?: number[];
}

export type ChartModel =
  /** x of n trials; `trialsPerWeek` fixes n (deployment days out of 7) and draws the count. */
  | { kind: 'binomial'; trialsPerWeek?: number }
  /**
   * x events over `exposure` units; `perWeek`: the events are counted per
   * week whatever the exposure, which only scales the value drawn (bugs per
   * active developer: bugs do not come from the week's authors).
   */
  | { kind: 'poisson'; perWeek?: boolean }
  /** The weekly median of durations, on a log scale; fewer samples than `minWeekSample`: no point. */
  | { kind: 'log-median'; minWeekSample: number }
  /** Individual values (Wheeler's XmR) with the chart's probability in place of 3σ. */
  | { kind: 'individuals' };

/** Limits of one week, in the metric's unit. */
export interface WeekLimits {
  center: number;
  ucl: number;
  lcl: number;
}

/** A model fitted to a baseline: what it says of any week. */
export interface FittedModel {
  /** The in-control level in the metric's unit. */
  center: number;
  /** Whether the week has a point (enough sample) to be judged. */
  judged(week: ObservedWeek): boolean;
  limits(week: ObservedWeek): WeekLimits;
  /**
   * The side the week lies beyond its limits and how strong that is
   * (log tail probability over log α; ≥ 1 beyond), or undefined within.
   */
  beyond(
    week: ObservedWeek,
  ): { side: 'above' | 'below'; strength: number } | undefined;
  /** The week's step of the log-likelihood ratio of a shift to `factor` times the level. */
  llr(week: ObservedWeek, factor: number): number;
  /** A z-score for the Western Electric run rules. */
  z(week: ObservedWeek): number;
}

export interface FitOptions {
  /** The probability of a false signal beyond each limit in one week. */
  alphaPerSide: number;
  /** The fewest baseline weeks with a point for a fit. */
  minBaselineWeeks: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * log(tail) / log(α), capped: a tail below double precision (15 incidents
 * where 0.05 were expected) is as strong as it gets, not Infinity (which
 * JSON would carry as null).
 */
const MAX_STRENGTH = 100;
export const strengthOf = (tail: number, alpha: number) =>
  tail > 0
    ? Math.min(MAX_STRENGTH, Math.log(tail) / Math.log(alpha))
    : MAX_STRENGTH;

/**
 * The in-control rate from the baseline's counts, with half an event added to
 * the count and one unit to the exposure, so a baseline without a single event
 * (common for reverts or incidents) does not set a limit of zero that the
 * first event would cross.
 */
export const shrunkRate = (count: number, exposure: number) =>
  (count + 0.5) / (exposure + 1);

function fitBinomial(
  model: { trialsPerWeek?: number },
  baseline: ObservedWeek[],
  options: FitOptions,
): FittedModel | undefined {
  // Deployment days come with exposure 7, or 0 for a week without data.
  const trials = (w: ObservedWeek) => w.exposure ?? 0;
  const usable = baseline.filter(w => trials(w) > 0 && w.count !== undefined);
  if (usable.length < options.minBaselineWeeks) return undefined;
  const p0 = shrunkRate(
    sum(usable.map(w => w.count!)),
    sum(usable.map(trials)),
  );
  const a = options.alphaPerSide;
  // The drawn value is the count (deployment days) or the proportion.
  const scale = (w: ObservedWeek) => (model.trialsPerWeek ? 1 : 1 / trials(w));
  const oddsShift = (factor: number) => (factor * p0) / (1 - p0 + factor * p0);
  // Quantiles by number of trials: weeks repeat the same few n.
  const bounds = new Map<number, { upper: number; lower: number }>();
  const boundsOf = (n: number) => {
    let b = bounds.get(n);
    if (!b) {
      b = {
        upper: binomialQuantile(1 - a, n, p0),
        lower: binomialQuantile(a, n, p0),
      };
      bounds.set(n, b);
    }
    return b;
  };
  return {
    center: model.trialsPerWeek ? p0 * model.trialsPerWeek : p0,
    judged: w => trials(w) > 0 && w.count !== undefined,
    limits: w => {
      const n = trials(w);
      const { upper, lower } = boundsOf(n);
      return {
        center: p0 * n * scale(w),
        ucl: upper * scale(w),
        lcl: lower * scale(w),
      };
    },
    beyond: w => {
      const n = trials(w);
      const x = w.count!;
      const { upper, lower } = boundsOf(n);
      if (x > upper) {
        // P(X ≥ x) as the lower tail of the failures' complement: no 1 − cdf cancellation.
        const tail = binomialCdf(n - x, n, 1 - p0);
        return { side: 'above', strength: strengthOf(tail, a) };
      }
      if (x < lower) {
        return {
          side: 'below',
          strength: strengthOf(binomialCdf(x, n, p0), a),
        };
      }
      return undefined;
    },
    llr: (w, factor) => {
      // A shift of the odds by `factor` (≈ the rate's factor while it is small).
      const p1 = oddsShift(factor);
      const x = w.count!;
      return (
        x * Math.log(p1 / p0) + (trials(w) - x) * Math.log((1 - p1) / (1 - p0))
      );
    },
    z: w => {
      const n = trials(w);
      return (w.count! - n * p0) / Math.sqrt(n * p0 * (1 - p0));
    },
  };
}

function fitPoisson(
  model: { perWeek?: boolean },
  baseline: ObservedWeek[],
  options: FitOptions,
): FittedModel | undefined {
  const units = (w: ObservedWeek) => (model.perWeek ? 1 : w.exposure!);
  const usable = baseline.filter(w => (w.exposure ?? 0) > 0);
  if (usable.length < options.minBaselineWeeks) return undefined;
  const rate = shrunkRate(
    sum(usable.map(w => w.count ?? 0)),
    sum(usable.map(units)),
  );
  const a = options.alphaPerSide;
  const mean = (w: ObservedWeek) => rate * units(w);
  // The value drawn is count / exposure.
  const toValue = (w: ObservedWeek, count: number) => count / w.exposure!;
  const bounds = new Map<number, { upper: number; lower: number }>();
  const boundsOf = (m: number) => {
    let b = bounds.get(m);
    if (!b) {
      b = { upper: poissonQuantile(1 - a, m), lower: poissonQuantile(a, m) };
      bounds.set(m, b);
    }
    return b;
  };
  return {
    center: model.perWeek
      ? rate / (sum(usable.map(w => w.exposure!)) / usable.length)
      : rate,
    judged: w => (w.exposure ?? 0) > 0,
    limits: w => ({
      center: toValue(w, mean(w)),
      ucl: toValue(w, boundsOf(mean(w)).upper),
      lcl: toValue(w, boundsOf(mean(w)).lower),
    }),
    beyond: w => {
      const x = w.count ?? 0;
      const m = mean(w);
      const { upper, lower } = boundsOf(m);
      if (x > upper) {
        const tail = 1 - poissonCdf(x - 1, m);
        return { side: 'above', strength: strengthOf(tail, a) };
      }
      if (x < lower) {
        return { side: 'below', strength: strengthOf(poissonCdf(x, m), a) };
      }
      return undefined;
    },
    llr: (w, factor) =>
      (w.count ?? 0) * Math.log(factor) - (factor - 1) * mean(w),
    z: w => ((w.count ?? 0) - mean(w)) / Math.sqrt(mean(w)),
  };
}

/**
 * Var(median of n standard normal values), exact for n ≤ 20 (order
 * statistics integrated numerically), π / (2(n + 1)) beyond.
 */
const MEDIAN_VARIANCE = [
  1, 0.5, 0.4487, 0.2977, 0.2868, 0.2123, 0.2104, 0.1657, 0.1661, 0.1357,
  0.1372, 0.1148, 0.1168, 0.0994, 0.1017, 0.0876, 0.09, 0.0782, 0.0808, 0.0706,
];
export const medianVarianceFactor = (n: number) =>
  n <= MEDIAN_VARIANCE.length
    ? MEDIAN_VARIANCE[n - 1]
    : Math.PI / (2 * (n + 1));

function medianOf(sorted: ArrayLike<number>): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** Durations below a second are taken as one second, so the log is finite. */
const logOf = (seconds: number) => Math.log(Math.max(seconds, 1));

const logMedians = new WeakMap<number[], number>();

/** log(weekly median), the statistic of a duration chart (kept per samples array). */
export function logMedian(samples: number[]): number {
  let y = logMedians.get(samples);
  if (y === undefined) {
    y = logOf(medianOf(Float64Array.from(samples).sort()));
    logMedians.set(samples, y);
  }
  return y;
}

function fitLogMedian(
  model: { minWeekSample: number },
  baseline: ObservedWeek[],
  options: FitOptions,
): FittedModel | undefined {
  const enough = (w: ObservedWeek) =>
    (w.samples?.length ?? 0) >= model.minWeekSample;
  const usable = baseline.filter(enough);
  if (usable.length < options.minBaselineWeeks) return undefined;
  // Typed arrays sort numerically without a comparator call per pair.
  const logs = Float64Array.from(usable.flatMap(w => w.samples!), logOf).sort();
  const mu = medianOf(logs);
  // A robust spread (1.4826 · median absolute deviation), since real
  // durations have a heavier tail than the lognormal.
  const mad = medianOf(logs.map(x => Math.abs(x - mu)).sort());
  const sigma2 = Math.max((1.4826 * mad) ** 2, 1e-6);
  // Week-to-week variation beyond sampling (Laney 2002, the p′/u′ charts):
  // the moving ranges of the baseline weeks' z-scores say how much more the
  // weekly medians vary than their sample sizes explain; never less.
  const sampling = (w: ObservedWeek) =>
    Math.sqrt(medianVarianceFactor(w.samples!.length) * sigma2);
  const dispersion = Math.max(
    1,
    movingRangeSigma(
      usable.map(w => (logMedian(w.samples!) - mu) / sampling(w)),
    ),
  );
  const sd = (w: ObservedWeek) => dispersion * sampling(w);
  const zA = predictionQuantile(options.alphaPerSide, usable.length);
  // The CUSUM's steps are scaled as the limits are: by the prediction
  // quantile over the normal one, for the estimated parameters.
  const inflation = zA / normalQuantile(1 - options.alphaPerSide, 0, 1);
  const zOf = (w: ObservedWeek) => (logMedian(w.samples!) - mu) / sd(w);
  return {
    center: Math.exp(mu),
    judged: enough,
    limits: w => ({
      center: Math.exp(mu),
      ucl: Math.exp(mu + zA * sd(w)),
      // Durations are judged at one second at least (logOf), so drawn so too.
      lcl: Math.max(1, Math.exp(mu - zA * sd(w))),
    }),
    beyond: w => {
      const z = zOf(w);
      if (Math.abs(z) <= zA) return undefined;
      return { side: z > 0 ? 'above' : 'below', strength: Math.abs(z) / zA };
    },
    llr: (w, factor) => {
      const delta = Math.log(factor);
      const v = (inflation * sd(w)) ** 2;
      return (delta / v) * (logMedian(w.samples!) - mu - delta / 2);
    },
    z: zOf,
  };
}

function fitIndividuals(
  baseline: ObservedWeek[],
  options: FitOptions,
): FittedModel | undefined {
  const xs = baseline.map(w => w.value).filter((v): v is number => v !== null);
  if (xs.length < Math.max(2, options.minBaselineWeeks)) return undefined;
  const center = sum(xs) / xs.length;
  const sigma = movingRangeSigma(xs);
  const zA = predictionQuantile(options.alphaPerSide, xs.length);
  const zOf = (w: ObservedWeek) =>
    sigma > 0
      ? (w.value! - center) / sigma
      : Math.sign(w.value! - center) * (w.value === center ? 0 : Infinity);
  return {
    center,
    judged: w => w.value !== null,
    limits: () => ({
      center,
      ucl: center + zA * sigma,
      lcl: Math.max(0, center - zA * sigma),
    }),
    beyond: w => {
      const z = zOf(w);
      if (Math.abs(z) <= zA) return undefined;
      return { side: z > 0 ? 'above' : 'below', strength: Math.abs(z) / zA };
    },
    llr: () => 0,
    z: zOf,
  };
}

/**
 * The quantile a normal-scale limit uses when its spread is estimated from m
 * baseline weeks by moving ranges: Student's t with the moving ranges'
 * effective degrees of freedom (about 0.62 (m − 1)), widened by √(1 + 1/m)
 * for the estimated centre — a prediction limit for the next week rather than
 * the textbook z, whose false-alarm rate holds only for known parameters
 * (Jensen et al. 2006, "Effects of parameter estimation on control chart
 * properties"; Montgomery §6.4).
 */
export function predictionQuantile(alphaPerSide: number, m: number): number {
  const dof = Math.max(2, 0.62 * (m - 1));
  return tQuantile(1 - alphaPerSide, dof) * Math.sqrt(1 + 1 / m);
}

/** σ̂ = mR̄ / d₂ (d₂ = 1.128 for ranges of two: Wheeler). */
function movingRangeSigma(xs: number[]): number {
  let ranges = 0;
  for (let i = 1; i < xs.length; i++) ranges += Math.abs(xs[i] - xs[i - 1]);
  return xs.length > 1 ? ranges / (xs.length - 1) / 1.128 : 0;
}

/** Fits a model to a period's baseline weeks; undefined with too few weeks. */
export function fitModel(
  model: ChartModel,
  baseline: ObservedWeek[],
  options: FitOptions,
): FittedModel | undefined {
  switch (model.kind) {
    case 'binomial':
      return fitBinomial(model, baseline, options);
    case 'poisson':
      return fitPoisson(model, baseline, options);
    case 'log-median':
      return fitLogMedian(model, baseline, options);
    default:
      return fitIndividuals(baseline, options);
  }
}
