import type {
  CheckStatus,
  EntitiesChecksResponse,
  QualityFactsResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import { ChecksService } from '../checks/ChecksService';
import { ScorecardReader, Window } from '../scorecards/ScorecardReader';

const DAY = 86_400_000;

/**
 * Bulk reads for integrations (tech-insights facts, benchmarks): window
 * values, levels and check results of many entities with a handful of
 * queries, however many entities are asked for.
 */
export class FactsService {
  constructor(
    private readonly scorecards: ScorecardReader,
    private readonly checks: ChecksService,
  ) {}

  /** The window checks read: `windowDays` (default: the checks' window) ending `now`. */
  window(now: number, windowDays?: number): Window {
    return {
      from: now - (windowDays ?? this.checks.definitions().windowDays) * DAY,
      to: now,
    };
  }

  async facts(
    entityRefs: string[],
    window: Window,
    now: number,
  ): Promise<QualityFactsResponse> {
    const [values, checks] = await Promise.all([
      this.scorecards.windowMetrics(entityRefs, window),
      this.checks.entitiesStatuses(entityRefs, now),
    ]);
    return {
      window: values.window,
      items: values.items.map((v, i) => {
        const c = checks[i];
        const counts: Record<CheckStatus, number> = {
          pass: 0,
          fail: 0,
          exempt: 0,
          'insufficient-data': 0,
        };
        for (const r of c.results) counts[r.status] += 1;
        return {
          entityRef: v.entityRef,
          computedAt:
            v.computedAt === null ? null : new Date(v.computedAt).toISOString(),
          metrics: v.metrics,
          level: c.level,
          checks: counts,
          failing: c.results
            .filter(r => r.status === 'fail')
            .map(r => r.checkId),
        };
      }),
    };
  }

  async entitiesChecks(
    entityRefs: string[],
    now: number,
  ): Promise<EntitiesChecksResponse> {
    const { checks, levels } = this.checks.definitions();
    const rows = await this.checks.entitiesStatuses(entityRefs, now);
    return {
      checks,
      levels,
      items: rows.map(r => ({
        entityRef: r.entityRef,
        level: r.level,
        ...(r.next ? { next: r.next } : {}),
        evaluatedAt:
          r.evaluatedAt === null ? null : new Date(r.evaluatedAt).toISOString(),
        results: r.results,
      })),
    };
  }
}
