/**
 * The textbook Shewhart charts (the design before calibration, kept as the
 * `classic` signal design): p̄, ū or X̄ ± 3σ from the first baseline weeks,
 * with the four Western Electric rules.
 */
import type { ControlChart } from '@shewhart/plugin-quality-scorecard-common';
import { westernElectricSignals } from './westernElectric';
import { isoWeek } from '../time';

/** One weekly observation: a value and, for u/p charts, its counts. */
export interface ChartPoint {
  start: number;
  value: number | null;
  numerator?: number;
  denominator?: number;
}

export interface Limits {
  center: number;
  sigma: Array<number | null>;
}

/** Σnumerators / Σdenominators over the baseline weeks, or undefined without counts. */
function baselineRate(
  points: ChartPoint[],
  baseline: number,
): number | undefined {
  const base = points.slice(0, baseline).filter(p => (p.denominator ?? 0) > 0);
  const den = base.reduce((a, p) => a + p.denominator!, 0);
  return den === 0
    ? undefined
    : base.reduce((a, p) => a + p.numerator!, 0) / den;
}

/** p-chart: p̄ ± 3√(p̄(1−p̄)/nᵢ), limits clamped to [0, 1]. */
export function pChartLimits(
  points: ChartPoint[],
  baseline: number,
): Limits | undefined {
  const center = baselineRate(points, baseline);
  if (center === undefined) return undefined;
  return {
    center,
    sigma: points.map(p =>
      p.denominator ? Math.sqrt((center * (1 - center)) / p.denominator) : null,
    ),
  };
}

/** u-chart: ū ± 3√(ū/nᵢ), lower limit floored at 0. */
export function uChartLimits(
  points: ChartPoint[],
  baseline: number,
): Limits | undefined {
  const center = baselineRate(points, baseline);
  if (center === undefined) return undefined;
  return {
    center,
    sigma: points.map(p =>
      p.denominator ? Math.sqrt(center / p.denominator) : null,
    ),
  };
}

/** XmR chart: X̄ ± 2.66·mR̄, so σ̂ = mR̄ / 1.128. */
export function xmrLimits(
  points: ChartPoint[],
  baseline: number,
): Limits | undefined {
  const base = points
    .slice(0, baseline)
    .map(p => p.value)
    .filter((v): v is number => v !== null);
  if (base.length < 2) return undefined;
  const center = base.reduce((a, b) => a + b, 0) / base.length;
  let ranges = 0;
  for (let i = 1; i < base.length; i++)
    ranges += Math.abs(base[i] - base[i - 1]);
  const mrBar = ranges / (base.length - 1);
  const sigma = (2.66 * mrBar) / 3;
  return { center, sigma: points.map(p => (p.value === null ? null : sigma)) };
}

/** z-score; with zero spread any departure from the centre is infinitely far. */
export function standardize(
  value: number,
  center: number,
  sigma: number,
): number {
  if (sigma > 0) return (value - center) / sigma;
  return value === center ? 0 : Math.sign(value - center) * Infinity;
}

/** The points that have a value and a σ, as z-scores. */
export function standardized(points: ChartPoint[], limits: Limits) {
  return points.flatMap((p, i) => {
    const sigma = limits.sigma[i];
    return p.value === null || sigma === null
      ? []
      : [{ start: p.start, z: standardize(p.value, limits.center, sigma) }];
  });
}

const LIMITS_BY_KIND = { p: pChartLimits, u: uChartLimits, xmr: xmrLimits };

/**
 * The control chart of a weekly series, or undefined without a usable
 * baseline. u- and p-chart lower limits are floored at 0; an XmR chart's when
 * `nonNegative` says its measure cannot go below 0 (durations, counts).
 */
export function controlChart(
  kind: 'u' | 'p' | 'xmr',
  points: ChartPoint[],
  baselineWeeks: number,
  options: { nonNegative?: boolean } = {},
): ControlChart | undefined {
  const limits = LIMITS_BY_KIND[kind](points, baselineWeeks);
  if (!limits) return undefined;
  const perPoint = points.map((p, i) => {
    const s = limits.sigma[i];
    if (s === null) return null;
    let ucl = limits.center + 3 * s;
    let lcl = limits.center - 3 * s;
    if (kind !== 'xmr' || options.nonNegative) lcl = Math.max(0, lcl);
    if (kind === 'p') ucl = Math.min(1, ucl);
    return { start: isoWeek(p.start), ucl, lcl };
  });
  const latest = [...perPoint].reverse().find(x => x !== null);
  return {
    chart: kind,
    center: limits.center,
    ucl: latest?.ucl ?? limits.center,
    lcl: latest?.lcl ?? limits.center,
    limits: perPoint,
    baselineWeeks,
    signals: westernElectricSignals(standardized(points, limits)),
  };
}
