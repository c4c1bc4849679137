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

/** The largest time value a Date holds (ECMA-262 TimeClip). */
const MAX_TIME = 8.64e15;
/** Memo sizes: far more days and instants than a recompute formats. */
const MEMO_SIZE = 8192;

const days = new Map<number, string>();

/**
 * UTC calendar day (YYYY-MM-DD) of `ms`, memoized by day: a recompute
 * formats the day of every deployment, and Date#toISOString is slow.
 */
export function dayOf(ms: number): string {
  // The day of the instant a Date holds (it truncates `ms`); outside its
  // range (or NaN) toISOString throws, as before.
  const t = Math.trunc(ms);
  if (!(Math.abs(t) <= MAX_TIME))
    return new Date(ms).toISOString().slice(0, 10);
  const day = Math.floor(t / DAY_MS);
  let text = days.get(day);
  if (text === undefined) {
    text = new Date(ms).toISOString().slice(0, 10);
    if (days.size >= MEMO_SIZE) days.clear();
    days.set(day, text);
  }
  return text;
}

const instants = new Map<number, string>();

/**
 * `new Date(ms).toISOString()`, memoized: a scorecard formats the same few
 * week starts thousands of times (series, limits, episodes).
 */
export function isoWeek(ms: number): string {
  let text = instants.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (instants.size >= MEMO_SIZE) instants.clear();
    instants.set(ms, text);
  }
  return text;
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
