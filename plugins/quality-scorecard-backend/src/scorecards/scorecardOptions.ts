import { createHash } from 'crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import type { EngineOptions } from '../engine/weeklyStats';
import type { AggregateOptions } from '../engine/aggregate';
import type { CompiledPolicy } from '../engine/policy';
import { Weeks, Window, weeksOf } from '../engine/scorecardDocument';
import type { BaselineStart } from '../engine/spc/calibrated';
import type { BaselineStore } from '../baselines/BaselineStore';
import { baselineStartsOf } from '../baselines/BaselineService';
import type { RecomputeWorkers } from '../recompute/RecomputeWorkers';

/** How scorecards are computed, stored and read: shared by the recompute (write) and the reader. */
export interface ScorecardServiceOptions {
  engine: EngineOptions;
  /** Every configured AI-code review policy; each entity gets those its filter selects. */
  policies?: CompiledPolicy[];
  aggregate: AggregateOptions;
  seriesWeeks: number;
  /** Weeks before the series that charts' first baselines also take (metrics.baselineHistoryWeeks). */
  historyWeeks?: number;
  /**
   * Incremental recompute: how many weeks before the earliest touched week
   * are rewritten, and how many weeks before those are read as context.
   */
  contextWeeks?: number;
  /**
   * How long events are kept (retention.events): no recompute rewrites the
   * weeks whose events it may have deleted (src/retention/recomputeFloor.ts).
   */
  eventsRetentionMs?: number;
  /** Scorecards kept in memory while their snapshots are unchanged (default 500). */
  cacheEntries?: number;
  /**
   * Worker threads of the recompute: they compute entities' snapshots from
   * their event rows, and render each recomputed entity's default-window
   * scorecard, which is stored so that reads of that window send stored text.
   * Without them, the recompute computes in this thread and stores no
   * scorecards (every read computes from the snapshots).
   */
  workers?: RecomputeWorkers;
  /** Identifies the plugin version in the key of stored scorecards. */
  version?: string;
  /**
   * Baselines that people started, drawn on the entity's charts (owner
   * roll-ups have none). Adding one bumps the entity's snapshot version, so
   * cached and stored scorecards follow at once.
   */
  baselines?: Pick<BaselineStore, 'listBaselinesOf'>;
  /**
   * Which entities left the catalog (src/lifecycle): the recompute skips
   * them and clears their marks; a return marks them dirty again.
   */
  presence?: { missingAmong(entityRefs: string[]): Promise<Set<string>> };
  /**
   * How long this instance's claim on a batch of dirty entities lasts
   * (default 120 s, `recompute.timeoutSeconds`): another instance takes the
   * batch over once it lapses.
   */
  claimLeaseMs?: number;
  logger: LoggerService;
}

export const digest = (text: string) =>
  createHash('sha1').update(text).digest('base64');

/** The weeks of a window; with `charts`, also the history its control charts' baselines take. */
export function scorecardWeeks(
  options: Pick<ScorecardServiceOptions, 'seriesWeeks' | 'historyWeeks'>,
  window: Window,
  charts = false,
): Weeks {
  const w = weeksOf(
    window,
    options.seriesWeeks,
    charts ? options.historyWeeks ?? 0 : 0,
  );
  // A window that ends in the future leaves the current week partial.
  return { ...w, completeBefore: Math.min(w.completeBefore, Date.now()) };
}

/** Each entity's baselines as the charts take them; read after the snapshot versions. */
export async function baselinesOf(
  options: Pick<ScorecardServiceOptions, 'baselines'>,
  entityRefs: string[],
): Promise<Map<string, BaselineStart[]>> {
  const out = new Map<string, BaselineStart[]>();
  if (!options.baselines || entityRefs.length === 0) return out;
  const stored = await options.baselines.listBaselinesOf(entityRefs);
  for (const [ref, list] of stored) out.set(ref, baselineStartsOf(list));
  return out;
}
