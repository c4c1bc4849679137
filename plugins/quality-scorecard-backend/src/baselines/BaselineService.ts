import type {
  BaselineRecord,
  BaselinesResponse,
} from '@shewhart/plugin-quality-scorecard-common';
import type { BaselineStore, StoredBaseline } from './BaselineStore';
import type { BaselineStart } from '../engine/spc/calibrated';
import { weekStartOf } from '../engine/time';

const iso = (ms: number) => new Date(ms).toISOString();

function recordOf(b: StoredBaseline): BaselineRecord {
  return {
    id: b.id,
    entityRef: b.entityRef,
    metric: b.metric,
    from: iso(b.fromWeek),
    reason: b.reason,
    startedBy: b.startedBy,
    startedAt: iso(b.startedAt),
  };
}

/** Stored baselines as the engine's chart periods take them. */
export function baselineStartsOf(stored: StoredBaseline[]): BaselineStart[] {
  return stored.map(b => ({
    metric: b.metric,
    from: b.fromWeek,
    source: 'manual',
    reason: b.reason,
    startedBy: b.startedBy,
    startedAt: b.startedAt,
  }));
}

/** Control-chart baselines that owners start after a confirmed shift. */
export class BaselineService {
  constructor(private readonly store: BaselineStore) {}

  async list(entityRef: string): Promise<BaselinesResponse> {
    const stored = await this.store.listBaselines(entityRef);
    return { entityRef, baselines: stored.map(recordOf) };
  }

  /** Starts a baseline from the week of `from` (any instant in it). */
  async start(options: {
    entityRef: string;
    metric: string | null;
    from: number;
    reason: string;
    startedBy: string;
    now: number;
  }): Promise<BaselineRecord> {
    const stored = await this.store.addBaseline({
      entityRef: options.entityRef,
      metric: options.metric,
      fromWeek: weekStartOf(options.from),
      reason: options.reason,
      startedBy: options.startedBy,
      startedAt: options.now,
    });
    return recordOf(stored);
  }
}
