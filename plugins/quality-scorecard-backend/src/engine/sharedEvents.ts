/*
 * Events that belong to several entities (a PR touching two components of a
 * monorepo) are in each entity's statistics; an owner's roll-up, which pools
 * the entities' statistics, must count them once. Each entity-week records
 * what every shared event added to it, and pooling takes the second and later
 * copies of one event back out (docs/monorepos.md).
 */
import type { WeekStats } from './weeklyStats';

/** What one shared event added to one entity-week: counts, and samples appended. */
export interface SharedContribution {
  /** `<sharedKey>@<weekStart>`: one event's part in one week. */
  key: string;
  delta: Record<string, number | unknown[]>;
}

/** Fields pooled as a set union (an author or a day counts once): nothing to take back out. */
export const UNION_FIELDS: ReadonlyArray<keyof WeekStats> = [
  'authors',
  'deployDays',
];

type Measure = Record<string, number>;

function measure(stats: WeekStats): Measure {
  const out: Measure = {};
  for (const [key, value] of Object.entries(stats)) {
    if (key === 'shared' || UNION_FIELDS.includes(key as keyof WeekStats)) {
      continue;
    }
    out[key] = Array.isArray(value) ? value.length : (value as number);
  }
  return out;
}

/**
 * Records, for events with a shared key, what they add to each week they
 * touch. The engine calls `touch` with every week it is about to change and
 * wraps each event's work in `run`.
 */
export class SharedContributionRecorder {
  private key: string | undefined;
  private readonly before = new Map<
    number,
    { stats: WeekStats; measure: Measure }
  >();

  touch(weekStart: number, stats: WeekStats): void {
    if (this.key === undefined || this.before.has(weekStart)) return;
    this.before.set(weekStart, { stats, measure: measure(stats) });
  }

  run(sharedKey: string | undefined, work: () => void): void {
    if (!sharedKey) {
      work();
      return;
    }
    this.key = sharedKey;
    this.before.clear();
    try {
      work();
    } finally {
      for (const [weekStart, { stats, measure: was }] of this.before) {
        const delta: SharedContribution['delta'] = {};
        const s = stats as unknown as Record<string, number | unknown[]>;
        for (const [field, then] of Object.entries(was)) {
          const now = s[field];
          if (Array.isArray(now)) {
            if (now.length > then) delta[field] = now.slice(then);
          } else if (now !== then) {
            delta[field] = now - then;
          }
        }
        if (Object.keys(delta).length) {
          addContribution(stats, `${sharedKey}@${weekStart}`, delta);
        }
      }
      this.key = undefined;
      this.before.clear();
    }
  }
}

/** One contribution per key and entity-week: an event's parts from several passes of the engine add up. */
function addContribution(
  stats: WeekStats,
  key: string,
  delta: SharedContribution['delta'],
) {
  const known = (stats.shared ??= []).find(c => c.key === key);
  if (!known) {
    stats.shared.push({ key, delta });
    return;
  }
  for (const [field, value] of Object.entries(delta)) {
    const was = known.delta[field];
    if (Array.isArray(value)) {
      known.delta[field] = [
        ...((was as unknown[] | undefined) ?? []),
        ...value,
      ];
    } else {
      known.delta[field] = ((was as number | undefined) ?? 0) + value;
    }
  }
}

const sameSample = (a: unknown, b: unknown) =>
  a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));

/**
 * Takes every copy of a shared event after the first back out of pooled
 * statistics (in place) and keeps one contribution per key, so that pooling
 * the result again takes nothing more out.
 */
export function countSharedOnce(
  stats: WeekStats,
  contributions: SharedContribution[],
): void {
  if (!contributions.length) return;
  const s = stats as unknown as Record<string, number | unknown[]>;
  const kept = new Map<string, SharedContribution>();
  for (const c of contributions) {
    if (!kept.has(c.key)) {
      kept.set(c.key, c);
      continue;
    }
    for (const [field, value] of Object.entries(c.delta)) {
      const into = s[field];
      if (into === undefined) continue;
      if (Array.isArray(value) && Array.isArray(into)) {
        for (const sample of value) {
          const at = into.findIndex(x => sameSample(x, sample));
          if (at >= 0) into.splice(at, 1);
        }
      } else if (typeof value === 'number' && typeof into === 'number') {
        s[field] = into - value;
      }
    }
  }
  stats.shared = [...kept.values()];
}
