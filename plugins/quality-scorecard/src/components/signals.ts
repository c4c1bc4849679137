import type {
  ControlSignal,
  MetricDefinition,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { DeltaTone, formatWeek } from './format';
import type { ShownMetric } from './shownMetrics';

/** A control-chart signal in words, and whether the shift is for the better. */
export interface SignalExplanation {
  signal: ControlSignal;
  sentence: string;
  tone: Exclude<DeltaTone, 'neutral'>;
  verdict: string;
}

const RULE_NAMES: Record<ControlSignal['rule'], string> = {
  'beyond-limit': 'beyond a calibrated control limit',
  cusum: 'cumulative sum (CUSUM)',
  'beyond-3-sigma': 'Western Electric rule 1',
  'two-of-three-beyond-2-sigma': 'Western Electric rule 2',
  'four-of-five-beyond-1-sigma': 'Western Electric rule 3',
  'eight-on-one-side': 'Western Electric rule 4',
};

export function ruleName(rule: ControlSignal['rule']): string {
  return RULE_NAMES[rule] ?? rule;
}

/**
 * "8 weeks in a row above the centre line since 2026-08-03", and whether
 * that side of the centre line is the good one for this metric.
 */
export function explainSignal(
  definition: Pick<MetricDefinition, 'direction' | 'title'>,
  signal: ControlSignal,
): SignalExplanation {
  const dated = /\d{4}-\d{2}-\d{2}/.test(signal.description);
  const sentence = dated
    ? signal.description
    : `${signal.description} since ${formatWeek(signal.start)}`;
  const better =
    (signal.side === 'above') === (definition.direction === 'higher-is-better');
  const preferred =
    definition.direction === 'higher-is-better' ? 'higher' : 'lower';
  return {
    signal,
    sentence,
    tone: better ? 'good' : 'bad',
    verdict: better
      ? `a shift for the better (${definition.title.toLowerCase()} is better ${preferred})`
      : `a shift for the worse (${definition.title.toLowerCase()} is better ${preferred})`,
  };
}

/** The start of every week a signal covers, from its first week to the one it fired. */
export function signalWeeks(metric: Pick<MetricValue, 'control' | 'series'>) {
  const weeks = new Set<string>();
  for (const signal of metric.control?.signals ?? []) {
    for (const point of metric.series) {
      if (point.start >= signal.start && point.start <= signal.end) {
        weeks.add(point.start);
      }
    }
  }
  return weeks;
}

/**
 * What the signal helpers read of a metric: the full view's chart and
 * series, or the summary view's signals and the weeks of its values.
 */
export type SignalledMetric =
  | Pick<MetricValue, 'control' | 'series'>
  | Pick<ShownMetric, 'signals' | 'weeks'>;

/** The chart's signals of either view. */
type WithSignals = {
  control?: { signals: ControlSignal[] };
  signals?: ControlSignal[];
};

/** Signals latest first (by the week they fired). */
export function sortedSignals(metric: WithSignals) {
  return [...(metric.control?.signals ?? metric.signals ?? [])].sort(
    (a, b) => b.end.localeCompare(a.end) || b.start.localeCompare(a.start),
  );
}

/** The evidence of a signal: 1 at its rule's threshold, and for rules that do not say. */
export function signalStrength(signal: ControlSignal): number {
  return signal.strength ?? 1;
}

/**
 * Most severe first: a shift for the worse before one for the better, then
 * the stronger evidence, then the latest (by the week it fired).
 */
export function bySeverity(a: SignalExplanation, b: SignalExplanation) {
  return (
    Number(a.tone === 'good') - Number(b.tone === 'good') ||
    signalStrength(b.signal) - signalStrength(a.signal) ||
    b.signal.end.localeCompare(a.signal.end)
  );
}

/**
 * The current signal of a metric that says most about it now: the most
 * severe of those that fired in the last weeks.
 */
export function mostSevereCurrentSignal(
  definition: Pick<MetricDefinition, 'direction' | 'title'>,
  metric: SignalledMetric,
): SignalExplanation | undefined {
  return currentSignals(metric)
    .map(signal => explainSignal(definition, signal))
    .sort(bySeverity)[0];
}

/**
 * Signals that fired in the last `recentWeeks` weeks of the series: the ones
 * that describe the process as it is now, not as it was months ago.
 */
export function currentSignals(
  metric: SignalledMetric,
  recentWeeks = 4,
): ControlSignal[] {
  const weeks =
    'series' in metric ? metric.series.map(p => p.start) : metric.weeks;
  if (weeks.length === 0) return [];
  const since = weeks[Math.max(0, weeks.length - recentWeeks)];
  return sortedSignals(metric).filter(s => s.end >= since);
}
