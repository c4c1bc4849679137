import { DateTime } from 'luxon';

export const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Monday 00:00 UTC of the ISO week holding `ms`. */
export function weekStartOf(ms: number): number {
  return DateTime.fromMillis(ms, { zone: 'utc' }).startOf('week').toMillis();
}

/** UTC calendar day (YYYY-MM-DD) of `ms`. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isoWeek(ms: number): string {
  return new Date(ms).toISOString();
}

/** Week starts from `fromWeek` (inclusive) to `toWeek` (exclusive). */
export function weeksBetween(fromWeek: number, toWeek: number): number[] {
  const out: number[] = [];
  for (let w = fromWeek; w < toWeek; w += WEEK_MS) {
    out.push(w);
  }
  return out;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}
