import type {
  ControlChart,
  ControlSignal,
  WesternElectricRule,
} from '@shewhart/plugin-quality-scorecard-common';

/** One weekly observation: a value and, for u/p charts, its counts. */
export interface ChartPoint {
  start: number;
  value: number | null;
  numerator?: number;
  denominator?: number;
}

interface Limits {
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
function standardize(value: number, center: number, sigma: number): number {
  if (sigma > 0) return (value - center) / sigma;
  return value === center ? 0 : Math.sign(value - center) * Infinity;
}

const LIMITS_BY_KIND = { p: pChartLimits, u: uChartLimits, xmr: xmrLimits };

const day = (iso: string) => iso.slice(0, 10);

/** The sentence a person reads for one signal episode. */
export function describeSignal(
  signal: Pick<ControlSignal, 'rule' | 'side' | 'start' | 'end'>,
  weeks: number,
): string {
  const { rule, side } = signal;
  switch (rule) {
    case 'beyond-3-sigma': {
      const limit = `the ${side === 'above' ? 'upper' : 'lower'} control limit`;
      return weeks === 1
        ? `the week of ${day(signal.start)} ${side} ${limit}`
        : `${weeks} weeks in a row ${side} ${limit} from ${day(
            signal.start,
          )} to ${day(signal.end)}`;
    }
    case 'two-of-three-beyond-2-sigma':
      return `2 of 3 weeks beyond 2σ ${side} the centre line since ${day(
        signal.start,
      )}`;
    case 'four-of-five-beyond-1-sigma':
      return `4 of 5 weeks beyond 1σ ${side} the centre line since ${day(
        signal.start,
      )}`;
    default:
      return `${weeks} weeks in a row ${side} the centre line since ${day(
        signal.start,
      )}`;
  }
}

/**
 * The Western Electric rules over standardized points z = (x − centre)/σ.
 * A run rule fires on every window of consecutive points that holds enough
 * points beyond its limit on one side (from the series' first window on,
 * whichever of the window's points they are), spanning the points that make
 * it so. Firings of one rule on one side that overlap or follow each other
 * week after week are one episode, reported as one signal from its first week
 * to its last.
 */
export function westernElectricSignals(
  points: ChartPoint[],
  limits: Limits,
): ControlSignal[] {
  const usable = points
    .map((p, i) => ({ p, sigma: limits.sigma[i] }))
    .filter(x => x.p.value !== null && x.sigma !== null)
    .map(x => ({
      start: x.p.start,
      z: standardize(x.p.value!, limits.center, x.sigma!),
    }));
  const episodes: Array<{
    rule: WesternElectricRule;
    side: 'above' | 'below';
    from: number;
    to: number;
  }> = [];
  const emit = (
    rule: WesternElectricRule,
    side: 'above' | 'below',
    from: number,
    to: number,
  ) => {
    const last = [...episodes]
      .reverse()
      .find(s => s.rule === rule && s.side === side);
    if (last && last.to >= from - 1) {
      last.from = Math.min(last.from, from);
      last.to = Math.max(last.to, to);
      return;
    }
    episodes.push({ rule, side, from, to });
  };
  /** Fires `rule` when at least `needed` of the `size` points ending at `i` are beyond k·σ. */
  const runRule = (
    rule: WesternElectricRule,
    i: number,
    size: number,
    needed: number,
    k: number,
    sign: 1 | -1,
  ) => {
    if (i < size - 1) return;
    const beyond: number[] = [];
    for (let j = i - size + 1; j <= i; j++)
      if (sign * usable[j].z > k) beyond.push(j);
    if (beyond.length >= needed) {
      emit(
        rule,
        sign === 1 ? 'above' : 'below',
        beyond[0],
        beyond[beyond.length - 1],
      );
    }
  };
  for (let i = 0; i < usable.length; i++) {
    for (const sign of [1, -1] as const) {
      if (sign * usable[i].z > 3)
        emit('beyond-3-sigma', sign === 1 ? 'above' : 'below', i, i);
      runRule('two-of-three-beyond-2-sigma', i, 3, 2, 2, sign);
      runRule('four-of-five-beyond-1-sigma', i, 5, 4, 1, sign);
      runRule('eight-on-one-side', i, 8, 8, 0, sign);
    }
  }
  return episodes.map(e => {
    const signal = {
      rule: e.rule,
      side: e.side,
      start: new Date(usable[e.from].start).toISOString(),
      end: new Date(usable[e.to].start).toISOString(),
    };
    return {
      ...signal,
      description: describeSignal(signal, e.to - e.from + 1),
    };
  });
}

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
    return { start: new Date(p.start).toISOString(), ucl, lcl };
  });
  const latest = [...perPoint].reverse().find(x => x !== null);
  return {
    chart: kind,
    center: limits.center,
    ucl: latest?.ucl ?? limits.center,
    lcl: latest?.lcl ?? limits.center,
    limits: perPoint,
    baselineWeeks,
    signals: westernElectricSignals(points, limits),
  };
}
