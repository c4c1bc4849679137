import type {
  Band,
  DeltaTone,
} from '@shewhart/plugin-quality-scorecard-common';

// Metric values are formatted in -common (the backend's messages use the same words).
export {
  deltaTone,
  formatDelta,
  formatDuration,
  formatMetricValue,
  formatPercent,
} from '@shewhart/plugin-quality-scorecard-common';
export type { DeltaTone } from '@shewhart/plugin-quality-scorecard-common';

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

/** A week's start as "Nov 16", for narrow column headers and axes. */
export function formatShortWeek(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', {
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
