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

/*
 * Without a locale, numbers read as they always have (plain JavaScript digits,
 * no grouping): the backend's notifications and their tests rely on that.
 * With one, Intl writes the rounded value in that locale's digits, decimal
 * mark and grouping; the unit words stay as they are.
 */

/**
 * A number rounded to at most `digits` decimals; in the locale's form when
 * one is given ("1,234.5" en-US, "1.234,5" de-DE), else as String() writes it.
 */
export function formatNumber(
  value: number,
  digits: number = 2,
  locale?: string,
): string {
  // `|| 0` writes a value rounded to zero from below as "0", not "-0"
  const rounded = round(value, digits) || 0;
  if (locale === undefined) return String(rounded);
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
  }).format(rounded);
}

/**
 * A date (the UTC day of an ISO time): "2026-11-16" without a locale, else
 * the locale's medium date ("Nov 16, 2026" en-US, "16.11.2026" de-DE).
 */
export function formatDate(iso: string, locale?: string): string {
  if (locale === undefined) return iso.slice(0, 10);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

/** A duration in seconds in human form: "45 min", "5.2 h", "2.5 days". */
export function formatDuration(seconds: number, locale?: string): string {
  if (seconds < HOUR) return `${formatNumber(seconds / MINUTE, 0, locale)} min`;
  if (seconds < DAY) return `${formatNumber(seconds / HOUR, 1, locale)} h`;
  return `${formatNumber(seconds / DAY, 1, locale)} days`;
}

/**
 * A fraction in [0, 1] as a percentage, one decimal below 10%; with a locale,
 * in its form of a percentage ("20 %" de-DE).
 */
export function formatPercent(value: number, locale?: string): string {
  const digits = Math.abs(value) < 0.1 ? 1 : 0;
  if (locale === undefined) return `${formatNumber(value * 100, digits)}%`;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: digits,
  }).format((round(value * 100, digits) || 0) / 100);
}

/** A metric value with its unit in human form; "—" when undefined. */
export function formatMetricValue(
  definition: Pick<MetricDefinition, 'unit'>,
  value: number | null | undefined,
  locale?: string,
): string {
  if (value === null || value === undefined) return '—';
  const num = (digits: number) => formatNumber(value, digits, locale);
  switch (definition.unit) {
    case 'seconds':
      return formatDuration(value, locale);
    case 'ratio':
      return formatPercent(value, locale);
    case 'days-per-week':
      return `${num(1)} days/week`;
    case 'prs-per-author-per-week':
      return `${num(2)} PRs/author/week`;
    case 'incidents-per-pr':
      return `${num(3)} per PR`;
    case 'bugs-per-developer':
      return `${num(2)} per developer`;
    case 'defects-per-million':
      // grouped even without a locale: six-digit counts are unreadable bare
      return `${formatNumber(value, 0, locale ?? 'en-US')} DPMO`;
    case 'sigma':
      return `${num(2)}σ`;
    default:
      return num(2);
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
  locale?: string,
): string {
  if (metric.delta === null || metric.delta === undefined) return '';
  let sign = '±';
  if (metric.delta > 0) sign = '+';
  if (metric.delta < 0) sign = '−';
  const size = Math.abs(metric.delta);
  if (definition.unit === 'ratio') {
    return `${sign}${formatNumber(size * 100, size < 0.1 ? 1 : 0, locale)} pp`;
  }
  return `${sign}${formatMetricValue(definition, size, locale)}`;
}
