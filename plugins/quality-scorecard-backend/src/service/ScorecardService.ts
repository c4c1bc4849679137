import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  OverviewResponse,
  ScorecardResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import { QualityStore } from '../database/QualityStore';
import { computeWeeklyStats, EngineOptions, WeekStats } from '../engine/weeklyStats';
import { AggregateOptions, poolByWeek, scorecardMetrics } from '../engine/aggregate';
import { WEEK_MS, weekStartOf, weeksBetween } from '../engine/time';
import { ownedEntities } from '../engine/rollup';
import { OwnershipService } from './OwnershipService';

export interface ScorecardServiceOptions {
  engine: EngineOptions;
  aggregate: AggregateOptions;
  seriesWeeks: number;
  logger: LoggerService;
}

export interface Window {
  from: number;
  to: number;
}

const HEADLINE = [
  'deployment_frequency',
  'lead_time_for_changes',
  'change_failure_rate',
  'time_to_restore',
  'incidents_per_pr',
  'review_coverage',
  'ai_assisted_share',
  'ai_policy_compliance',
];

/**
 * Recomputes per-entity weekly snapshots (only for dirty entities) and
 * serves scorecards by pooling stored snapshots; reads never recompute.
 */
export class ScorecardService {
  constructor(
    private readonly store: QualityStore,
    private readonly ownership: OwnershipService,
    private readonly options: ScorecardServiceOptions,
  ) {}

  async recomputeEntity(entityRef: string, now: number): Promise<number> {
    const events = await this.store.loadEntityEvents(entityRef, 0);
    const weeks = computeWeeklyStats(events, this.options.engine);
    const rows = [...weeks].map(([weekStart, stats]) => ({
      entityRef,
      weekStart,
      stats: JSON.stringify(stats),
      demo: events.demo,
      computedAt: now,
    }));
    await this.store.replaceSnapshots(entityRef, rows);
    return rows.length;
  }

  /** Drains the dirty list; returns how many entities were recomputed. */
  async recomputeDirty(now: () => number = Date.now): Promise<number> {
    let count = 0;
    for (;;) {
      const dirty = await this.store.listDirty(100);
      if (dirty.length === 0) return count;
      for (const d of dirty) {
        await this.recomputeEntity(d.entityRef, now());
        await this.store.clearDirty(d.entityRef, d.markedAt);
        count += 1;
      }
    }
  }

  /** Weeks of a window: every ISO week that starts before `to` and ends after `from`. */
  private windows(window: Window) {
    const firstWeek = weekStartOf(window.from);
    const endWeek = weekStartOf(window.to - 1) + WEEK_MS;
    const windowWeeks = weeksBetween(firstWeek, endWeek);
    const previousWeeks = weeksBetween(firstWeek - windowWeeks.length * WEEK_MS, firstWeek);
    const seriesWeeks = weeksBetween(endWeek - this.options.seriesWeeks * WEEK_MS, endWeek);
    const readFrom = Math.min(previousWeeks[0] ?? firstWeek, seriesWeeks[0]);
    return { firstWeek, endWeek, windowWeeks, previousWeeks, seriesWeeks, readFrom };
  }

  private async scorecard(entityRef: string, entityRefs: string[], window: Window, rolledUp: boolean): Promise<ScorecardResponse> {
    const w = this.windows(window);
    const rows = await this.store.readSnapshots(entityRefs, w.readFrom, w.endWeek);
    const parsed = rows.map(r => ({
      weekStart: r.weekStart,
      entityRef: r.entityRef,
      stats: JSON.parse(r.stats) as WeekStats,
    }));
    const pooled = poolByWeek(parsed);
    const demo = rows.some(r => r.demo);
    const metrics = scorecardMetrics({
      pooled,
      windowWeeks: w.windowWeeks,
      previousWeeks: w.previousWeeks,
      seriesWeeks: w.seriesWeeks,
      aggregate: this.options.aggregate,
      demo,
    });
    const inWindow = w.windowWeeks.map(week => pooled.get(week)).filter((s): s is WeekStats => !!s);
    const applicable = inWindow.reduce((a, s) => a + s.aiApplicable, 0);
    const compliant = inWindow.reduce((a, s) => a + s.aiCompliant, 0);
    const violations = parsed
      .filter(p => p.weekStart >= w.firstWeek && p.weekStart < w.endWeek)
      .flatMap(p => p.stats.violations.map(v => ({ v, entityRef: p.entityRef })));
    return {
      entityRef,
      window: { from: new Date(w.firstWeek).toISOString(), to: new Date(w.endWeek).toISOString() },
      ...(rolledUp ? { entities: entityRefs } : {}),
      demo,
      computedAt: rows.length ? new Date(Math.max(...rows.map(r => r.computedAt))).toISOString() : null,
      metrics,
      aiPolicy: {
        applicable,
        compliant,
        rate: applicable > 0 ? compliant / applicable : null,
        violations: violations
          .sort((a, b) => b.v.mergedAt - a.v.mergedAt)
          .slice(0, 100)
          .map(({ v, entityRef: ref }) => ({
            ...v,
            entityRef: ref,
            mergedAt: new Date(v.mergedAt).toISOString(),
          })),
      },
    };
  }

  async entityScorecard(entityRef: string, window: Window): Promise<ScorecardResponse> {
    return this.scorecard(entityRef, [entityRef], window, false);
  }

  async ownerScorecard(ownerRef: string, window: Window): Promise<ScorecardResponse> {
    const { graph, groups } = await this.ownership.load();
    const known = groups.some(g => g.ref === ownerRef) || graph.owned.has(ownerRef) || ownerRef.startsWith('user:');
    if (!known) throw new NotFoundError(`No owner ${ownerRef} in the catalog`);
    return this.scorecard(ownerRef, ownedEntities(graph, ownerRef), window, true);
  }

  async overview(window: Window): Promise<OverviewResponse> {
    const { graph, groups } = await this.ownership.load();
    const out: OverviewResponse['groups'] = [];
    for (const group of groups) {
      const entities = ownedEntities(graph, group.ref);
      const card = await this.scorecard(group.ref, entities, window, true);
      out.push({
        entityRef: group.ref,
        title: group.title,
        entities: entities.length,
        metrics: card.metrics
          .filter(m => HEADLINE.includes(m.id))
          .map(({ series: _s, control: _c, ...rest }) => ({ ...rest, series: [] })),
      });
    }
    return { window: { from: new Date(weekStartOf(window.from)).toISOString(), to: new Date(window.to).toISOString() }, groups: out };
  }
}
