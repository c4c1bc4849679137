/**
 * The control chart of a metric's weekly series, as the API answers it. The
 * chart kind, limits, rules and their false-alarm rates are chosen by the
 * calibration described in docs/spc.md.
 */

/** @public */
export type WesternElectricRule =
  | 'beyond-3-sigma'
  | 'two-of-three-beyond-2-sigma'
  | 'four-of-five-beyond-1-sigma'
  | 'eight-on-one-side';

/**
 * A rule that can raise a signal: the four Western Electric rules (rule 1 is
 * `beyond-3-sigma`, textbook limits), `beyond-limit` (one week beyond the
 * chart's calibrated probability limit) and `cusum` (a one-sided cumulative
 * sum of the log-likelihood ratio crossing its decision interval).
 * @public
 */
export type ControlRule = WesternElectricRule | 'beyond-limit' | 'cusum';

/** @public */
export interface ControlSignal {
  rule: ControlRule;
  /** Start of the week at which the rule's run begins. */
  start: string;
  /** Start of the week at which the rule fired (the episode's last week). */
  end: string;
  side: 'above' | 'below';
  description: string;
  /**
   * How strong the evidence is: the rule's statistic over its threshold at
   * the episode's strongest week (1 at the threshold). For `beyond-limit`,
   * log(tail probability) / log(the limit's probability); for `cusum`, the
   * sum over the decision interval. Absent for the Western Electric rules.
   */
  strength?: number;
}

/**
 * A period of a chart with limits of its own: the default one from the
 * series' first weeks, or one started by a person or by the configured rule
 * after a confirmed shift.
 * @public
 */
export interface BaselinePeriod {
  /** Start of the period's first week. */
  from: string;
  /** Start of the week after its last week; null while it lasts. */
  to: string | null;
  /** The weeks (from `from`) whose data gave the limits. */
  baselineWeeks: number;
  /** Centre line of the period; null while it has too few weeks for limits. */
  center: number | null;
  source: 'default' | 'manual' | 'rule';
  reason?: string;
  startedBy?: string;
  startedAt?: string;
}

/** The cumulative sum of a chart, as drawn beside it. @public */
export interface CusumTrace {
  /** The side the sum watches: the metric's worse direction. */
  side: 'above' | 'below';
  /** The shift it is tuned to find, as a factor of the in-control level (2: a doubling). */
  shift: number;
  /** The decision interval h: a sum above it signals. */
  threshold: number;
  /** The sum after each week of the series; null where the week has no data or no limits. */
  values: Array<number | null>;
}

/** @public */
export interface ControlChart {
  /**
   * `p`: a proportion (binomial); `np`: a count of days out of a week's 7
   * (binomial); `u`: a rate of events per unit (Poisson);
   * `xmr`: individual values and moving ranges; `median`: the weekly median
   * of a duration, charted on a log scale with limits that follow the week's
   * sample size.
   */
  chart: 'u' | 'p' | 'np' | 'xmr' | 'median';
  /**
   * How the limits were computed: `three-sigma` (the textbook normal
   * approximation), `exact` (quantiles of the binomial or Poisson
   * distribution at the chart's false-alarm probability) or `normal` (normal
   * quantiles on the transformed scale). Absent: `three-sigma`.
   */
  method?: 'three-sigma' | 'exact' | 'normal';
  /** The transform the limits were computed on (`log` for durations); the values stay in the metric's unit. */
  transform?: 'log';
  center: number;
  /** Upper limit; for u- and p-charts the limit of the latest week. */
  ucl: number;
  lcl: number;
  /**
   * Per-point limits (they vary with each week's sample size and with the
   * baseline period); null for a week without a point (no data, too small a
   * sample, or a period still gathering its baseline).
   */
  limits: Array<{
    start: string;
    ucl: number;
    lcl: number;
    center?: number;
  } | null>;
  baselineWeeks: number;
  signals: ControlSignal[];
  /** The rules that can raise a signal on this chart; empty when its signals are off. */
  rules?: ControlRule[];
  /** Why this chart raises no signal of its own, e.g. a metric derived from other charts. */
  signalsOff?: string;
  /**
   * The chart's false alarms on a stable process: the design's bound per
   * year, and the sentence the UI shows.
   */
  falseAlarms?: { perYear: number; text: string };
  /** The baseline periods, oldest first. */
  baselines?: BaselinePeriod[];
  /** Start of the current, partial week: drawn, never signalling. */
  partialFrom?: string;
  cusum?: CusumTrace;
}

/**
 * A baseline started by a person: from the week of `from` on, the charts of
 * `metric` (every metric when null) take their limits from the new period.
 * @public
 */
export interface BaselineRecord {
  id: number;
  entityRef: string;
  metric: string | null;
  /** Start of the period's first week (a Monday, 00:00 UTC). */
  from: string;
  reason: string;
  startedBy: string;
  startedAt: string;
}

/** Body of `POST /baselines/entity/{kind}/{namespace}/{name}`. @public */
export interface StartBaselineRequest {
  /** A metric id; omitted: every metric of the entity. */
  metric?: string;
  /** Any time in the first week of the new period. */
  from: string;
  reason: string;
}

/** @public */
export interface BaselinesResponse {
  entityRef: string;
  baselines: BaselineRecord[];
}
