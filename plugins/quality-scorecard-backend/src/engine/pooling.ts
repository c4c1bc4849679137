/*
 * Pooling: weekly statistics of several entities (an owner's roll-up) or of
 * several weeks (a window) added into one. Ratios are then Σnumerators /
 * Σdenominators and medians are over the pooled samples (engine/aggregate.ts).
 */
import { WeekStats, emptyWeekStats } from './weeklyStats';
import {
  SharedContribution,
  UNION_FIELDS,
  countSharedOnce,
} from './sharedEvents';

/** Pools entity-week rows into one statistics object per week. */
export function poolByWeek(
  rows: Array<{ weekStart: number; stats: WeekStats }>,
): Map<number, WeekStats> {
  // Accumulates in place: a roll-up pools thousands of rows, and copying the
  // sample arrays on every addition made pooling quadratic.
  const pooled = new Map<
    number,
    {
      stats: WeekStats;
      sets: Map<keyof WeekStats, Set<string>>;
      shared: SharedContribution[];
    }
  >();
  for (const row of rows) {
    let acc = pooled.get(row.weekStart);
    if (!acc) {
      acc = {
        stats: emptyWeekStats(),
        sets: new Map(UNION_FIELDS.map(k => [k, new Set<string>()])),
        shared: [],
      };
      pooled.set(row.weekStart, acc);
    }
    addInto(acc.stats, acc.sets, row.stats);
    if (row.stats.shared) acc.shared.push(...row.stats.shared);
  }
  const out = new Map<number, WeekStats>();
  for (const [week, { stats, sets, shared }] of pooled) {
    for (const [key, set] of sets) (stats as any)[key] = [...set];
    // An event of several entities (monorepos) counts once in a roll-up.
    countSharedOnce(stats, shared);
    out.set(week, stats);
  }
  return out;
}

function addInto(
  target: WeekStats,
  sets: Map<keyof WeekStats, Set<string>>,
  b: WeekStats,
) {
  const t = target as unknown as Record<string, number | unknown[]>;
  for (const key of Object.keys(target) as Array<keyof WeekStats>) {
    const value = b[key] as number | unknown[] | undefined;
    if (value === undefined) continue; // a snapshot written before the field existed
    const set = sets.get(key);
    if (set) {
      for (const x of value as string[]) set.add(x);
    } else if (Array.isArray(value)) {
      const into = t[key] as unknown[];
      for (let i = 0; i < value.length; i++) into.push(value[i]);
    } else {
      t[key] = (t[key] as number) + value;
    }
  }
}

/** The statistics of several weeks added together. */
export function totalOver(
  pooled: Map<number, WeekStats>,
  weeks: number[],
): WeekStats {
  // One week is its own total (callers only read it): charts ask this of
  // every week of the series and its history.
  if (weeks.length === 1) return pooled.get(weeks[0]) ?? emptyWeekStats();
  const rows = weeks.flatMap(w => {
    const stats = pooled.get(w);
    return stats ? [{ weekStart: 0, stats }] : [];
  });
  return poolByWeek(rows).get(0) ?? emptyWeekStats();
}
