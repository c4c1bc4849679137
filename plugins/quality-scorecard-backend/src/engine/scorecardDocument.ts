/*
 * The scorecard of an entity or owner from its stored weekly snapshots: pure
 * (no knex, no clock), so that the recompute can render the default window's
 * scorecard in a worker thread while it goes on with the next entities.
 */
import type { ScorecardResponse } from '@shewhart/plugin-quality-scorecard-common';
import type { SnapshotRow } from './model';
import type { WeekStats } from './weeklyStats';
import { AggregateOptions, scorecardMetrics } from './aggregate';
import { poolByWeek, totalOver } from './pooling';
import { aiComparison } from './headline';
import type { BaselineStart } from './spc/calibrated';
import { WEEK_MS, weekStartOf, weeksBetween } from './time';

export interface Window {
  from: number;
  to: number;
}

export interface Weeks {
  firstWeek: number;
  endWeek: number;
  windowWeeks: number[];
  previousWeeks: number[];
  seriesWeeks: number[];
  readFrom: number;
  /** The window's end: a week ending after it is partial and never signals. */
  completeBefore: number;
  /** Weeks before the series whose data the charts' first baseline also takes. */
  historyWeeks: number[];
}

export interface ParsedRow {
  entityRef: string;
  weekStart: number;
  stats: WeekStats;
  demo: boolean;
  computedAt: number;
}

/** The length of the default window: the 28 days ending now. */
const DEFAULT_WINDOW_DAYS = 28;

export const defaultWindow = (now: number): Window => ({
  from: now - DEFAULT_WINDOW_DAYS * 86_400_000,
  to: now,
});

export const parseSnapshots = (rows: SnapshotRow[]): ParsedRow[] =>
  rows.map(r => ({
    entityRef: r.entityRef,
    weekStart: r.weekStart,
    stats: JSON.parse(r.stats) as WeekStats,
    demo: r.demo,
    computedAt: r.computedAt,
  }));

/** Weeks of a window: every ISO week that starts before `to` and ends after `from`. */
export function weeksOf(
  window: Window,
  seriesWeekCount: number,
  historyWeekCount = 0,
): Weeks {
  const firstWeek = weekStartOf(window.from);
  const endWeek = weekStartOf(window.to - 1) + WEEK_MS;
  const windowWeeks = weeksBetween(firstWeek, endWeek);
  const previousWeeks = weeksBetween(
    firstWeek - windowWeeks.length * WEEK_MS,
    firstWeek,
  );
  const seriesWeeks = weeksBetween(
    endWeek - seriesWeekCount * WEEK_MS,
    endWeek,
  );
  const historyWeeks = weeksBetween(
    seriesWeeks[0] - historyWeekCount * WEEK_MS,
    seriesWeeks[0],
  );
  const readFrom = Math.min(
    previousWeeks[0] ?? firstWeek,
    historyWeeks[0] ?? seriesWeeks[0],
  );
  return {
    firstWeek,
    endWeek,
    windowWeeks,
    previousWeeks,
    seriesWeeks,
    readFrom,
    completeBefore: window.to,
    historyWeeks,
  };
}

export const windowOfWeeks = (w: Weeks) => ({
  from: new Date(w.firstWeek).toISOString(),
  to: new Date(w.endWeek).toISOString(),
});

/** The scorecard of `entityRef` (an entity, or an owner rolling up `entityRefs`). */
export function buildScorecard(options: {
  entityRef: string;
  entityRefs: string[];
  rows: ParsedRow[];
  weeks: Weeks;
  rolledUp: boolean;
  aggregate: AggregateOptions;
  /** The entity's baselines (an owner's roll-up has none). */
  baselines?: BaselineStart[];
}): ScorecardResponse {
  const { entityRef, entityRefs, rows: parsed, weeks: w, rolledUp } = options;
  const pooled = poolByWeek(parsed);
  const demo = parsed.some(r => r.demo);
  const metrics = scorecardMetrics({
    pooled,
    windowWeeks: w.windowWeeks,
    previousWeeks: w.previousWeeks,
    seriesWeeks: w.seriesWeeks,
    aggregate: options.aggregate,
    demo,
    completeBefore: w.completeBefore,
    historyWeeks: w.historyWeeks,
    baselines: options.baselines,
  });
  const total = totalOver(pooled, w.windowWeeks);
  const violations = parsed
    .filter(p => p.weekStart >= w.firstWeek && p.weekStart < w.endWeek)
    .flatMap(p => p.stats.violations.map(v => ({ v, entityRef: p.entityRef })));
  return {
    entityRef,
    window: windowOfWeeks(w),
    ...(rolledUp ? { entities: entityRefs } : {}),
    demo,
    computedAt: parsed.length
      ? new Date(
          parsed.reduce((a, r) => Math.max(a, r.computedAt), 0),
        ).toISOString()
      : null,
    metrics,
    aiPolicy: {
      applicable: total.aiApplicable,
      compliant: total.aiCompliant,
      rate:
        total.aiApplicable > 0 ? total.aiCompliant / total.aiApplicable : null,
      violations: violations
        .sort((a, b) => b.v.mergedAt - a.v.mergedAt)
        .slice(0, 100)
        .map(({ v, entityRef: ref }) => ({
          ...v,
          entityRef: ref,
          mergedAt: new Date(v.mergedAt).toISOString(),
        })),
    },
    aiComparison: aiComparison(pooled, w.windowWeeks),
  };
}
