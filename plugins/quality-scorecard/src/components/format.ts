import {
  formatDelta as formatDeltaIn,
  formatDuration as formatDurationIn,
  formatMetricValue as formatMetricValueIn,
  formatPercent as formatPercentIn,
} from '@shewhart/plugin-quality-scorecard-common';
import type {
  Band,
  DeltaTone,
  MetricDefinition,
  MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { userLocale } from './locale';

// Metric values are formatted in -common (the backend's messages use the same
// words); the UI writes their numbers in the reader's locale.
export { deltaTone } from '@shewhart/plugin-quality-scorecard-common';
export type { DeltaTone } from '@shewhart/plugin-quality-scorecard-common';

export const formatDuration = (
  seconds: number,
  locale: string | undefined = userLocale(),
) => formatDurationIn(seconds, locale);

export const formatPercent = (
  value: number,
  locale: string | undefined = userLocale(),
) => formatPercentIn(value, locale);

export const formatMetricValue = (
  definition: Pick<MetricDefinition, 'unit'>,
  value: number | null | undefined,
  locale: string | undefined = userLocale(),
) => formatMetricValueIn(definition, value, locale);

export const formatDelta = (
  definition: Pick<MetricDefinition, 'unit'>,
  metric: Pick<MetricValue, 'delta'>,
  locale: string | undefined = userLocale(),
) => formatDeltaIn(definition, metric, locale);

const DAY_MS = 24 * 3600 * 1000;

/** Whether a DORA band reads as good, bad or in between. */
export function bandTone(band: Band): DeltaTone {
  if (band === 'elite' || band === 'high') return 'good';
  if (band === 'low') return 'bad';
  return 'neutral';
}

/** The date of an ISO time as YYYY-MM-DD (weeks start on Monday, UTC). */
export function formatWeek(iso: string): string {
  return iso.slice(0, 10);
}

/** A week's start as "Nov 16" ("16. Nov." de-DE), for narrow headers and axes. */
export function formatShortWeek(
  iso: string,
  locale: string | undefined = userLocale(),
): string {
  return new Date(iso).toLocaleDateString(locale, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** The window of the last `days` days ending at `now`, as the API takes it. */
export function windowOfDays(
  days: number,
  now: number = Date.now(),
): { from: string; to: string } {
  return {
    from: new Date(now - days * DAY_MS).toISOString(),
    to: new Date(now).toISOString(),
  };
}
