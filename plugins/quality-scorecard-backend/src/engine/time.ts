export const DAY_MS = 24 * 3600 * 1000;
export const WEEK_MS = 7 * DAY_MS;

/**
 * Monday 00:00 UTC of the ISO week holding `ms`. Plain arithmetic on UTC
 * days (1970-01-01 was a Thursday): a recompute calls this for every event,
 * and luxon's startOf('week') was 40% of its time. time.test.ts checks it
 * against luxon.
 */
export function weekStartOf(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  const sinceMonday = (((day + 3) % 7) + 7) % 7;
  return (day - sinceMonday) * DAY_MS;
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
  // A typed array sorts numerically without a comparator call per pair.
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}
