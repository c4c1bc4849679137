import type { MetricDefinition } from './metrics';
import type { MetricValue } from './api';

/*
 * Metric values in human form, written once for the frontend (tiles, tables,
 * charts) and the backend (notifications, check messages). Only type imports
 * here: the browser test loads this file on its own to format the API's
 * numbers exactly as the UI does.
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** A duration in seconds in human form: "45 min", "5.2 h", "2.5 days". */
export function formatDuration(seconds: number): string {
  if (seconds < HOUR) return `${round(seconds / MINUTE, 0)} min`;
  if (seconds < DAY) return `${round(seconds / HOUR, 1)} h`;
  return `${round(seconds / DAY, 1)} days`;
}

/** A fraction in [0, 1] as a percentage, one decimal below 10%. */
export function formatPercent(value: number): string {
  return `${round(value * 100, Math.abs(value) < 0.1 ? 1 : 0)}%`;
}

/** A metric value with its unit in human form; "—" when undefined. */
export function formatMetricValue(
  definition: Pick<MetricDefinition, 'unit'>,
  value: number | null | undefined,
): string {
  if (value === null || value === undefined) return '—';
  switch (definition.unit) {
    case 'seconds':
      return formatDuration(value);
    case 'ratio':
      return formatPercent(value);
    case 'days-per-week':
      return `${round(value, 1)} days/week`;
    case 'prs-per-author-per-week':
      return `${round(value, 2)} PRs/author/week`;
    case 'incidents-per-pr':
      return `${round(value, 3)} per PR`;
    case 'bugs-per-developer':
      return `${round(value, 2)} per developer`;
    case 'defects-per-million':
      return `${Math.round(value).toLocaleString('en-US')} DPMO`;
    case 'sigma':
      return `${round(value, 2)}σ`;
    default:
      return String(round(value, 2));
  }
}

export type DeltaTone = 'good' | 'bad' | 'neutral';

/** Whether a change is good or bad depends on the metric's direction. */
export function deltaTone(
  definition: Pick<MetricDefinition, 'direction'>,
  delta: number | null | undefined,
): DeltaTone {
  if (delta === null || delta === undefined || delta === 0) return 'neutral';
  const up = delta > 0;
  return up === (definition.direction === 'higher-is-better') ? 'good' : 'bad';
}

/**
 * The change against the previous window, in the metric's unit; a change of
 * a ratio is in percentage points ("+2.8 pp"), not a relative percentage.
 */
export function formatDelta(
  definition: Pick<MetricDefinition, 'unit'>,
  metric: Pick<MetricValue, 'delta'>,
): string {
  if (metric.delta === null || metric.delta === undefined) return '';
  let sign = '±';
  if (metric.delta > 0) sign = '+';
  if (metric.delta < 0) sign = '−';
  const size = Math.abs(metric.delta);
  if (definition.unit === 'ratio') {
    return `${sign}${round(size * 100, size < 0.1 ? 1 : 0)} pp`;
  }
  return `${sign}${formatMetricValue(definition, size)}`;
}
